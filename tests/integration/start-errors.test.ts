import { createServer } from "node:net";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterEach, startApp, tempDir } from "../setup/app-process.js";
import { FIXTURES } from "../setup/helpers.js";

// Each start-up problem a person can meet ends in one plain sentence naming the path or setting
// and the fix, exit code 1, and no stack trace. main.ts runs directly (without npm) for speed.

cleanUpAfterEach();
const CORPUS = join(FIXTURES, "corpus-basic");
const STACK = /\n\s+at [\w<.]/;

async function failedStart(env: Record<string, string>, dataDir?: string) {
  const app = await startApp(CORPUS, { npm: false, env, ...(dataDir ? { dataDir } : {}) });
  const code = await app.exit;
  return { code, output: app.output(), url: app.url };
}

describe("start errors", () => {
  it("names a data folder that cannot be written", async () => {
    const dir = await tempDir("kb-unwritable-");
    const file = join(dir, "a-file");
    await writeFile(file, "");
    const { code, output } = await failedStart({}, join(file, "data"));
    expect(code).toBe(1);
    expect(output).toContain(
      `The data folder ${join(file, "data")} (DATA_DIR) is not writable (ENOTDIR)`,
    );
    expect(output).toContain("set DATA_DIR to a folder it can write");
    expect(output).not.toMatch(STACK);
  }, 30_000);

  it("names a master key file with a stray control character", async () => {
    const dir = await tempDir("kb-badkey-");
    await writeFile(join(dir, "meili-master-key"), "abcdefghij\u0007klmnopqrstuvwxyz\n", {
      mode: 0o600,
    });
    const { code, output } = await failedStart({}, dir);
    expect(code).toBe(1);
    expect(output).toContain(
      `The master key file ${join(dir, "meili-master-key")} holds a character a key may not contain (position 11)`,
    );
    expect(output).not.toContain("Invalid character in header content");
    expect(output).not.toMatch(STACK);
  }, 30_000);

  it("names a master key file that cannot be read", async () => {
    const dir = await tempDir("kb-keydir-");
    await mkdir(join(dir, "meili-master-key"));
    const { code, output } = await failedStart({}, dir);
    expect(code).toBe(1);
    expect(output).toContain(
      `The master key file ${join(dir, "meili-master-key")} could not be read (EISDIR)`,
    );
    expect(output).not.toMatch(STACK);
  }, 30_000);

  it("names a web port that another program holds", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const { code, output } = await failedStart({ PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use by another program`);
      expect(output).toContain("set PORT to a free port");
      expect(output).not.toMatch(STACK);
    } finally {
      holder.close();
    }
  }, 30_000);

  it("says how to rebuild when the engine's data cannot be opened, and --rebuild does it", async () => {
    const dataDir = await tempDir("kb-corrupt-");
    const first = await startApp(CORPUS, { npm: false, dataDir });
    expect(first.url, first.output()).not.toBeNull();
    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    await writeFile(join(dataDir, "meili", "data.ms", "VERSION"), "9.9.9");

    const broken = await failedStart({}, dataDir);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain("Meilisearch could not open its data in");
    expect(broken.output).toContain("npm start -- --rebuild");
    expect(broken.output).toContain("database version (9.9.9)");
    expect(broken.output).not.toMatch(STACK);

    const rebuilt = await startApp(CORPUS, { npm: false, dataDir, args: ["--rebuild"] });
    expect(rebuilt.url, rebuilt.output()).not.toBeNull();
    const res = await fetch(`${rebuilt.url}api/search?q=preservation`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBeGreaterThan(0);
    expect(
      (await readdir(join(dataDir, "meili"))).some((f) => f.startsWith("data.ms.broken-")),
    ).toBe(true);
    rebuilt.child.kill("SIGTERM");
    await rebuilt.exit;
  }, 90_000);
});
