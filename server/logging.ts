/**
 * The application's logger: pino, writing JSON lines (for log collectors) or, when the output is
 * a terminal, one readable line per event. Passwords, tokens, keys and session ids are redacted
 * wherever they appear by those names.
 */
import pino, { type Logger } from "pino";

const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  "apiKey",
  "key",
  "password",
  "token",
  "secret",
  "session",
  "sessionId",
  "*.password",
  "*.token",
  "*.secret",
  "*.apiKey",
];

const LEVELS: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

/** Formats one pino JSON line for a person: `21:40:05 WARN  message key=value …`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, ...rest } = entry;
  const when = typeof time === "number" ? new Date(time).toTimeString().slice(0, 8) : "";
  const name = (LEVELS[Number(level)] ?? String(level)).toUpperCase().padEnd(5);
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${when} ${name} ${String(msg ?? "")}${fields ? `  ${fields}` : ""}\n`;
}

/** A logger at `level`; `pretty` writes readable lines instead of JSON. */
export function createLogger(
  level: string,
  options: { pretty?: boolean; write?: (line: string) => void } = {},
): Logger {
  const settings = { level, base: null, redact: { paths: REDACT, censor: "[redacted]" } };
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  if (options.pretty) return pino(settings, { write: (line: string) => write(prettyLine(line)) });
  // pino's own stdout destination is the fast path; a given writer is for tests.
  return options.write ? pino(settings, { write }) : pino(settings);
}
