import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMessages, type Messages } from "../../server/i18n.js";
import { csrfOf, signedIn } from "../setup/auth.js";
import {
  analysisInput,
  apiAgent,
  editingRepo,
  editingSetup,
  gitOut,
  PEOPLE,
  propose,
} from "../setup/editing.js";
import { englishPieces, interfaceText } from "../setup/interface-text.js";

// The editing pages in Russian and Ukrainian: the form (every kind, and with its problems), the
// queue, a proposal with a conflict and one rejected with a reason, the conflict's form, the
// account's tokens and the corpus status speak the reader's language; what contributors typed
// and the check's messages stay English and are marked so; the JSON and the git record do not
// change with the language.

let env: Awaited<ReturnType<typeof editingSetup>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await editingSetup({ repo: await editingRepo() });
  const first = await propose(env.app, "contributor", analysisInput({ status: "implemented" }));
  const second = await propose(
    env.app,
    "other",
    analysisInput({ status: "not-implemented", gaps: "- No deadline." }),
  );
  const editor = await apiAgent(env.app, "editor");
  const accepted = await editor
    .post(`/api/proposals/${first.id}/accept`)
    .set("X-CSRF-Token", editor.csrf);
  expect(accepted.status).toBe(200);
  ids["conflict"] = second.id;
  const followup = await propose(env.app, "contributor", {
    kind: "followup",
    recommendation: "FX-01",
    country: "MD",
    fields: {
      date: "2026-11-30",
      status: "adopted",
      event: "The fixture law was adopted.",
      sources: ["fx-news"],
    },
  });
  const rejected = await editor
    .post(`/api/proposals/${followup.id}/reject`)
    .set("X-CSRF-Token", editor.csrf)
    .send({ reason: "Not documented by the news item cited." });
  expect(rejected.status).toBe(200);
  ids["rejected"] = followup.id;
});
afterAll(async () => {
  await env.cleanUp();
});

const KEYS = ["proposals", "proposalForm", "account", "editing"];
/** English pieces of our editing strings that the other language does not also use. */
function untranslated(lang: "ru" | "uk"): string[] {
  const own: string[] = [];
  const walk = (tree: Messages) => {
    for (const value of Object.values(tree))
      if (typeof value === "string") own.push(value);
      else walk(value);
  };
  walk(loadMessages()[lang]);
  // Code and examples (`Authorization: Bearer`, `Criminal Procedure Code, Art. 136`) are the same
  // in every language.
  return englishPieces(KEYS).filter((piece) => !own.some((text) => text.includes(piece)));
}

const PAGES = [
  ["the analysis form", "/proposals/new?kind=analysis&country=GE&article=35"],
  ["the profile form", "/proposals/new?kind=profile&country=GE"],
  ["the follow-up form", "/proposals/new?kind=followup&recommendation=FX-01&country=GE"],
  ["the source form", "/proposals/new?kind=source&country=GE"],
  ["the queue", "/proposals?status=all"],
  ["a proposal in conflict", "/proposals/:conflict"],
  ["a rejected proposal", "/proposals/:rejected"],
  ["the conflict's form", "/proposals/:conflict/resolve"],
  ["the account", "/account"],
  ["the corpus status", "/corpus/status"],
] as const;

const HEADINGS = {
  ru: {
    "the analysis form": "<h1>Предложить изменение",
    "the queue": "<h1>Очередь на рассмотрение</h1>",
    "a proposal in conflict": "Конфликт: после подачи предложения корпус в этом месте изменился",
    "a rejected proposal": "Причина отклонения:",
    "the conflict's form": "<h1>Устранить конфликт",
    "the account": "<h1>Ваша учётная запись</h1>",
    "the corpus status": "<h2>Редактирование в браузере</h2>",
  },
  uk: {
    "the analysis form": "<h1>Запропонувати зміну",
    "the queue": "<h1>Черга на розгляд</h1>",
    "a proposal in conflict": "Конфлікт: після подання пропозиції корпус у цьому місці змінився",
    "a rejected proposal": "Причина відхилення:",
    "the conflict's form": "<h1>Усунути конфлікт",
    "the account": "<h1>Ваш обліковий запис</h1>",
    "the corpus status": "<h2>Редагування в браузері</h2>",
  },
} as Record<"ru" | "uk", Record<string, string>>;

describe("the editing pages in Russian and Ukrainian", () => {
  it("have English pieces to look for", () => {
    expect(untranslated("ru").length).toBeGreaterThan(100);
    expect(untranslated("ru")).toContain("Propose a change");
    expect(untranslated("uk")).not.toContain("Authorization: Bearer");
  });

  it.each(
    (["ru", "uk"] as const).flatMap((lang) => PAGES.map(([name, path]) => [lang, name, path])),
  )("%s %s: no English interface string left", async (lang, name, path) => {
    const editor = await signedIn(env.app, PEOPLE.editor.email);
    const url = path.replace(/:(\w+)/, (_m, key: string) => ids[key] ?? key);
    const res = await editor.get(url).query({ lang });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.text).toContain(`<html lang="${lang}">`);
    const heading = HEADINGS[lang as "ru" | "uk"][name];
    if (heading) expect(res.text).toContain(heading);
    const text = interfaceText(res.text);
    expect(text.length).toBeGreaterThan(200);
    expect(untranslated(lang as "ru" | "uk").filter((piece) => text.includes(piece))).toEqual([]);
  });

  it("say the proposal's title, statuses and events in the reader's words", async () => {
    const editor = await signedIn(env.app, PEOPLE.editor.email);
    const queue = await editor.get("/proposals").query({ status: "all", lang: "ru" });
    expect(queue.text).toContain("Georgia, ст. 29: реализовано частично → реализовано");
    expect(queue.text).toContain("FX-01, Republic of Moldova: запись о выполнении от 30 ноября");
    expect(queue.text).toMatch(/<h2 id="list-title">3 предложения<\/h2>/);
    expect(queue.text).toContain('data-label="Последнее событие"');
    expect(queue.text).toContain("На рассмотрении</span>");
    const page = await editor.get(`/proposals/${ids["conflict"]}`).query({ lang: "uk" });
    expect(page.text).toContain("<h1>Georgia, ст. 29: впроваджено частково → не впроваджено</h1>");
    // The diff says what was inserted and deleted in the reader's language, around English text.
    expect(page.text).toMatch(/<ins><span class="visually-hidden">\[вставлено: <\/span>/);
    expect(page.text).toMatch(/<dd lang="en">/);
  });

  it("put the form's problems in the reader's words, the check's own messages marked English", async () => {
    const agent = await signedIn(env.app, PEOPLE.contributor.email);
    const form = await agent.get("/proposals/new?kind=analysis&country=GE&article=35&lang=uk");
    const res = await agent
      .post("/proposals/new")
      .type("form")
      .send({
        _csrf: csrfOf(form.text),
        kind: "analysis",
        country: "GE",
        article: "35",
        action: "submit",
        status: "unknown",
        provisions: "",
        as_of: "2026-02-30",
        sources: "fx-treaty",
        missing: "",
        analysis: "Typed text.",
        gaps: "",
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html lang="uk">');
    expect(res.text).toContain("2 поля потребують уваги");
    expect(res.text).toContain("Повідомлення перевірки наведено англійською мовою.");
    expect(res.text).toContain(
      '<a href="#f-as-of">Дата перевірки: <span lang="en">expected a real date written YYYY-MM-DD (found <code>2026-02-30</code>)</span></a>',
    );
    expect(res.text).toContain(">Typed text.</textarea>");
  });
});

describe("what stays as it is in every language", () => {
  it("the JSON twins", async () => {
    const editor = await apiAgent(env.app, "editor");
    const en = await editor.get(`/api/proposals/${ids["conflict"]}`);
    const ru = await editor.get(`/api/proposals/${ids["conflict"]}`).set("Cookie", "lang=ru");
    expect(ru.status).toBe(200);
    expect(ru.body).toEqual(en.body);
    expect(ru.body.title).toBe("Georgia, Art. 29: partly implemented → not implemented");
    expect(ru.body.changes[0].what).toBe("Georgia: analysis of Article 29");
  });

  it("the record: a proposal made in Russian is titled in English in git", async () => {
    const agent = await signedIn(env.app, PEOPLE.contributor.email);
    const form = await agent.get("/proposals/new?kind=analysis&country=GE&article=16&lang=ru");
    const res = await agent
      .post("/proposals/new")
      .type("form")
      .send({
        _csrf: csrfOf(form.text),
        kind: "analysis",
        country: "GE",
        article: "16",
        action: "submit",
        status: "partial",
        provisions: "Fixture Code, Art. 1",
        as_of: "2026-11-30",
        sources: "fx-treaty",
        missing: "",
        analysis: "A short analysis.",
        gaps: "",
      });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    const id = /\/proposals\/([^?]+)/.exec(res.headers["location"] ?? "")?.[1] ?? "";
    expect(id).not.toBe("");
    const subject = await gitOut(env.repo, ["log", "-1", "--format=%s", `proposals/${id}`]);
    expect(subject.trim()).toBe("Georgia, Art. 16: unknown → partly implemented");
  });
});
