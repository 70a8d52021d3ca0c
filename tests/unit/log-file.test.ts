import { readdir, readFile, stat } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rotatingLog } from "../../engine/log-file.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the engine's log file", () => {
  it("rotates past its size limit and keeps a fixed number of old files", async () => {
    dir = await mkdtemp(join(tmpdir(), "kb-log-"));
    const path = join(dir, "engine.log");
    const log = rotatingLog(path, 1000, 2);
    const line = `${"x".repeat(99)}\n`;
    for (let i = 0; i < 100; i++) log.write(line); // 10 000 bytes through a 1 000-byte file
    log.write("last line\n");
    log.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(["engine.log", "engine.log.1", "engine.log.2"]);
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(1000);
    expect(await readFile(path, "utf8")).toContain("last line");
  });
});
