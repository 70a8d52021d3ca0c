/**
 * A text as lines that remember their own line endings, so that replacing some lines keeps every
 * other byte — CRLF or LF, a missing newline at the end — exactly as it was.
 */

/** One line and the line ending that followed it ("" for a last line without one). */
interface Segment {
  text: string;
  eol: string;
}

/** A file's text as lines; line numbers are 1-based, as in corpus messages. */
export class LineText {
  private segments: Segment[];
  /** The ending new lines get: the file's own (CRLF when it has any). */
  readonly eol: string;

  constructor(text: string) {
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
    this.segments = [];
    const re = /\r\n|\n/g;
    let start = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      this.segments.push({ text: text.slice(start, m.index), eol: m[0] });
      start = m.index + m[0].length;
    }
    if (start < text.length || this.segments.length === 0)
      this.segments.push({ text: text.slice(start), eol: "" });
  }

  get count(): number {
    return this.segments.length;
  }

  /** The text of line `n` without its ending ("" past the end). */
  line(n: number): string {
    return this.segments[n - 1]?.text ?? "";
  }

  /** Lines `from`..`to` (inclusive) joined with "\n", without endings. */
  slice(from: number, to: number): string {
    return this.segments
      .slice(from - 1, to)
      .map((s) => s.text)
      .join("\n");
  }

  /**
   * Replaces lines `from`..`to` (inclusive) by `lines`; `to = from - 1` inserts before `from`.
   * The last replaced line keeps its original ending (so a file without a final newline keeps
   * none); new lines get the file's ending.
   */
  replace(from: number, to: number, lines: readonly string[]): void {
    const removed = this.segments.slice(from - 1, to);
    const lastEol = removed.at(-1)?.eol;
    const inserted = lines.map((text, i) => ({
      text,
      eol: i === lines.length - 1 && lastEol !== undefined ? lastEol : this.eol,
    }));
    // Inserting after a last line that had no ending: that line needs one now.
    const before = this.segments[from - 2];
    if (before && before.eol === "" && inserted.length > 0) {
      before.eol = this.eol;
      const last = inserted.at(-1);
      if (last && removed.length === 0) last.eol = "";
    }
    this.segments.splice(from - 1, removed.length, ...inserted);
  }

  toString(): string {
    return this.segments.map((s) => s.text + s.eol).join("");
  }
}

/** Splits text typed into a form into lines (any line ending), trailing spaces removed. */
export function textLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""));
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  return lines;
}
