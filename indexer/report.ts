/**
 * Problems found in the corpus, each at a file, line and column, collected across all files so
 * an author sees every problem at once.
 */
import type { Point } from "./yaml-block.js";

export interface CorpusMessage {
  path: string;
  line: number;
  column: number;
  message: string;
  rule: string;
}

/** `path:line:column message [rule]`, the form editors and terminals link to. */
export function formatMessage(message: CorpusMessage): string {
  return `${message.path}:${message.line}:${message.column} ${message.message} [${message.rule}]`;
}

/** Collects corpus problems in the order they are found. */
export class CorpusReport {
  readonly messages: CorpusMessage[] = [];

  /** Records a problem at `point` in `path`. */
  error(path: string, point: Point, message: string, rule: string): void {
    this.messages.push({ path, line: point.line, column: point.column, message, rule });
  }

  get ok(): boolean {
    return this.messages.length === 0;
  }

  /** Messages sorted by file, then position. */
  sorted(): CorpusMessage[] {
    return [...this.messages].sort(
      (a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column,
    );
  }
}
