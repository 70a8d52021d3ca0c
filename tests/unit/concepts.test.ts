import { describe, expect, it } from "vitest";
import type { ThesaurusConceptData } from "../../indexer/contract.js";
import { loadCorpus } from "../../indexer/corpus/index.js";
import { normalizeWord, stem, termsWithWords } from "../../server/search/concepts.js";
import { parseQuery } from "../../server/search/query-parser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

const COUNTRIES = [
  { code: "GE", name: "Georgia", aliases: ["Грузия"] },
  { code: "MD", name: "Republic of Moldova", aliases: ["Moldova", "Молдова"] },
  { code: "UA", name: "Ukraine", aliases: ["Україна", "Украина"] },
];

// The real thesaurus, as the meta document carries it.
describe("thesaurus terms in a query", async () => {
  const { corpus } = await loadCorpus(REAL_CORPUS);
  const thesaurus: ThesaurusConceptData[] = corpus.thesaurus.map((c) => ({
    id: c.block.id,
    label: c.label,
    articles: [...c.block.articles],
    terms: Object.fromEntries(Object.entries(c.block.terms).map(([l, t]) => [l, [...t]])),
  }));
  const parse = (q: string) => parseQuery(q, COUNTRIES, 48, thesaurus);
  const understood = (q: string) => parse(q).concepts.map((c) => [c.words, c.id, c.searchedAs]);

  it("has concepts to recognise", () => {
    expect(thesaurus.length).toBeGreaterThan(20);
  });

  it.each([
    ["сохранение данных", "сохранение данных", "expedited-preservation"],
    ["сохранности данных", "сохранности данных", "expedited-preservation"],
    ["обеспечения сохранности данных", "обеспечения сохранности данных", "expedited-preservation"],
    ["взаимная правовая помощь", "взаимная правовая помощь", "mutual-assistance"],
    ["взаимной правовой помощи", "взаимной правовой помощи", "mutual-assistance"],
    ["экстрадиция", "экстрадиция", "extradition"],
    ["экстрадиции", "экстрадиции", "extradition"],
    ["екстрадиції", "екстрадиції", "extradition"],
    ["збереження даних", "збереження даних", "expedited-preservation"],
    ["міжнародна правова допомога", "міжнародна правова допомога", "mutual-assistance"],
    ["conservarea datelor", "conservarea datelor", "expedited-preservation"],
    ["asistenta juridica internationala", "asistenta juridica internationala", "mutual-assistance"],
    ["asistenţă juridică internaţională", "asistenţă juridică internaţională", "mutual-assistance"],
    ["asistență juridică internațională", "asistență juridică internațională", "mutual-assistance"],
    ["данные о трафике", "данные о трафике", "traffic-data"],
    ["ექსტრადიცია", "ექსტრადიცია", "extradition"],
    ["ekstradisiya", "ekstradisiya", "extradition"],
  ])("%s", (q, words, id) => {
    const found = parse(q).concepts;
    if (words === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.map((c) => [c.words, c.id])).toEqual([[words, id]]);
  });

  it("searches the concept's English term in place of the words typed", () => {
    expect(parse("сохранение данных")).toMatchObject({
      text: "expedited preservation",
      rest: "сохранение данных",
    });
    expect(understood("экстрадиция")).toEqual([["экстрадиция", "extradition", "extradition"]]);
    expect(parse("запрос о сохранении данных провайдером").text).toBe(
      "запрос о expedited preservation провайдером",
    );
  });

  it("takes a country as a filter and the rest as a concept", () => {
    const parsed = parse("Moldova conservarea datelor");
    expect(parsed.countries).toEqual(["MD"]);
    expect(parsed.text).toBe("expedited preservation");
    expect(parsed.rest).toBe("conservarea datelor");
    expect(understood("ст. 29 Грузия сохранение данных")).toEqual([
      ["сохранение данных", "expedited-preservation", "expedited preservation"],
    ]);
  });

  it("prefers the longest match and finds several concepts", () => {
    expect(understood("экстрадиция и взаимная правовая помощь").map(([, id]) => id)).toEqual([
      "extradition",
      "mutual-assistance",
    ]);
  });

  it("leaves words that belong to no single concept as text", () => {
    expect(parse("компьютерных данных").concepts).toEqual([]);
    expect(parse("данных").concepts).toEqual([]);
    expect(parse("quick freeze").concepts).toEqual([]);
    expect(parse("expedited preservation").concepts).toEqual([]);
  });

  it("never recognises words in quotation marks", () => {
    const parsed = parse('"сохранение данных"');
    expect(parsed.concepts).toEqual([]);
    expect(parsed.text).toBe('"сохранение данных"');
    expect(parse("«экстрадиция»").concepts).toEqual([]);
    expect(parse('"экстрадиция" сохранение данных').concepts.map((c) => c.id)).toEqual([
      "expedited-preservation",
    ]);
  });

  it("keeps the position of the words for putting them back", () => {
    const q = "Грузия: сохранение данных, срочно";
    const [match] = parse(q).concepts;
    expect(match && q.slice(match.start, match.end)).toBe("сохранение данных");
  });
});

describe("the light stemmer", () => {
  it.each([
    ["сохранность", "сохранности"],
    ["сохранность", "сохранностью"],
    ["сохранение", "сохранения"],
    ["сохранение", "сохранением"],
    ["помощь", "помощи"],
    ["экстрадиция", "экстрадицией"],
    ["данные", "данными"],
    ["допомога", "допомогу"],
    ["збереження", "збереженням"],
    ["conservarea", "conservării"],
    ["datelor", "date"],
    ["ექსტრადიცია", "ექსტრადიციის"],
  ])("%s and %s share a stem", (a, b) => {
    expect(stem(normalizeWord(a))).toBe(stem(normalizeWord(b)));
  });

  it("keeps derived words apart", () => {
    expect(stem(normalizeWord("сохранение"))).not.toBe(stem(normalizeWord("сохранность")));
  });

  it("folds ё, cedillas and Latin diacritics", () => {
    expect(normalizeWord("Сохранённые")).toBe("сохраненные");
    expect(normalizeWord("asistenţă")).toBe(normalizeWord("asistență"));
    expect(normalizeWord("asistență")).toBe("asistenta");
    expect(normalizeWord("комп’ютерних")).toBe("комп'ютерних");
  });
});

describe("thesaurus terms offered for a word of theirs", () => {
  const concept = (id: string, terms: Record<string, string[]>): ThesaurusConceptData => ({
    id,
    label: `Label of ${id}`,
    articles: [],
    terms,
  });
  const thesaurus = [
    concept("preservation", {
      en: ["expedited preservation"],
      ru: ["незамедлительное сохранение компьютерных данных", "сохранение компьютерных данных"],
    }),
    concept("traffic", { en: ["traffic data"], ru: ["данные трафика"] }),
    concept("extradition", { ru: ["экстрадиция"] }),
  ];

  it("offers the shortest term of each concept that holds every word, in any case form", () => {
    expect(termsWithWords("сохранения", thesaurus)).toEqual([
      { term: "сохранение компьютерных данных", lang: "ru", label: "Label of preservation" },
    ]);
    expect(termsWithWords("данных", thesaurus).map((t) => t.term)).toEqual([
      "данные трафика",
      "сохранение компьютерных данных",
    ]);
    expect(termsWithWords("данных сохранение", thesaurus).map((t) => t.term)).toEqual([
      "сохранение компьютерных данных",
    ]);
  });

  it("offers nothing for English words, unknown words, quoted words or short words alone", () => {
    expect(termsWithWords("preservation", thesaurus)).toEqual([]);
    expect(termsWithWords("сохранение zzqx", thesaurus)).toEqual([]);
    expect(termsWithWords('"сохранение"', thesaurus)).toEqual([]);
    expect(termsWithWords("и", thesaurus)).toEqual([]);
    expect(termsWithWords("сохранение", [])).toEqual([]);
  });
});
