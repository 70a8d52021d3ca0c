import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alive, cleanUpAfterEach, enginePid, startApp, waitUntil } from "../setup/app-process.js";
import { FIXTURES } from "../setup/helpers.js";

// The real `npm start` as an administrator meets it: one instance per data folder, and what an
// interrupted run leaves behind.

cleanUpAfterEach();
const CORPUS = join(FIXTURES, "corpus-basic");

async function status(url: string, path: string): Promise<number> {
  try {
    return (await fetch(url + path, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return 0;
  }
}

describe("one instance per data folder", () => {
  it("refuses a second start on the same folder with who holds it, and the first keeps serving", async () => {
    const first = await startApp(CORPUS);
    expect(first.url, first.output()).not.toBeNull();
    const second = await startApp(CORPUS, { dataDir: first.dataDir, npm: false });
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain(
      `Another instance of the knowledge base is already running on the data folder ${first.dataDir}`,
    );
    expect(second.output()).toContain(`serving ${first.url!.replace("127.0.0.1", "localhost")}`);
    expect(second.output()).toContain("set DATA_DIR to another folder");
    expect(await status(first.url!, "readyz")).toBe(200);
    expect(alive(first.enginePid)).toBe(true);
    first.child.kill("SIGTERM");
    await first.exit;
  }, 60_000);

  it("takes over the folder of an instance that was killed without warning", async () => {
    const first = await startApp(CORPUS, { npm: false });
    expect(first.url, first.output()).not.toBeNull();
    first.child.kill("SIGKILL");
    await first.exit;
    expect(await waitUntil(() => !alive(first.enginePid), 5_000)).toBe(true);
    const second = await startApp(CORPUS, { dataDir: first.dataDir, npm: false });
    expect(second.url, second.output()).not.toBeNull();
    expect(await status(second.url!, "api/search?q=preservation")).toBe(200);
    second.child.kill("SIGTERM");
    await second.exit;
  }, 60_000);

  it("removes a build index an interrupted publication left behind, at the next start", async () => {
    const first = await startApp(CORPUS, { npm: false });
    expect(first.url, first.output()).not.toBeNull();
    const key = (await readFile(join(first.dataDir, "meili-master-key"), "utf8")).trim();
    const engineUrl = `http://127.0.0.1:${await enginePort(first.dataDir)}`;
    const created = await fetch(`${engineUrl}/indexes`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ uid: "kb__build_leftover", primaryKey: "id" }),
    });
    expect(created.status).toBe(202);
    await waitUntil(
      async () => (await indexes(engineUrl, key)).includes("kb__build_leftover"),
      5_000,
    );
    first.child.kill("SIGTERM");
    await first.exit;

    const again = await startApp(CORPUS, { dataDir: first.dataDir, npm: false });
    expect(again.url, again.output()).not.toBeNull();
    const againEngine = `http://127.0.0.1:${await enginePort(first.dataDir)}`;
    expect(await indexes(againEngine, key)).not.toContain("kb__build_leftover");
    expect(await indexes(againEngine, key)).toContain("kb");
    again.child.kill("SIGTERM");
    await again.exit;
  }, 90_000);
});

async function indexes(url: string, key: string): Promise<string[]> {
  const res = await fetch(`${url}/indexes?limit=100`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  return ((await res.json()) as { results: { uid: string }[] }).results.map((r) => r.uid);
}

/** The engine port of a running app, read from its /proc command line. */
async function enginePort(dataDir: string): Promise<number> {
  const pid = await enginePid(dataDir);
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
  return Number(cmdline[cmdline.indexOf("--http-addr") + 1]?.split(":")[1]);
}
