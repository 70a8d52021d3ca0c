/**
 * Starts the bundled Meilisearch once per test run, in a temporary folder on a free port, and
 * hands its URL and master key to the tests. With TEST_MEILI_HOST (and TEST_MEILI_MASTER_KEY)
 * set, an already running engine is used instead.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { launchMeilisearch, type LaunchedEngine } from "../../engine/launch.js";

declare module "vitest" {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliMasterKey: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env["TEST_MEILI_HOST"];
  if (external) {
    project.provide("meiliUrl", external);
    project.provide("meiliMasterKey", process.env["TEST_MEILI_MASTER_KEY"] ?? "");
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "kb-test-engine-"));
  let engine: LaunchedEngine | undefined;
  try {
    engine = await launchMeilisearch({
      dataDir: dir,
      startTimeoutMs: 60_000,
      extraArgs: ["--max-indexing-threads", "1", "--max-indexing-memory", "2GiB"],
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide("meiliUrl", engine.url);
  project.provide("meiliMasterKey", engine.masterKey);
  return async () => {
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
