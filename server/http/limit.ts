/**
 * At most `concurrency` of some work at once; the rest wait their turn, in order. Used where
 * each piece of work holds a lot of memory while it runs (a comparison of every country and
 * article holds the engine's answers and thousands of cells): on two cores running more of them
 * at once finishes none sooner, and holds them all in memory together.
 */
export function createLimit(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
