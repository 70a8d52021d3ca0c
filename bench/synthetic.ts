/**
 * A scaled synthetic corpus made from the real one: the real instruments, sources, synonyms,
 * recommendations and follow-up, plus `countries` synthetic country files, each with a section
 * for every one of the Convention's 48 articles, their text taken from the real analyses.
 */
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ISO_COUNTRY_CODES } from "../indexer/iso-countries.js";
import { parseMarkdown, sections } from "../indexer/markdown.js";

const REAL = ["AM", "AZ", "BY", "GE", "MD", "UA"];

/** Writes the synthetic corpus into `target`; returns the number of country files. */
export async function writeSyntheticCorpus(
  source: string,
  target: string,
  countries: number,
): Promise<{ countries: number; sections: number }> {
  await mkdir(join(target, "countries"), { recursive: true });
  for (const entry of [
    "instruments",
    "sources",
    "recommendations",
    "followup",
    "meetings.md",
    "synonyms.md",
    "about.md",
  ]) {
    await cp(join(source, entry), join(target, entry), { recursive: true });
  }
  for (const code of REAL)
    await cp(
      join(source, "countries", `${code.toLowerCase()}.md`),
      join(target, "countries", `${code.toLowerCase()}.md`),
    );

  const templates = await Promise.all(
    REAL.map(async (code) =>
      readFile(join(source, "countries", `${code.toLowerCase()}.md`), "utf8"),
    ),
  );
  const parsed = templates.map((text) => {
    const end = text.indexOf("\n---", 3);
    const frontMatter = text.slice(0, end + 4);
    const body = text.slice(end + 4);
    const found = sections(parseMarkdown(body), 2).sections.filter((s) =>
      /^Article \d+/.test(s.title),
    );
    const lines = body.split("\n");
    const blocks = found.map((s, i) => {
      const start = (s.heading.position?.start.line ?? 1) - 1;
      const next = found[i + 1]?.heading.position?.start.line;
      return lines.slice(start + 1, next ? next - 1 : undefined).join("\n");
    });
    return { frontMatter, blocks };
  });

  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const codes = [...ISO_COUNTRY_CODES]
    .filter((c) => !REAL.includes(c))
    .slice(0, Math.max(0, countries - REAL.length));
  let sectionCount = 0;
  for (const [i, code] of codes.entries()) {
    const template = parsed[i % parsed.length]!;
    const name = `Bench ${names.of(code) ?? code}`;
    const front = template.frontMatter
      .replace(/^code: .*$/m, `code: ${code}`)
      .replace(/^name: .*$/m, `name: ${JSON.stringify(name)}`)
      .replace(/^aliases: .*$/m, "aliases: []");
    const body: string[] = [
      front,
      "",
      `Synthetic country for the benchmark, built from a real country's analysis.`,
      "",
    ];
    for (let article = 1; article <= 48; article++) {
      const block = template.blocks[(article + i) % template.blocks.length] ?? "";
      body.push(`## Article ${article}`, block, "");
      sectionCount += 1;
    }
    await writeFile(join(target, "countries", `${code.toLowerCase()}.md`), body.join("\n"));
  }
  return { countries: REAL.length + codes.length, sections: sectionCount + REAL.length * 21 };
}
