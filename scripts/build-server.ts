/**
 * Builds the web server into one JavaScript file, `dist/server.mjs`, which `npm start` runs (the
 * build runs first, as `prestart`, in about half a second). Compiled code rather than TypeScript
 * compiled at load by tsx: a server at 100 countries peaked at 331–343 MB instead of 382–387.
 * Packages stay in node_modules, not in the file; the paths the server finds from its own file
 * (`new URL("../views/", import.meta.url)`) resolve alike from `server/` and `dist/`, both one
 * folder below the project. Several starts at once (the tests) each write a file of their own and
 * rename it into place, so that none runs half a file. The source map is written beside it but
 * not read by `npm start`: with `--enable-source-maps` a search page cost 5.0–5.1 ms of server
 * CPU against 4.5–4.6 without (not for stack traces: none is formatted on a page's way; the
 * cause is not known); to see stack traces with the TypeScript files' lines, run
 * `NODE_OPTIONS=--enable-source-maps npm start`.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The built server's path. */
export const SERVER_BUNDLE = join(ROOT, "dist", "server.mjs");

/** Builds `dist/server.mjs` (and its source map) from `server/main.ts`. */
export async function buildServer(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, "server", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    packages: "external",
    sourcemap: "linked",
    keepNames: true,
    outfile: SERVER_BUNDLE,
    write: false,
    logLevel: "warning",
  });
  await mkdir(join(ROOT, "dist"), { recursive: true });
  // The map first: a start that finds the new file finds its map too.
  const files = [...result.outputFiles].sort(
    (a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")),
  );
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  return SERVER_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // esbuild has printed each problem as file:line:column; its stack trace would add nothing.
  await buildServer().catch(() => {
    process.exitCode = 1;
  });
}
