import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { LANGUAGES } from "../../server/i18n.js";
import { englishPieces, interfaceText, unmarkedEnglish } from "../setup/interface-text.js";
import { historyApp } from "../setup/history-repo.js";
import { sharedIndex, testApp } from "../setup/helpers.js";

// The interface language: chosen by ?lang= (remembered in a cookie), the cookie, Accept-Language,
// then English. Pages change; JSON keys, CSV columns and the request letter do not.

let app: express.Express;

beforeAll(async () => {
  ({ app } = await testApp(sharedIndex("real")));
});

const nav = (html: string) => /<nav aria-label="[^"]*">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";

describe("choosing the language", () => {
  it("takes ?lang=, says so in <html lang>, and remembers it in a cookie", async () => {
    const res = await request(app).get("/").query({ lang: "ru" });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="ru">');
    expect(res.headers["content-language"]).toBe("ru");
    expect(res.headers["vary"]).toMatch(/Accept-Language/);
    expect(res.headers["vary"]).toMatch(/Cookie/);
    expect(String(res.headers["set-cookie"])).toMatch(/(^|,)lang=ru; Path=\/;[^,]*SameSite=Lax/);
    expect(nav(res.text)).toContain(">Поиск<");
  });

  it("uses the cookie, then Accept-Language, then English", async () => {
    const cookie = await request(app).get("/countries").set("Cookie", "lang=uk");
    expect(cookie.text).toContain('<html lang="uk">');
    expect(cookie.text).toContain("<h1>Країни</h1>");
    const accept = await request(app)
      .get("/countries")
      .set("Accept-Language", "de-DE, ru;q=0.8, en;q=0.5");
    expect(accept.text).toContain('<html lang="ru">');
    const other = await request(app).get("/countries").set("Accept-Language", "de, fr");
    expect(other.text).toContain('<html lang="en">');
    expect(String(other.headers["set-cookie"] ?? "")).not.toContain("lang=");
    // ?lang= wins over the cookie.
    const both = await request(app).get("/countries?lang=en").set("Cookie", "lang=uk");
    expect(both.text).toContain('<html lang="en">');
  });

  it("refuses a language it does not have, with a clear message", async () => {
    const res = await request(app).get("/countries").query({ lang: "fr" });
    expect(res.status).toBe(400);
    expect(res.text).toContain("expected one of en, ru, uk");
  });

  it("lists every language in the header and as hreflang alternates", async () => {
    const res = await request(app).get("/search").query({ q: "экстрадиция", lang: "uk" });
    for (const [code, name] of [
      ["en", "English"],
      ["ru", "Русский"],
      ["uk", "Українська"],
    ]) {
      expect(res.text).toMatch(
        new RegExp(`<link rel="alternate" hreflang="${code}" href="http[^"]+lang&#x3D;${code}">`),
      );
      expect(res.text).toMatch(
        new RegExp(
          `<a href="[^"]*lang&#x3D;${code}" lang="${code}" hreflang="${code}"[^>]*>${name}</a>`,
        ),
      );
    }
    expect(res.text).toMatch(
      /<link rel="alternate" hreflang="x-default" href="http[^"]+\/search\?q&#x3D;/,
    );
    expect(res.text).toContain('aria-current="true">Українська</a>');
  });
});

describe("what changes with the language", () => {
  it("status words, facet names and the note that the analyses are in English", async () => {
    const res = await request(app).get("/countries/MD").query({ lang: "ru" });
    expect(res.text).toContain(
      "Аналитические материалы, источники и тексты запросов приводятся на английском языке",
    );
    expect(res.text).toMatch(/Реализовано частично|Неизвестно|Реализовано/);
    expect(res.text).toContain("Участие в договорах");
    const search = await request(app).get("/search").query({ q: "extradition", lang: "uk" });
    expect(search.text).toContain("<summary>Країна");
    expect(search.text).toContain("Аналіз по країні");
    const en = await request(app).get("/countries/MD").query({ lang: "en" });
    expect(en.text).not.toContain("content-lang-note");
  });

  it("marks the English titles inside translated headings as English", async () => {
    const ru = await request(app).get("/articles/29").query({ lang: "ru" });
    expect(ru.text).toContain(
      '<h1>Статья 29 – <span lang="en">Expedited preservation of stored computer data</span></h1>',
    );
    expect(ru.text).toMatch(/Глава III – <span lang="en">International co-operation<\/span>/);
    const uk = await request(app).get("/countries/GE").query({ lang: "uk" });
    expect(uk.text).toMatch(
      />Стаття 29 – <span lang="en">Expedited preservation[^<]*<\/span><\/a><\/h3>/,
    );
    const history = await request(app)
      .get("/countries/GE/articles/29/history")
      .query({ lang: "ru" });
    expect(history.text).toContain('<h1>История: <span lang="en">Georgia: Article 29');
    const country = await request(app).get("/countries/GE").query({ lang: "uk" });
    expect(country.text).toContain('<h1><span lang="en">Georgia</span></h1>');
    // An English page has nothing to mark.
    const en = await request(app).get("/articles/29").query({ lang: "en" });
    expect(en.text).toContain(
      "<h1>Article 29 – Expedited preservation of stored computer data</h1>",
    );
  });

  it("authorities: named in English and marked so, an unknown one in the reader's words", async () => {
    const ru = await request(app).get("/countries").query({ lang: "ru" });
    expect(ru.text).toContain('<span lang="en">Ministry of Justice of Georgia</span>');
    // Belarus's 24/7 point of contact is `unknown` in the corpus.
    expect(ru.text).not.toMatch(/<td>[^<]*unknown/);
    expect(ru.text).toContain("<td>неизвестно</td>");
    const by = await request(app).get("/countries/BY").query({ lang: "uk" });
    expect(by.text).toContain("<li><strong>невідомо</strong>");
    const en = await request(app).get("/countries").query({ lang: "en" });
    expect(en.text).toContain("<td>unknown</td>");
  });

  it.each(
    (["ru", "uk"] as const).flatMap((lang) =>
      [
        "/",
        "/articles",
        "/articles/29",
        "/countries/GE",
        "/countries/BY",
        "/search?q=preservation",
        "/search?q=Georgia production order",
        "/recommendations/KB-MLA-04",
        "/instruments/p2",
        "/guidance-notes",
        "/countries/GE/articles/29/history",
        "/compare?countries=AM,GE&articles=16-17",
        "/recommendations",
        "/project",
        "/countries",
        "/changes?from=2026-11-01",
      ].map((path) => [lang, path]),
    ),
  )("%s %s: the English of the corpus is marked as English", async (lang, path) => {
    const res = await request(app).get(path).query({ lang });
    expect(res.status).toBe(200);
    const text = interfaceText(res.text);
    expect(text.length).toBeGreaterThan(200);
    // The page does show English (titles, snippets, publishers), all of it marked.
    expect(res.text).toMatch(/ lang="en">[A-Z][a-z]+ [a-z]+ [a-z]+/);
    expect(unmarkedEnglish(text)).toEqual([]);
  });

  it("dates in the reader's language", async () => {
    const ru = await request(app).get("/countries/GE").query({ lang: "ru" });
    // The year and its abbreviation stay on one line: a no-break space between them.
    expect(ru.text).toMatch(/Профиль по состоянию на \d{1,2} [а-я]+ \d{4}\u00a0г\./);
    const uk = await request(app).get("/countries/GE").query({ lang: "uk" });
    expect(uk.text).toMatch(/Профіль станом на \d{1,2} [а-яіїє]+ \d{4}\u00a0р\./);
  });

  it("error pages speak the reader's language and keep the precise message", async () => {
    const res = await request(app).get("/nowhere").set("Cookie", "lang=uk");
    expect(res.status).toBe(404);
    expect(res.text).toContain("<h1>Не знайдено</h1>");
    expect(res.text).toContain("За цією адресою нічого немає.");
    expect(res.text).toContain('<span lang="en">There is no page at /nowhere.</span>');
    expect(res.text).toContain('<a href="/">Головна</a>');
  });
});

describe("what does not change with the language", () => {
  it("JSON keys and values", async () => {
    const en = await request(app).get("/api/search").query({ q: "Georgia extradition" });
    const ru = await request(app)
      .get("/api/search")
      .query({ q: "Georgia extradition" })
      .set("Cookie", "lang=ru")
      .set("Accept-Language", "ru");
    expect(ru.body).toEqual(en.body);
    expect(ru.body.applied[0].label).toBe("Georgia");
  });

  it("CSV column names", async () => {
    const en = await request(app).get("/compare.csv").query({ countries: "GE,MD", articles: "29" });
    const uk = await request(app)
      .get("/compare.csv")
      .query({ countries: "GE,MD", articles: "29" })
      .set("Cookie", "lang=uk");
    expect(uk.status).toBe(200);
    expect(uk.text.split("\n")[0]).toBe(en.text.split("\n")[0]);
  });

  it("the request letter stays in English while the form around it follows the reader", async () => {
    const form = await request(app)
      .get("/requests/new")
      .query({ type: "preservation", to: "GE", lang: "uk" });
    expect(form.status).toBe(200);
    expect(form.text).toContain("Запитуючий орган");
    expect(form.text).toContain("Стислий виклад фактів");
    expect(form.text).not.toContain(">Summary of the facts");
    const draft = await request(app)
      .post("/requests/draft")
      .set("Cookie", "lang=uk")
      .type("form")
      .send({
        type: "preservation",
        to: "GE",
        request_date: "2026-01-15",
        request_status: "new",
        authority_name: "Prosecutor's Office",
        offence: "Illegal access",
        facts: "An account was accessed without right.",
        data: "Subscriber and traffic data of account x.",
        link: "The data show who accessed the account.",
        custodian: "A hosting provider in Tbilisi.",
        necessity: "The provider deletes logs after 30 days.",
        follow_up: "yes",
      });
    expect(draft.status).toBe(200);
    expect(draft.text).toContain('<html lang="uk">');
    expect(draft.text).toContain("Чого ще бракує перед надсиланням");
    const letter = /<article class="letter"[^>]*lang="en"[^>]*>([\s\S]*?)<\/article>/.exec(
      draft.text,
    )?.[1];
    expect(letter).toBeDefined();
    expect(letter).toContain("Art. 29");
    expect(letter).not.toMatch(/[а-яіїє]{4,}/i);
  });
});

// ---- the compare, tracker, follow-up, project, activity and changes pages -------------------

const BADGE =
  /<span class="status status-[\w-]+"><span class="status-icon" aria-hidden="true"><\/span>([^<]*)</g;

const PAGE_KEYS = [
  "compare",
  "tracker",
  "followup",
  "meetings",
  "project",
  "activity",
  "activityStatus",
  "changes",
  "status",
  "since",
  "restricted",
  "common.downloadCsv",
];

describe("the helpers of these tests", () => {
  it("find English pieces and leave out what is marked English", () => {
    const pieces = englishPieces(["tracker"]);
    expect(pieces).toContain("Not addressed to this country");
    expect(pieces).toContain("a follow-up entry dated after");
    expect(pieces).not.toContain("Filter");
    expect(
      interfaceText(
        '<main><p>Один <span lang="en">Two <b>three</b> four</span> <br>пять</p><input placeholder="шесть"><p data-label="Not here" lang="en">seven</p></main>',
      ),
    ).toBe(" Один пять шесть ");
  });
});

describe("the compare, tracker, project and changes pages in Russian and Ukrainian", () => {
  const english = englishPieces(PAGE_KEYS);
  const HEADINGS: Record<"ru" | "uk", Record<string, string | RegExp>> = {
    ru: {
      compare: "<h1>Сравнение стран</h1>",
      tracker: "<h1>Рекомендации и ход их выполнения</h1>",
      followup: /<h1>Изменения с \d{1,2} [а-я]+ \d{4}\u00a0г\.<\/h1>/,
      project: '<h1><span lang="en">Cybercrime@EAP II</span>: краткое описание и план работы</h1>',
      activity:
        '<p class="kicker">Мероприятие 1.2.1 · Cybercrime@EAP II · Совещание рабочих групп</p>',
    },
    uk: {
      compare: "<h1>Порівняння країн</h1>",
      tracker: "<h1>Рекомендації та стан їх виконання</h1>",
      followup: /<h1>Зміни з \d{1,2} [а-яіїєґ]+ \d{4}\u00a0р\.<\/h1>/,
      project: '<h1><span lang="en">Cybercrime@EAP II</span>: короткий опис і план роботи</h1>',
      activity: '<p class="kicker">Захід 1.2.1 · Cybercrime@EAP II · Нарада робочих груп</p>',
    },
  };
  const PAGES = [
    ["compare", "/compare?countries=AM,AZ,BY,GE,MD,UA&articles=29-31,35"],
    ["tracker", "/recommendations?since=2015-12-31"],
    // No row (so no status badge), and the notice that nothing has a target date.
    ["tracker", "/recommendations?attention=overdue"],
    ["followup", "/recommendations/changes"],
    ["project", "/project"],
    ["activity", "/project/activities/1.2.1"],
  ] as const;

  it("have English pieces to look for", () => {
    expect(english.length).toBeGreaterThan(100);
    expect(english).toContain("Only rows where countries differ");
  });

  it.each(
    (["ru", "uk"] as const).flatMap((lang) => PAGES.map(([name, path]) => [lang, name, path])),
  )("%s %s: headings translated, no English interface string left", async (lang, name, path) => {
    const res = await request(app).get(path).query({ lang });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<html lang="${lang}">`);
    const heading = HEADINGS[lang as "ru" | "uk"][name];
    if (typeof heading === "string") expect(res.text).toContain(heading);
    else expect(res.text).toMatch(heading!);
    const text = interfaceText(res.text);
    expect(text.length).toBeGreaterThan(500);
    expect(english.filter((piece) => text.includes(piece))).toEqual([]);
    // Status badges say their status in the page's language.
    const badges = [...res.text.matchAll(BADGE)].map((m) => m[1] ?? "");
    if (path.includes("attention=overdue")) {
      expect(badges).toEqual([]);
      expect(res.text).toContain('<p class="notice" role="status">');
    } else expect(badges.length).toBeGreaterThan(0);
    expect(badges.filter((word) => /\p{Script=Latin}/u.test(word))).toEqual([]);
    // The corpus stays English, and says so.
    expect(res.text).toMatch(/ lang="en"/);
  });

  it("say what matters in words of the language: statuses, flags, counts", async () => {
    const compare = await request(app)
      .get("/compare")
      .query({ countries: "GE,UA", articles: "1", diff: "1", lang: "ru" });
    expect(compare.text).toContain("Статья 1 · 2 страны · 1 строка скрыта");
    expect(compare.text).toContain('data-few="Отмечены # статьи"');
    const tracker = await request(app).get("/recommendations").query({ lang: "uk" });
    expect(tracker.text).toContain('<span class="not-addressed">Не адресована цій країні</span>');
    expect(tracker.text).toContain("<figcaption>Рекомендації, адресовані кожній країні");
    expect(tracker.text).toMatch(/<title id="chart-time-title">Виконання в динаміці<\/title>/);
    expect(tracker.text).toMatch(/<th scope="row">\d{4} \(на сьогодні\)<\/th>/);
    const project = await request(app).get("/project").query({ lang: "ru" });
    expect(project.text).toContain("(32 месяца)");
    expect(project.text).toContain(
      "Срок: к 24-му месяцу (апрель 2017\u00a0г.), т. е. не позднее 30 апреля 2017\u00a0г.",
    );
    expect(project.text).toContain(
      "<title>1.2.2 запланировано: 14–16 декабря 2015\u00a0г., Tbilisi, Georgia</title>",
    );
    expect(project.text).toContain(">Запланировано (план работы)</text>");
  });

  it("print the comparison with its running head and foot in the reader's language", async () => {
    const page = await request(app)
      .get("/compare")
      .query({ countries: "GE,MD", articles: "29,35", lang: "ru" });
    expect(page.text).toContain(
      'href="/compare/handout.css?countries&#x3D;GE,MD&amp;articles&#x3D;29,35&amp;lang&#x3D;ru"',
    );
    const css = await request(app)
      .get("/compare/handout.css")
      .query({ countries: "GE,MD", articles: "29,35", lang: "ru" });
    expect(css.status).toBe(200);
    // CSS escapes: "\421 " is С.
    const content = [...css.text.matchAll(/content: (.*);/g)].map((m) =>
      (m[1] ?? "").replace(/\\([0-9a-f]+) /g, (_, hex: string) =>
        String.fromCodePoint(parseInt(hex, 16)),
      ),
    );
    expect(content).toHaveLength(3);
    expect(content[0]).toMatch(
      /^"Сравнение стран · Статьи 29, 35 · Georgia, Republic of Moldova · анализ по состоянию на \d{1,2} [а-я]+ \d{4}\u00a0г\."$/,
    );
    expect(content[1]).toMatch(
      /^"http:\/\/kb\.test\/compare\?countries=GE,MD&articles=29,35 · распечатано .* · иллюстративный анализ, не официальный документ"$/,
    );
    expect(content[2]).toBe('"Страница " counter(page) " из " counter(pages)');
  });

  it.each([
    ["/api/compare", { countries: "GE,MD", articles: "29,35" }],
    ["/api/recommendations", { since: "2015-12-31" }],
    ["/api/recommendations", { attention: "overdue" }],
    ["/api/recommendations/changes", {}],
    ["/api/project", {}],
    ["/api/project/activities/1.2.1", {}],
  ])("%s %o answers the same JSON in every language", async (path, query) => {
    const en = await request(app).get(path).query(query);
    expect(en.status).toBe(200);
    for (const lang of LANGUAGES.filter((l) => l !== "en")) {
      const other = await request(app)
        .get(path)
        .query(query)
        .set("Cookie", `lang=${lang}`)
        .set("Accept-Language", lang);
      expect(other.body, `${path} ${lang}`).toEqual(en.body);
    }
  });

  it.each([
    ["/compare.csv", { countries: "AM,AZ,BY,GE,MD,UA", articles: "29-31,35" }],
    ["/recommendations.csv", { since: "2015-12-31" }],
  ])("%s %o sends the same CSV in every language", async (path, query) => {
    const en = await request(app).get(path).query(query);
    expect(en.status).toBe(200);
    expect(en.text.split("\n").length).toBeGreaterThan(2);
    for (const lang of ["ru", "uk"]) {
      const other = await request(app).get(path).query(query).set("Cookie", `lang=${lang}`);
      expect(other.text, `${path} ${lang}`).toBe(en.text);
    }
  });
});

describe("the changes between two dates in Russian and Ukrainian", () => {
  let env: Awaited<ReturnType<typeof historyApp>>;
  let history: express.Express;
  beforeAll(async () => {
    env = await historyApp("languages-history", { now: () => new Date("2026-11-29T12:00:00Z") });
    history = env.app;
  });
  afterAll(async () => {
    await env.cleanUp();
  });

  it.each([
    [
      "ru",
      "Изменения с 31 декабря 2015\u00a0г. по сегодняшний день (29 ноября 2026\u00a0г.)",
      "оценка Реализовано частично → <strong>Реализовано</strong>",
    ],
    [
      "uk",
      "Зміни з 31 грудня 2015\u00a0р. по сьогоднішній день (29 листопада 2026\u00a0р.)",
      "оцінка Впроваджено частково → <strong>Впроваджено</strong>",
    ],
  ])(
    "%s: heading, counts and change words translated, no English interface string left",
    async (lang, heading, change) => {
      const res = await request(history).get("/changes").query({ from: "2015-12-31", lang });
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<h1>${heading}</h1>`);
      expect(res.text).toContain(change);
      expect(res.text).toMatch(
        lang === "ru"
          ? /3 изменения, в том числе 1 изменение оценки/
          : /3 зміни, зокрема 1 зміна оцінки/,
      );
      const text = interfaceText(res.text);
      expect(englishPieces(PAGE_KEYS).filter((piece) => text.includes(piece))).toEqual([]);
    },
  );

  it("keeps the JSON and the CSV as they are in English", async () => {
    const query = { from: "2015-12-31" };
    const json = await request(history).get("/api/changes").query(query);
    const csv = await request(history).get("/changes.csv").query(query);
    expect(json.body.total).toBe(3);
    expect(csv.text).toContain('"Partly implemented","Implemented"');
    for (const lang of ["ru", "uk"]) {
      const j = await request(history)
        .get("/api/changes")
        .query(query)
        .set("Cookie", `lang=${lang}`);
      expect(j.body).toEqual(json.body);
      const c = await request(history)
        .get("/changes.csv")
        .query(query)
        .set("Cookie", `lang=${lang}`);
      expect(c.text).toBe(csv.text);
    }
  });
});
