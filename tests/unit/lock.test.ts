import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InstanceRunningError } from "../../engine/errors.js";
import { lockDataDir } from "../../engine/lock.js";
import { ROOT } from "../setup/helpers.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kb-lock-"));
  dirs.push(dir);
  return dir;
}

describe("the data folder lock", () => {
  it("refuses a second holder and says who holds it, then frees the folder on release", async () => {
    const dir = await dataDir();
    const first = await lockDataDir(dir);
    first.update({ url: "http://localhost:3999/" });
    const refused = await lockDataDir(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InstanceRunningError);
    expect((refused as Error).message).toContain(`pid ${process.pid}`);
    expect((refused as Error).message).toContain("serving http://localhost:3999/");
    expect((refused as Error).message).toContain("set DATA_DIR to another folder");
    await first.release();
    const again = await lockDataDir(dir);
    await again.release();
  });

  it("is free again as soon as its holder is killed without warning", async () => {
    const dir = await dataDir();
    const script = `import { lockDataDir } from "./engine/lock.ts"; await lockDataDir(${JSON.stringify(dir)}); console.log("locked"); setInterval(() => {}, 1000);`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(InstanceRunningError);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const taken = await lockDataDir(dir);
    await taken.release();
  });

  it("does not confuse two different folders", async () => {
    const [a, b] = [await dataDir(), await dataDir()];
    const lockA = await lockDataDir(a);
    const lockB = await lockDataDir(b);
    await Promise.all([lockA.release(), lockB.release()]);
  });
});
