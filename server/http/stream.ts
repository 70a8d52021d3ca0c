/**
 * Answers written as they are read: the comparison's JSON and CSV, a batch of articles at a time.
 * Every country × every article is 15 MB of JSON at 249 countries (more as CSV, which carries the
 * full analyses); as one string, its bytes and the matrix it was made from, it was held whole
 * until the answer was sent.
 */
import type { Response } from "express";

/** About this many characters go to the socket at a time. */
const CHUNK = 64 * 1024;

/** How an answer is written from its batches. */
export interface BatchedAnswer<B> {
  /** Sets the status and headers once the first batch is read; gives the text that comes first. */
  start(): string;
  /** The text of a batch, in pieces (a row each, say): sent whenever they reach CHUNK. */
  pieces(batch: B): Iterable<string>;
  /** The text that comes last, once every batch has been written. */
  end(): string;
}

/**
 * Sends `answer` as `batches` are read. The first batch is read before anything is sent, so that
 * an engine that cannot answer gets its own error and status; a batch that fails later can only
 * cut the answer short (the error is thrown on, once what was written has been handed to the
 * socket, for the error handler to log and close it). A client that reads slowly is waited for
 * (`drain`); one that goes away ends the writing and the reading.
 */
export async function sendInBatches<B>(
  res: Response,
  batches: AsyncGenerator<B, unknown>,
  answer: BatchedAnswer<B>,
): Promise<void> {
  try {
    const first = await batches.next();
    let pending = answer.start();
    // Settles once the last write has been handed to the socket (or the client has gone).
    let flushed: Promise<unknown> = Promise.resolve();
    // One listener for the whole answer, not one per write (hundreds at 249 countries).
    const closed = new Promise((resolve) => res.once("close", resolve));
    // What is made is sent when it reaches CHUNK, and at the end of each batch: the next one
    // may take a while to come. False when the client has gone.
    const send = async (): Promise<boolean> => {
      let more = true;
      flushed = Promise.race([
        new Promise((resolve) => (more = res.write(pending, resolve))),
        closed,
      ]);
      pending = "";
      return more || (await drained(res));
    };
    try {
      for (let next = first; !next.done; next = await batches.next()) {
        for (const piece of answer.pieces(next.value)) {
          pending += piece;
          if (pending.length >= CHUNK && !(await send())) return;
        }
        if (pending.length > 0 && !(await send())) return;
      }
    } catch (error) {
      // The error handler cuts the answer short: what was written reaches the client first
      // (closed at once, the socket could drop what Node.js had not yet handed to it).
      await flushed;
      throw error;
    }
    res.end(pending + answer.end());
  } finally {
    // Stops reading ahead when the client has gone or a batch failed.
    await batches.return(undefined);
  }
}

/** Waits for the response to take more; false when the client has gone. */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
