/**
 * A log file that never grows without bound: when it passes `maxBytes` it is renamed to `.1`
 * (the older ones shift to `.2`, `.3`…) and a new one starts. The engine writes through this.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";

export interface RotatingLog {
  write(chunk: Buffer | string): void;
  close(): void;
}

/** Opens `path` for appending, rotating at `maxBytes` and keeping `keep` old files. */
export function rotatingLog(path: string, maxBytes = 5 * 1024 * 1024, keep = 3): RotatingLog {
  let fd = openSync(path, "a", 0o600);
  let size = statSync(path).size;
  const rotate = () => {
    closeSync(fd);
    rmSync(`${path}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
    }
    renameSync(path, `${path}.1`);
    fd = openSync(path, "a", 0o600);
    size = 0;
  };
  return {
    write(chunk) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (size > 0 && size + buffer.length > maxBytes) rotate();
      writeSync(fd, buffer);
      size += buffer.length;
    },
    close() {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    },
  };
}
