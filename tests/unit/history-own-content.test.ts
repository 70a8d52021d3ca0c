import { cp } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeChange } from "../../server/history/diff.js";
import { createHistoryService, type HistoryService } from "../../server/history/service.js";
import { changeView } from "../../server/routes/history/model.js";
import { FIXTURES } from "../setup/helpers.js";
import { edit, git } from "../setup/history-repo.js";
import { scratchDir } from "../setup/scratch.js";

// A section's history lists the commits that changed the section itself. Commits that change
// only what its documents take from other files (the Convention article's keywords, a cited
// source's title) are not versions of it; a new `as_of` and a changed link are, and say so.

const DAYS = {
  first: "2015-09-01T10:00:00Z",
  elsewhere: "2016-02-01T10:00:00Z",
  checked: "2016-03-01T10:00:00Z",
  link: "2016-04-01T10:00:00Z",
};
let history: HistoryService;

beforeAll(async () => {
  const repo = await scratchDir("kb-own-");
  const corpus = join(repo, "corpus");
  await cp(join(FIXTURES, "corpus-basic"), corpus, { recursive: true });
  await git(repo, ["init", "-q", "-b", "main"]);
  const commit = async (message: string, date: string) => {
    await git(repo, ["add", "-A"]);
    await git(repo, ["commit", "-q", "-m", message], date);
  };
  await commit("First version", DAYS.first);
  // Only what other files' documents take from these: the article's keywords, a source's title.
  await edit(
    join(corpus, "instruments/convention.md"),
    'sources: [fx-treaty]\nelements:\n  - ref: "29.2.a"',
    'sources: [fx-treaty]\nkeywords: [quick freeze]\nelements:\n  - ref: "29.2.a"',
  );
  await edit(join(corpus, "sources.md"), "title: Fixture news item", "title: Fixture news story");
  await commit("Article 29 keywords; a source's title", DAYS.elsewhere);
  const ge = join(corpus, "countries/ge.md");
  await edit(
    ge,
    'status: partial\nprovisions: ["Fixture Code, Art. 136"]\nas_of: 2026-01-15',
    'status: partial\nprovisions: ["Fixture Code, Art. 136"]\nas_of: 2026-02-01',
  );
  await commit("Georgia Art. 29 checked again", DAYS.checked);
  await edit(
    ge,
    "through court orders.",
    "through [court orders](https://law.example.org/orders).",
  );
  await commit("Georgia Art. 29: a link to the orders", DAYS.link);
  history = createHistoryService(corpus);
});

describe("a section's versions", () => {
  it("leave out commits that changed only what the section takes from other files", async () => {
    const md = await history.versions("analysis-md-29");
    expect(md?.map((v) => [v.commit.date.slice(0, 10), v.change.kind])).toEqual([
      ["2015-09-01", "added"],
    ]);
    const ge = await history.versions("analysis-ge-29");
    expect(ge?.map((v) => [v.commit.date.slice(0, 10), v.change.kind])).toEqual([
      ["2016-04-01", "changed"],
      ["2016-03-01", "changed"],
      ["2015-09-01", "added"],
    ]);
    const lastChanged = await history.lastChanged(["analysis-md-29", "analysis-ge-35"]);
    expect(Object.fromEntries(lastChanged)).toEqual({
      "analysis-md-29": "2015-09-01",
      "analysis-ge-35": "2015-09-01",
    });
    // Between the first day and the day of those commits, no section changed.
    const between = await history.between("2015-09-01", "2016-02-01");
    expect(between?.filter((c) => c.doc?.kind === "analysis")).toEqual([]);
  });

  it("say when only the date a section is as of changed", async () => {
    const [link, checked] = (await history.versions("analysis-ge-29"))!;
    expect(checked!.change).toMatchObject({
      asOf: { from: "2026-01-15", to: "2026-02-01" },
      status: null,
      words: null,
      otherDetails: false,
    });
    expect(describeChange(checked!.change, {})).toBe("as of 2026-02-01");
    expect(changeView(checked!)).toMatchObject({
      asOfChange: { from: "2026-01-15", to: "2026-02-01" },
      otherDetails: false,
    });
    // A link's address is not in the text: the version says other details changed.
    expect(link!.change).toMatchObject({ asOf: null, words: null, otherDetails: true });
    expect(describeChange(link!.change, {})).toBe("other details changed");
    const between = await history.between("2016-02-01", "2016-04-01");
    expect(between?.map((c) => [c.doc?.id, c.change.asOf, c.change.otherDetails])).toEqual([
      ["analysis-ge-29", { from: "2026-01-15", to: "2026-02-01" }, false],
    ]);
  });
});
