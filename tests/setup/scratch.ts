/**
 * Temporary folders a test module makes and does not remove itself (a repository shared by its
 * tests, an account store): removed when the test process exits.
 */
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

export async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (made.length === 0)
    process.once("exit", () => {
      for (const path of made) rmSync(path, { recursive: true, force: true });
    });
  made.push(dir);
  return dir;
}
