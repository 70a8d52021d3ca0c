import { describe, expect, it } from "vitest";
import { logTail } from "../../engine/log-tail.js";

const feedAll = (tail: ReturnType<typeof logTail>, stream: string, pieces: (string | Buffer)[]) => {
  for (const piece of pieces)
    tail.feed(stream, Buffer.isBuffer(piece) ? piece : Buffer.from(piece));
};

describe("the engine's log tail", () => {
  it("joins a line the engine wrote in pieces, and keeps the streams' lines apart", () => {
    const tail = logTail();
    // As the engine printed it in a CI run: the message in pieces, coloured.
    feedAll(tail, "stderr", ["\x1b[1;31mError: \x1b[0m\nYour database version (", "9", ".", "9"]);
    feedAll(tail, "stdout", ["starting up\n"]);
    feedAll(tail, "stderr", [".9) is incompatible with your current engine version (1.21.0).\n"]);
    tail.push("[engine exited with code 1]");
    expect(tail.last().split("\n")).toEqual([
      "Error: ",
      "starting up",
      "Your database version (9.9.9) is incompatible with your current engine version (1.21.0).",
      "[engine exited with code 1]",
    ]);
  });

  it("decodes a character split across chunks and keeps an unfinished last line at the end", () => {
    const tail = logTail();
    const bytes = Buffer.from("données illisibles");
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    feedAll(tail, "stderr", [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(tail.last()).toBe("");
    tail.flush();
    expect(tail.last()).toBe("données illisibles");
  });

  it("keeps only its last lines", () => {
    const tail = logTail(3);
    feedAll(tail, "stdout", ["1\n2\n3\n4\n5\n"]);
    expect(tail.last()).toBe("3\n4\n5");
    expect(tail.last(2)).toBe("4\n5");
  });
});
