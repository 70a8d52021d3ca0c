import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog } from "../../server/auth/audit.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const line = (at: string, event: string, actor: string) =>
  `${JSON.stringify({ at, event, actor })}\n`;

describe("the audit log", () => {
  it("knows each actor's last sign-in from the file once, then from what it appends", async () => {
    dir = await mkdtemp(join(tmpdir(), "kb-audit-"));
    const path = join(dir, "audit.log");
    await writeFile(
      path,
      line("2026-01-01T00:00:00.000Z", "sign-in", "a@example.org") +
        line("2026-01-02T00:00:00.000Z", "sign-in-failed", "b@example.org") +
        line("2026-01-03T00:00:00.000Z", "sign-in", "a@example.org") +
        line("2026-01-04T00:00:00.000Z", "sign-out", "a@example.org"),
    );
    const log = auditLog(dir);
    const first = await log.lastSignIns();
    expect([...first]).toEqual([["a@example.org", "2026-01-03T00:00:00.000Z"]]);

    await log.append({ event: "sign-in", actor: "b@example.org", via: "password" });
    await log.append({ event: "sign-in-failed", actor: "c@example.org" });
    // Written by hand after the first read: not seen (only the server signs people in).
    await appendFile(path, line("2026-01-05T00:00:00.000Z", "sign-in", "d@example.org"));
    const after = await log.lastSignIns();
    expect(after.get("a@example.org")).toBe("2026-01-03T00:00:00.000Z");
    const { events } = await log.read(10);
    const appended = events.find((e) => e.actor === "b@example.org" && e.event === "sign-in");
    expect(appended).toBeDefined();
    expect(after.get("b@example.org")).toBe(appended?.at);
    expect(after.has("c@example.org")).toBe(false);
    expect(after.has("d@example.org")).toBe(false);
    // A new reader of the same file sees all of it.
    expect((await auditLog(dir).lastSignIns()).get("d@example.org")).toBe(
      "2026-01-05T00:00:00.000Z",
    );
  });

  it("reads past a line written half (a full disk, a crash) instead of failing", async () => {
    dir = await mkdtemp(join(tmpdir(), "kb-audit-"));
    await writeFile(
      join(dir, "audit.log"),
      line("2026-01-01T00:00:00.000Z", "sign-in", "a@example.org") +
        '{"at":"2026-01-02T00:00:00.000Z","event":"sign-' +
        "\n" +
        line("2026-01-03T00:00:00.000Z", "sign-out", "a@example.org"),
    );
    const { events, total } = await auditLog(dir).read(10);
    expect(total).toBe(2);
    expect(events.map((e) => e.event)).toEqual(["sign-out", "sign-in"]);
  });
});
