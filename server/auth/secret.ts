/** The session secret: SESSION_SECRET, or one generated once and kept in DATA_DIR (mode 0600). */
import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Returns the configured secret, or reads (creating it on first use) DATA_DIR/session-secret. */
export async function sessionSecret(
  dataDir: string,
  configured: string | undefined,
): Promise<string> {
  if (configured) return configured;
  const path = join(dataDir, "session-secret");
  const existing = (await readFile(path, "utf8").catch(() => "")).trim();
  if (existing.length >= 32) return existing;
  const secret = randomBytes(32).toString("base64url");
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return secret;
}
