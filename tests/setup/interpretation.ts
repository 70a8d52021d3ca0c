/**
 * The fixture corpus with interpretation added: the Convention names an Explanatory Report and
 * summarises two of its paragraphs for Article 29; two Guidance Notes concern Articles 18, 16 and
 * 29. Article 31 keeps neither, so pages can be tested for saying so. A two-article Protocol
 * has no verified title. Written to a temporary
 * folder, because the shared fixture corpus is read-only for every test.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { copyToTemp, FIXTURES, writeText } from "./helpers.js";

export const BASIC_CORPUS = join(FIXTURES, "corpus-basic");

/** Text of the Explanatory Report summary that carries markup, to see it escaped. */
export const HOSTILE_REPORT_TEXT = "Requests must say <i>why</i> the data could be lost.";

const SOURCES = `---
type: sources
sources:
  - id: fx-er
    title: Fixture Explanatory Report
    publisher: Fixture Treaty Office
    url: https://treaty.example.org/185/explanatory-report
    seen: 2026-01-15
    official: true
  - id: fx-tcy
    title: Fixture T-CY documents page
    publisher: Fixture Committee
    url: https://committee.example.org/documents
    seen: 2026-01-15
    official: true
---
`;

const NOTES = `---
type: guidance-notes
instrument: bc
body: Fixture Committee (T-CY)
sources: [fx-tcy]
note: Fixture notes; their texts were read for this fixture.
---

# Fixture Guidance Notes

Notes the fixture committee adopted. A **Guidance Note 2** is known by title only.

## Guidance Note 10 – Production orders for subscriber information

\`\`\`yaml
adopted: 2017-02-28
articles: [18]
document: T-CY(2015)16
sources: [fx-tcy]
\`\`\`

A provider offering services in the territory can be ordered to produce subscriber information.

## Guidance Note 7 – Preservation across borders

\`\`\`yaml
adopted: 2016-06-01
articles: [29, 16]
sources: [fx-tcy]
\`\`\`

Preservation requests should be answered within hours; the note reads Articles 16 and 29 together.
`;

const PROTOCOL = `---
type: instrument
id: p2
short: Fixture Protocol
title: Fixture Second Additional Protocol
treaty: CETS No. 224
adopted: 2021-11-17
article_count: 2
sources: [fx-treaty]
structure:
  - chapter: I
    heading: Common provisions
    articles: 1-2
---

## Article 1

\`\`\`yaml
sources: [fx-treaty]
title_verified: false
\`\`\`

Fixture summary of the Protocol's first article.

## Article 2

\`\`\`yaml
sources: [fx-treaty]
title_verified: false
\`\`\`

Fixture summary of the Protocol's second article.
`;

const REPORT_BLOCK = `explanatory_report:
  - paragraphs: "282-283"
    text: Preservation is a provisional measure pending a formal request for the data.
  - paragraphs: "285, 287"
    text: "${HOSTILE_REPORT_TEXT}"
`;

/** Copies the basic fixture corpus to a temporary folder and adds the interpretation to it. */
export async function interpretationCorpus(): Promise<string> {
  const dir = await copyToTemp(BASIC_CORPUS);
  const conventionPath = join(dir, "instruments", "convention.md");
  const convention = await readFile(conventionPath, "utf8");
  const withReport = convention
    .replace(
      "sources: [fx-treaty]\nstructure:",
      "sources: [fx-treaty]\nexplanatory_report: fx-er\nstructure:",
    )
    .replace(
      "## Article 29 – Expedited preservation of stored computer data\n\n```yaml\nsources: [fx-treaty]\n",
      `## Article 29 – Expedited preservation of stored computer data\n\n\`\`\`yaml\nsources: [fx-treaty]\n${REPORT_BLOCK}`,
    );
  if (!withReport.includes("explanatory_report: fx-er") || !withReport.includes(REPORT_BLOCK))
    throw new Error("the fixture convention changed: update tests/setup/interpretation.ts");
  await writeText(conventionPath, withReport);
  await writeText(join(dir, "instruments", "guidance-notes.md"), NOTES);
  await writeText(join(dir, "instruments", "protocol.md"), PROTOCOL);
  await writeText(join(dir, "sources-interpretation.md"), SOURCES);
  return dir;
}
