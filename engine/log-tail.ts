/**
 * The last lines an engine printed, kept for people to read when it fails. The engine writes a
 * line in several pieces at times (an error message arrives as "Your database version (", "9",
 * ".", …), and stdout and stderr interleave: each stream keeps its unfinished line until its
 * newline (or its end) arrives, and a character split across two chunks is decoded whole.
 */
import { StringDecoder } from "node:string_decoder";

// eslint-disable-next-line no-control-regex -- removing terminal escape codes is the point
const COLOUR = /\x1b\[[0-9;]*m/g;

export interface LogTail {
  /** Takes a chunk of one stream's output. */
  feed(stream: string, chunk: Buffer): void;
  /** Keeps every stream's unfinished line as a line (the process ended). */
  flush(): void;
  /** Adds a line of our own (how the process ended). */
  push(line: string): void;
  /** The last `count` lines, joined by newlines. */
  last(count?: number): string;
}

export function logTail(keep = 60): LogTail {
  const lines: string[] = [];
  const partial = new Map<string, { decoder: StringDecoder; text: string }>();
  const add = (line: string) => {
    // The engine colours its console output; the tail is read by people.
    const plain = line.replace(COLOUR, "");
    if (plain.trim()) lines.push(plain);
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  return {
    feed(stream, chunk) {
      let state = partial.get(stream);
      if (!state) {
        state = { decoder: new StringDecoder("utf8"), text: "" };
        partial.set(stream, state);
      }
      const pieces = (state.text + state.decoder.write(chunk)).split("\n");
      state.text = pieces.pop() ?? "";
      for (const piece of pieces) add(piece);
    },
    flush() {
      for (const state of partial.values()) {
        const rest = state.text + state.decoder.end();
        state.text = "";
        add(rest);
      }
    },
    push: add,
    last: (count = 20) => lines.slice(-count).join("\n"),
  };
}
