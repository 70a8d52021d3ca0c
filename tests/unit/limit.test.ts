import { describe, expect, it } from "vitest";
import { createLimit } from "../../server/http/limit.js";

// Large comparisons run at most two at once; the others wait their turn, in order, and a failed
// one gives its turn to the next.

describe("createLimit", () => {
  it("runs at most `concurrency` at once, in order, and goes on after a failure", async () => {
    const limit = createLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, (_, i) =>
      limit(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running -= 1;
        if (i === 1) throw new Error("job 1 fails");
        return i;
      }),
    );
    const settled = Promise.allSettled(jobs);
    for (let round = 0; round < 6; round++) {
      await new Promise((r) => setTimeout(r, 5));
      expect(running).toBeLessThanOrEqual(2);
      release.shift()?.();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
  });
});
