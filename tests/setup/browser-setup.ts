/**
 * Starts one Chromium for the whole run (a browser server); each browser test file connects to
 * it instead of launching its own. Without Chromium it provides nothing and the browser tests
 * skip themselves (or fail under CI=true, see browser.ts).
 */
import type { TestProject } from "vitest/node";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.js";

declare module "vitest" {
  export interface ProvidedContext {
    browserEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  if (!CHROMIUM) {
    project.provide("browserEndpoint", "");
    return;
  }
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  project.provide("browserEndpoint", server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
