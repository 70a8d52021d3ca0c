/**
 * Temporary folders a test module makes and does not remove itself (a repository shared by its
 * tests, an account store): removed after the test file's last test, and at the latest when the
 * test process exits.
 */
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];

// Imported by a test file as it is collected, so this runs after that file's tests.
afterAll(async () => {
  for (const path of made.splice(0)) await rm(path, { recursive: true, force: true });
});
process.once("exit", () => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

export async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
