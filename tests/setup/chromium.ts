/** Where the system Chromium is, and the flags it needs on these machines. */
import { existsSync } from "node:fs";

const CANDIDATES = [
  process.env["CHROMIUM_PATH"],
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];
export const CHROMIUM = CANDIDATES.find(
  (p): p is string => typeof p === "string" && p !== "" && existsSync(p),
);

/** Without the background-networking flags Chromium tries hosts this closed network refuses. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
