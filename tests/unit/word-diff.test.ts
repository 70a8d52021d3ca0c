/** The word diff that history pages, feeds and proposals show: whole words, in every script. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { diffWords } from "diff";
import { describe, expect, it } from "vitest";
import { wordDiff, type WordPart } from "../../server/history/diff.js";
import { REAL_CORPUS } from "../setup/helpers.js";

const shown = (parts: WordPart[]) =>
  parts
    .map((p) =>
      p.change === "same" ? p.text : `${p.change === "inserted" ? "+" : "-"}[${p.text}]`,
    )
    .join("");

describe("word diff", () => {
  it("marks whole Cyrillic, Georgian and Armenian words, not single letters", () => {
    expect(
      shown(wordDiff("Азербайджан имеет точку контакта", "Азербайджан имел точки контакта")),
    ).toBe("Азербайджан -[имеет точку]+[имел точки] контакта");
    expect(shown(wordDiff("საქართველო და Грузия", "საქართველოს და Грузія"))).toBe(
      "-[საქართველო]+[საქართველოს] და -[Грузия]+[Грузія]",
    );
    expect(shown(wordDiff("Հայաստան և Армения", "Հայաստանի և Армения"))).toBe(
      "-[Հայաստան]+[Հայաստանի] և Армения",
    );
  });

  it("keeps numbers and punctuation of citations apart, as in Latin text", () => {
    expect(
      shown(wordDiff("Art. 29(2) of the Code, 24/7 point", "Art. 29(3) of the Code; 24/7 points")),
    ).toBe("Art. 29(-[2]+[3]) of the Code-[,]+[;] 24/7 -[point]+[points]");
  });

  it("gives the same parts as jsdiff's own words for the corpus's English prose", async () => {
    const text = await readFile(join(REAL_CORPUS, "countries", "ge.md"), "utf8");
    const prose = text.slice(text.indexOf("\n## Article"), text.indexOf("\n## Article") + 6000);
    expect(prose.length).toBeGreaterThan(5000);
    const after = prose.replace("Criminal", "Penal").replace(" data ", " information ");
    expect(after).not.toBe(prose);
    const ours = wordDiff(prose, after);
    const theirs = diffWords(prose, after);
    // What changed, part by part (the long unchanged stretches between are shortened).
    const changed = ours.filter((p) => p.change !== "same");
    expect(changed.length).toBeGreaterThan(1);
    expect(changed).toEqual(
      theirs
        .filter((p) => p.added || p.removed)
        .map((p) => ({ change: p.added ? "inserted" : "deleted", text: p.value })),
    );
  });

  it("rebuilds both texts from its parts", () => {
    const before = "Ուկրաինա — точка контакта 24/7, статья 35; the unit's role";
    const after = "Украина: точки контакта 24/7 (статья 35), the unit’s new role";
    const parts = wordDiff(before, after);
    const side = (skip: WordPart["change"]) =>
      parts
        .filter((p) => p.change !== skip)
        .map((p) => p.text)
        .join("");
    expect(side("inserted")).toBe(before);
    expect(side("deleted")).toBe(after);
  });
});
