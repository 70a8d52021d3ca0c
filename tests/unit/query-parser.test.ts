import { describe, expect, it } from "vitest";
import { parseQuery } from "../../server/search/query-parser.js";

const COUNTRIES = [
  { code: "GE", name: "Georgia", aliases: ["Sakartvelo", "Грузия"] },
  { code: "MD", name: "Republic of Moldova", aliases: ["Moldova", "Молдова"] },
  { code: "UA", name: "Ukraine", aliases: ["Україна", "Украина"] },
  { code: "AM", name: "Armenia", aliases: [] },
  { code: "BY", name: "Belarus", aliases: [] },
];
const parse = (q: string) => parseQuery(q, COUNTRIES);
const numbers = (q: string) => parse(q).articles.map((a) => a.number);

describe("article references in a query become article filters", () => {
  it.each([
    ["art. 29", [29]],
    ["Art 29", [29]],
    ["art29", [29]],
    ["ART.29", [29]],
    ["Article 29", [29]],
    ["article 29(2)", [29]],
    ["Articles 29-31", [29, 30, 31]],
    ["articles 29–31", [29, 30, 31]],
    ["Articles 29 to 31", [29, 30, 31]],
    ["arts. 16, 29 and 31", [16, 29, 31]],
    ["BC 29", [29]],
    ["bc29", [29]],
    ["ст. 29", [29]],
    ["ст 29", [29]],
    ["стаття 29", [29]],
    ["статья 29", [29]],
    ["статті 29", [29]],
  ])("%s → %j", (q, expected) => {
    expect(numbers(q)).toEqual(expected);
    expect(parse(q).text).toBe("");
  });

  it("keeps the paragraph and labels it as lawyers write it", () => {
    expect(parse("Article 29(2)")).toMatchObject({
      articles: [{ number: 29, paragraph: "2", label: "Article 29(2)" }],
      text: "",
    });
    expect(parse("art. 29(2)(a) custodian").articles[0]).toMatchObject({
      paragraph: "2.a",
      label: "Article 29(2)(a)",
    });
  });

  it("leaves the rest of the query as text", () => {
    expect(parse("art. 29(2) quick freeze")).toMatchObject({
      text: "quick freeze",
      articles: [{ number: 29 }],
    });
    expect(parse("quick freeze under Article 16 and 29")).toMatchObject({
      text: "quick freeze under",
      articles: [{ number: 16 }, { number: 29 }],
    });
  });

  it("does not read numbers that are not article references", () => {
    expect(parse("ETS 185 ratified 2009").articles).toEqual([]);
    expect(parse("Law 20 of 2009").articles).toEqual([]);
    expect(parse("24/7 point of contact").articles).toEqual([]);
    expect(parse("party").articles).toEqual([]);
    expect(parse("smart 29").articles).toEqual([]);
  });

  it("searches a reference to no article of the Convention as text, and says so", () => {
    // "Art. 208" is an article of a national code: the provisions cite "Code, Art. 208".
    const result = parse("Art. 208 Armenia");
    expect(result.articles).toEqual([]);
    expect(result.countries).toEqual(["AM"]);
    expect(result.notices.map((n) => n.text)).toEqual([
      "There is no Article 208 in the Convention (Articles 1–48): “Art. 208” is searched as text.",
    ]);
    expect(result.text).toBe("Art. 208");
    expect(parse("art. 99 preservation").text).toBe("art. 99 preservation");
    expect(parse("art. 0").notices.map((n) => n.text)).toEqual([
      "There is no Article 0 in the Convention (Articles 1–48): “art. 0” is searched as text.",
    ]);
  });

  it("drops the numbers outside the Convention from a reference that also names its articles", () => {
    const result = parse("Arts. 29, 208 preservation");
    expect(result.articles.map((a) => a.number)).toEqual([29]);
    expect(result.notices.map((n) => n.text)).toEqual([
      "There is no Article 208 in the Convention (Articles 1–48).",
    ]);
    expect(result.text).toBe("preservation");
  });
});

describe("country names and codes in a query become country filters", () => {
  it.each([
    ["Georgia subscriber information", ["GE"], "subscriber information"],
    ["Moldova", ["MD"], ""],
    ["Republic of Moldova preservation", ["MD"], "preservation"],
    ["preservation in GE", ["GE"], "preservation in"],
    ["Україна ст. 29", ["UA"], ""],
    ["georgia", ["GE"], ""],
    ["Ukraine and Georgia", ["UA", "GE"], "and"],
  ])("%s → %j", (q, codes, text) => {
    const result = parse(q);
    expect(result.countries).toEqual(codes);
    expect(result.text).toBe(text);
  });

  it("does not take lower-case words for country codes", () => {
    expect(parse("what am I allowed by law").countries).toEqual([]);
    expect(parse("ge").countries).toEqual([]);
  });

  it("does not match a name inside another word", () => {
    expect(parse("Georgian law").countries).toEqual([]);
  });

  it("prefers the longest name where one name holds another", () => {
    const withIslands = [
      ...COUNTRIES,
      { code: "GS", name: "South Georgia and the South Sandwich Islands", aliases: [] },
    ];
    const result = parseQuery(
      "south georgia and the south sandwich islands and Georgia",
      withIslands,
    );
    expect(result.countries).toEqual(["GS", "GE"]);
    expect(result.text).toBe("and");
  });
});

describe("country names in Russian and Ukrainian, in the case a sentence puts them", () => {
  const more = [
    {
      code: "AM",
      name: "Armenia",
      aliases: ["Армения", "Республика Армения", "Вірменія", "Հայաստան"],
    },
    { code: "GE", name: "Georgia", aliases: ["Грузия", "Грузія", "საქართველო"] },
    { code: "AZ", name: "Azerbaijan", aliases: ["Азербайджан", "Азербайджанская Республика"] },
    { code: "BY", name: "Belarus", aliases: ["Беларусь", "Білорусь"] },
    ...COUNTRIES.filter((c) => !["AM", "BY", "GE"].includes(c.code)),
  ];
  const read = (q: string) => {
    const p = parseQuery(q, more);
    return [p.countries, p.text];
  };

  it.each([
    ["экстрадиция из Грузии", "GE", "экстрадиция"],
    ["сохранение данных в Молдове", "MD", "сохранение данных"],
    ["збереження даних в Україні", "UA", "збереження даних"],
    ["запрос Украины", "UA", "запрос"],
    ["помощь Армении", "AM", "помощь"],
    ["в Республике Армения", "AM", ""],
    ["Вірменії", "AM", ""],
    ["в Азербайджане", "AZ", ""],
    ["Азербайджанской Республике", "AZ", ""],
    ["Беларуси", "BY", ""],
    ["Білорусі", "BY", ""],
    ["საქართველოში", "GE", ""],
    ["საქართველოს კანონი", "GE", "კანონი"],
    ["Հայաստանում", "AM", ""],
    ["Հայաստանի օրենք", "AM", "օրենք"],
  ])("%s → %s", (q, code, text) => {
    expect(read(q)).toEqual([[code], text]);
  });

  it("takes a preposition before a name with it, and leaves one before other words", () => {
    expect(read("запрос из Грузии")).toEqual([["GE"], "запрос"]);
    expect(read("запит до України")).toEqual([["UA"], "запит"]);
    expect(read("сохранение в срок")).toEqual([[], "сохранение в срок"]);
  });

  it("leaves words that only begin like a name: not every ending is a name's", () => {
    for (const q of ["груз", "груза", "грузы", "грузовик", "украинский", "молдавский"])
      expect(read(q), q).toEqual([[], q]);
  });
});

describe("the 24/7 network typed another way", () => {
  it.each([
    ["24x7", "24/7"],
    ["24X7 point of contact", "24/7 point of contact"],
    ["24×7", "24/7"],
    ["24х7 Грузия", "24/7"],
    ["24-7 network", "24/7 network"],
    ["24/7", "24/7"],
  ])("%s is searched as %j", (q, text) => {
    expect(parse(q).text).toBe(text);
  });

  it("leaves other numbers, and a range of articles, alone", () => {
    expect(parse("124x78").text).toBe("124x78");
    expect(parse("art. 24(7)").text).toBe("");
    expect(parse("Articles 24-27").articles.map((a) => a.number)).toEqual([24, 25, 26, 27]);
    expect(parse("24x7").articles).toEqual([]);
  });
});
