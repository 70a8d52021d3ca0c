/**
 * The fixture corpus with restricted material, in a small git repository: a first public commit,
 * then one adding, for two working groups and for members, sections, a page, a recommendation and
 * follow-up entries that each carry a unique marker word. The access tests look for the markers.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURES } from "./helpers.js";
import { edit, git } from "./history-repo.js";
import { scratchDir } from "./scratch.js";

/**
 * Marker words by who may read them. A test looks for these and never types them: it searches for
 * the probe word beside each (PROBES), so that a page repeating the query is not a false alarm.
 */
export const MARKERS = {
  "wg-alpha": ["alphaquill", "alphapage", "alpharecommend"],
  "wg-beta": ["betamarble", "betafollow"],
  members: ["membersfern"],
} as const;
export const ALL_MARKERS = Object.values(MARKERS).flat();

/** The word to search for to find each marker's document. */
export const PROBES: Record<(typeof ALL_MARKERS)[number], string> = {
  alphaquill: "saffronquay",
  alphapage: "tundrabell",
  alpharecommend: "velvetorchid",
  betamarble: "cobaltheron",
  betafollow: "amberlynx",
  membersfern: "willowcrest",
};

/** The markers a caller with these groups (and at least the member role) may read. */
export function markersFor(groups: string[] | "none" | "all"): string[] {
  if (groups === "none") return [];
  if (groups === "all") return [...ALL_MARKERS];
  return [...MARKERS.members, ...groups.flatMap((g) => MARKERS[g as keyof typeof MARKERS] ?? [])];
}

/** Makes the repository; returns its folder and the corpus folder inside it. */
export async function restrictedRepo(): Promise<{ repo: string; corpus: string }> {
  const repo = await scratchDir("kb-restricted-");
  const corpus = join(repo, "corpus");
  await cp(join(FIXTURES, "corpus-basic"), corpus, { recursive: true });
  await git(repo, ["init", "-q", "-b", "main"]);
  const commit = async (summary: string, date: string) => {
    await git(repo, ["add", "-A"]);
    await git(repo, ["commit", "-q", "-m", summary], date);
  };
  await commit("Fixture corpus: public", "2015-09-01T10:00:00Z");

  // Georgia, Art. 31: a draft analysis for working group alpha.
  await edit(
    join(corpus, "countries/ge.md"),
    "## Article 35 – 24/7 Network",
    `## Article 31 – Mutual assistance regarding accessing of stored computer data

\`\`\`yaml
status: not-implemented
access: [wg-alpha]
as_of: 2016-02-01
sources: [fx-news]
\`\`\`

Draft for the working group: the saffronquay alphaquill procedure has no deadline for answering requests.

## Article 35 – 24/7 Network`,
  );
  // Moldova, Art. 31: an assessment under embargo for working group beta.
  const md = join(corpus, "countries/md.md");
  await writeFile(
    md,
    `${(await readFile(md, "utf8")).trimEnd()}

## Article 31 – Mutual assistance regarding accessing of stored computer data

\`\`\`yaml
status: implemented
access: [wg-beta]
as_of: 2016-02-01
sources: [fx-news]
\`\`\`

Embargoed assessment: the cobaltheron betamarble register answers foreign requests within ten days.
`,
  );
  // Belarus, Art. 31: for every signed-in member.
  const by = join(corpus, "countries/by.md");
  await writeFile(
    by,
    `${(await readFile(by, "utf8")).trimEnd()}

## Article 31 – Mutual assistance regarding accessing of stored computer data

\`\`\`yaml
status: partial
access: members
as_of: 2016-02-01
sources: [fx-news]
\`\`\`

Members' note: the willowcrest membersfern channel is used for requests from abroad.
`,
  );
  // A page of meeting notes for working group alpha.
  await writeFile(
    join(corpus, "wg-alpha-notes.md"),
    `---
type: page
id: wg-alpha-notes
title: Working group alpha, meeting notes
access: [wg-alpha]
as_of: 2016-02-01
sources: [fx-news]
---

# Working group alpha, meeting notes

The group discussed the tundrabell alphapage timetable.
`,
  );
  // A recommendation for working group alpha.
  const recs = join(corpus, "recommendations/fixture.md");
  await writeFile(
    recs,
    `${(await readFile(recs, "utf8")).trimEnd()}

## FX-03 – Set a deadline for answering requests

\`\`\`yaml
articles: [31]
countries: [GE]
topics: [mla]
access: [wg-alpha]
sources: [fx-news]
\`\`\`

Under embargo: the velvetorchid alpharecommend deadline should be set in law.
`,
  );
  // Follow-up for working group beta.
  await writeFile(
    join(corpus, "followup/wg-beta.md"),
    `---
type: followup
access: [wg-beta]
---

| date | recommendation | country | status | event | sources |
| --- | --- | --- | --- | --- | --- |
| 2016-02-01 | FX-01 | MD | in-progress | The amberlynx betafollow draft was sent to the ministry. | fx-news |
`,
  );
  await commit("Working-group material", "2016-02-01T10:00:00Z");
  return { repo, corpus };
}
