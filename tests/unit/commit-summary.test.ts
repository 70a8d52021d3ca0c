import { describe, expect, it } from "vitest";
import { readableSummary } from "../../server/history/git.js";

describe("a commit's summary as readers see it", () => {
  it("leaves out git's wording of a merge and keeps what follows its colon", () => {
    const cases: [string, string][] = [
      ["Merge branch 'corpus/h20'", ""],
      ["Merge branch 'main' of github.com:org/kb into corpus", ""],
      ["Merge branches 'a' and 'b'", ""],
      ["Merge remote-tracking branch 'origin/main'", ""],
      ["Merge pull request #12 from org/georgia-29", ""],
      ["Merge work/h19: the workplan as corpus data", "the workplan as corpus data"],
      ["Merge corpus/h22b: treaty facts at deposit dates", "treaty facts at deposit dates"],
    ];
    for (const [subject, shown] of cases) expect(readableSummary(subject), subject).toBe(shown);
  });

  it("keeps accepted proposals and ordinary commits as written, a word 'Merge' included", () => {
    for (const subject of [
      "Accept proposal 20261201-abc: Georgia, Art. 29: partly implemented → implemented",
      "Georgia: Article 29 re-assessed after the 2026 law",
      "Merge the two Georgian sections on Article 29",
      "Merge duplicates: Georgia Art. 29",
    ])
      expect(readableSummary(subject)).toBe(subject);
  });
});
