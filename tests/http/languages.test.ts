import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
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
