/**
 * The data folder of an installation: checked for writing before anything else uses it, and
 * home of the bundled engine's master key (created once, mode 0600, validated on every start).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DataDirError } from "./errors.js";

/** Creates `dataDir` if needed and proves that this process can write in it. */
export async function ensureWritable(dataDir: string): Promise<string> {
  const dir = resolve(dataDir);
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "");
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new DataDirError(
      `The data folder ${dir} (DATA_DIR) is not writable (${code}): give this user write access to it, or set DATA_DIR to a folder it can write.`,
    );
  }
  return dir;
}

/** What a master key may hold: printable ASCII without spaces, at least 16 of them. */
const KEY = /^[\x21-\x7e]{16,}$/;

/** Reads the master key kept in `dataDir`, creating it (mode 0600) on first use. */
export async function masterKeyFor(dataDir: string): Promise<string> {
  const file = resolve(dataDir, "meili-master-key");
  await mkdir(dataDir, { recursive: true });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT")
      throw new DataDirError(
        `The master key file ${file} could not be read (${code ?? "error"}): make it a readable file, or delete it to have a new key generated.`,
      );
    const key = randomBytes(32).toString("base64url");
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return key;
  }
  const key = text.replace(/\r?\n$/, "");
  if (!KEY.test(key)) {
    const bad = [...key].findIndex((c) => !/[\x21-\x7e]/.test(c));
    throw new DataDirError(
      bad >= 0
        ? `The master key file ${file} holds a character a key may not contain (position ${bad + 1}): keep only the key on one line, or delete the file to have a new key generated.`
        : `The master key file ${file} holds a key shorter than 16 characters: delete the file to have a new key generated.`,
    );
  }
  if ((await stat(file)).mode & 0o077) await chmod(file, 0o600);
  return key;
}
