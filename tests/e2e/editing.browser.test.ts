/// <reference lib="dom" />
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PASSWORD } from "../setup/auth.js";
import {
  describeBrowser,
  launchBrowser,
  SCREENSHOTS,
  seriousViolations,
  serve,
} from "../setup/browser.js";
import { analysisInput, editingRepo, editingSetup, PEOPLE } from "../setup/editing.js";
import type { Caller } from "../../server/search/access.js";

// The editing workflow in Chromium: the edit form, its error summary, the review diff with a
// conflict, and the queue — each checked with axe at desktop and phone width, and screenshot —
// and hostile text typed into every field shown as text, never run.

const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"><svg onload="window.__xss=3">`;
const shots = new URL("editing/", SCREENSHOTS).pathname;
let env: Awaited<ReturnType<typeof editingSetup>>;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const dialogs: string[] = [];
const ids: Record<string, string> = {};

const caller = (who: keyof typeof PEOPLE): Caller => ({
  id: "",
  email: PEOPLE[who].email,
  name: PEOPLE[who].name,
  role: PEOPLE[who].role,
  groups: [...PEOPLE[who].groups],
  via: "password",
});

/** A page signed in as `who`, at `width`. */
async function pageAs(who: keyof typeof PEOPLE, width = 1280): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: width > 600 ? 900 : 844 },
  });
  const page = await context.newPage();
  // A missing element fails with its name (within 20 s, a third of the test's time limit, since a
  // busy machine loads a page several times slower than an idle one).
  page.setDefaultTimeout(20_000);
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill(PEOPLE[who].email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

async function assertInert(page: Page, path: string) {
  const injected = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: number }).__xss ?? null,
    elements: document.querySelectorAll(
      "script:not([src]), [onerror], [onload], [onclick], iframe, object, embed, svg:not(.chart)",
    ).length,
    jsLinks: [...document.querySelectorAll("a[href]")].filter((a) =>
      a.getAttribute("href")?.trim().toLowerCase().startsWith("javascript:"),
    ).length,
  }));
  expect(injected, path).toEqual({ flag: null, elements: 0, jsLinks: 0 });
}

async function noWiderThan(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    width,
  );
}

describeBrowser("editing in a real browser", () => {
  beforeAll(async () => {
    env = await editingSetup({ repo: await editingRepo() });
    // Ids of accounts as the service knows them.
    const accounts = await env.auth.setup.accounts.list();
    const idOf = (who: keyof typeof PEOPLE) => ({
      ...caller(who),
      id: accounts.find((a) => a.email === PEOPLE[who].email)!.id,
    });
    const hostile = await env.service.create(
      {
        kind: "profile",
        country: "MD",
        fields: {
          central_authorities: [
            {
              authority: `Fixture Office ${PAYLOAD}`,
              role: `Central authority ${PAYLOAD}`,
              sources: ["fx-treaty"],
            },
          ],
          contact_points: [
            {
              authority: "Fixture Cybercrime Directorate",
              role: "24/7 point of contact.",
              sources: ["fx-treaty"],
            },
          ],
          laws: [
            {
              title: `Fixture Law ${PAYLOAD}`,
              number: `20 ${PAYLOAD}`,
              date: "2009-02-03",
              url: `https://example.org/"><img src=x onerror="window.__xss=4">`,
              note: `[x](javascript:window.__xss=5) ${PAYLOAD}`,
              sources: ["fx-treaty"],
            },
          ],
        },
        source: {
          id: "fx-hostile",
          title: `Title ${PAYLOAD}`,
          publisher: `Publisher ${PAYLOAD}`,
          url: `https://example.org/x?"><script>window.__xss=6</script>`,
          seen: "2026-11-30",
          official: false,
          note: PAYLOAD,
        },
        note: `Note ${PAYLOAD}`,
      },
      idOf("contributor"),
    );
    ids["hostile"] = hostile.id;
    await env.service.comment(
      hostile.id,
      idOf("editor"),
      `Comment ${PAYLOAD} [y](javascript:window.__xss=7)`,
    );
    const followup = await env.service.create(
      {
        kind: "followup",
        recommendation: "FX-01",
        country: "MD",
        fields: {
          date: "2026-11-30",
          status: "adopted",
          event: `Event ${PAYLOAD} [z](javascript:window.__xss=8)`,
          sources: ["fx-news"],
        },
      },
      idOf("contributor"),
    );
    ids["followup"] = followup.id;
    // Two proposals on one section: accepting the first puts the second in conflict.
    const first = await env.service.create(
      analysisInput({ status: "implemented" }) as never,
      idOf("contributor"),
    );
    const second = await env.service.create(
      analysisInput({
        status: "not-implemented",
        gaps: "- No order for foreign requests.\n- No deadline.",
      }) as never,
      idOf("other"),
    );
    await env.service.accept(first.id, idOf("editor"));
    ids["conflict"] = second.id;
    server = await serve(env.app);
    browser = await launchBrowser();
    await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await env?.cleanUp();
  });

  it("puts the problems in a focused summary and beside each field, keeping what was typed", async () => {
    const page = await pageAs("contributor");
    await page.goto(`${server.url}/proposals/new?kind=analysis&country=GE&article=35`);
    await page.getByLabel(/^Assessment/).selectOption("unknown");
    await page.getByLabel("Checked on").fill("2026-02-30");
    await page.getByLabel(/^Sources/).fill("fx-treaty, fx-nowhere");
    await page.getByLabel("Analysis", { exact: true }).fill("Typed text that must survive.");
    await page.getByRole("button", { name: "Submit the proposal" }).click();
    const summary = page.locator("#error-summary");
    await expect(summary.innerText()).resolves.toMatch(
      /fields need attention[\s\S]*Assessment: a section with status unknown must say what is missing/,
    );
    // The script moves the focus to the summary, for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
    await expect(page.locator("#f-as-of-error").innerText()).resolves.toContain(
      "expected a real date",
    );
    await expect(page.getByLabel("Analysis", { exact: true }).inputValue()).resolves.toBe(
      "Typed text that must survive.",
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}error-summary.png`, fullPage: true });
    // A link in the summary takes the keyboard to its field.
    await page.locator("#error-summary a[href='#f-as-of']").click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-as-of");
    await page.context().close();
  });

  it("keeps hostile text typed into the form inert, in the form and in its preview", async () => {
    const page = await pageAs("contributor");
    await page.goto(`${server.url}/proposals/new?kind=analysis&country=GE&article=16`);
    await page.getByLabel("National provisions").fill(`Art. 1 ${PAYLOAD}`);
    await page.getByLabel("What is missing").fill(`Missing ${PAYLOAD}`);
    await page
      .getByLabel("Analysis", { exact: true })
      .fill(`Analysis ${PAYLOAD} [a link](javascript:window.__xss=9)`);
    await page.getByLabel("Gaps").fill(`- Gap ${PAYLOAD}`);
    await page.getByLabel("Note to the reviewers").fill(`Note ${PAYLOAD}`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.locator("#preview-title").innerText()).resolves.toContain("Preview");
    await assertInert(page, "preview");
    await expect(page.locator(".preview").innerText()).resolves.toContain("<img src=x");
    await page.getByRole("button", { name: "Submit the proposal" }).click();
    await page.waitForURL(/\/proposals\/\d{8}-[a-z0-9]{6}\?done=created/);
    await assertInert(page, "the new proposal");
    await expect(page.locator(".field-diff").innerText()).resolves.toContain(
      "<script>window.__xss=2</script>",
    );
    await page.context().close();
  });

  it("shows hostile proposals as text to the reviewer, in the queue, the diff, the preview and the feed", async () => {
    const page = await pageAs("editor");
    for (const path of [
      "/proposals",
      "/proposals?status=all",
      `/proposals/${ids["hostile"]}`,
      `/proposals/${ids["followup"]}`,
    ]) {
      await page.goto(server.url + path);
      await assertInert(page, path);
    }
    await page.goto(`${server.url}/proposals/${ids["hostile"]}`);
    const text = await page.locator(".proposal-page").innerText();
    for (const part of [
      "Fixture Office <img src=x",
      "Title <img src=x",
      "Comment <img src=x",
      "Note <img src=x",
    ])
      expect(text).toContain(part);
    // The feed carries the hostile comment as text: an XML parser finds it in a summary's text
    // and no element of the markup it holds.
    const feed = await page.request.get(`${server.url}/feeds/proposals.atom`);
    expect(feed.status()).toBe(200);
    const parsed = await page.evaluate(
      (xml) => {
        const doc = new DOMParser().parseFromString(xml, "application/xml");
        return {
          broken: doc.getElementsByTagName("parsererror").length,
          summaries: [...doc.getElementsByTagName("summary")].map((s) => s.textContent ?? ""),
          foreign: doc.querySelectorAll("img, script, svg").length,
          htmlTyped: doc.querySelectorAll("[type=html], [type=xhtml]").length,
        };
      },
      await feed.text(),
    );
    expect(parsed.broken).toBe(0);
    expect(parsed.summaries.some((s) => s.includes("Comment <img src=x"))).toBe(true);
    expect({ foreign: parsed.foreign, htmlTyped: parsed.htmlTyped }).toEqual({
      foreign: 0,
      htmlTyped: 0,
    });
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  const LANGUAGE_HEADINGS = {
    ru: { form: "Предложить изменение", review: "Конфликт", queue: "Очередь на рассмотрение" },
    uk: { form: "Запропонувати зміну", review: "Конфлікт", queue: "Черга на розгляд" },
  } as const;
  // One test per language and page: each is one page and one axe run, within the timeout on a
  // busy machine.
  const LANGUAGE_PAGES = [
    ["form", "the form", () => "/proposals/new?kind=analysis&country=GE&article=29", "h1"],
    ["review", "the review page", () => `/proposals/${ids["conflict"]}`, "#conflict-title"],
    ["queue", "the queue", () => "/proposals?status=all", "h1"],
  ] as const;
  for (const [lang, language, width] of [
    ["ru", "Russian", 1280],
    ["uk", "Ukrainian", 390],
  ] as const) {
    for (const [name, what, path, heading] of LANGUAGE_PAGES) {
      it(`speaks ${language} on ${what}, without a violation`, async () => {
        const page = await pageAs("editor", width);
        const at = path();
        await page.goto(`${server.url}${at}${at.includes("?") ? "&" : "?"}lang=${lang}`);
        expect(await page.getAttribute("html", "lang")).toBe(lang);
        await expect(page.locator(heading).innerText()).resolves.toContain(
          LANGUAGE_HEADINGS[lang][name],
        );
        expect(await seriousViolations(page)).toEqual([]);
        if (width < 600) await noWiderThan(page, width);
        await page.screenshot({
          path: `${shots}${name}-${lang}${width < 600 ? "-phone" : ""}.png`,
          fullPage: true,
        });
        await page.context().close();
      });
    }
  }

  // One test per page and width: each is a few seconds of browser work, well within the timeout
  // on a busy machine.
  for (const width of [1280, 390]) {
    const where = width < 600 ? "phone" : "desktop";
    const suffix = width < 600 ? "-phone" : "";

    it(`has an edit form without a violation, at ${where} width`, async () => {
      const page = await pageAs("contributor", width);
      await page.goto(`${server.url}/countries/GE`);
      await page
        .getByRole("link", { name: "Propose a change to the analysis of Article 29" })
        .click();
      await expect(page.locator("h1").innerText()).resolves.toContain("Georgia: Article 29");
      expect(await seriousViolations(page)).toEqual([]);
      if (width < 600) await noWiderThan(page, width);
      await page.screenshot({ path: `${shots}edit-form${suffix}.png`, fullPage: true });
      await page.context().close();
    });

    it(`has a review page with a conflict and a word diff, without a violation, at ${where} width`, async () => {
      const page = await pageAs("editor", width);
      await page.goto(`${server.url}/proposals/${ids["conflict"]}`);
      await expect(page.locator("#conflict-title").innerText()).resolves.toContain("Conflict");
      const diff = await page.locator(".field-diff").innerText();
      // Screen readers hear what was inserted and deleted, not only a colour.
      expect(diff).toMatch(/\[inserted:\s+: the 2026 law adds a preservation order/);
      expect(diff).toMatch(/\[deleted:\s+sixty\s+\]/);
      expect(await seriousViolations(page)).toEqual([]);
      if (width < 600) await noWiderThan(page, width);
      await page.screenshot({ path: `${shots}review${suffix}.png`, fullPage: true });
      await page.getByRole("link", { name: "Resolve the conflict" }).first().click();
      await expect(page.locator("h1").innerText()).resolves.toContain("Resolve a conflict");
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${shots}resolve${suffix}.png`, fullPage: true });
      await page.context().close();
    });

    it(`has a queue and the corpus status without a violation, at ${where} width`, async () => {
      const page = await pageAs("editor", width);
      await page.goto(`${server.url}/proposals?status=all`);
      await expect(page.locator("h1").innerText()).resolves.toBe("Review queue");
      expect(await seriousViolations(page)).toEqual([]);
      if (width < 600) await noWiderThan(page, width);
      await page.screenshot({ path: `${shots}queue${suffix}.png`, fullPage: true });
      // The corpus status, reached from the header's link (editors only).
      await page.getByRole("link", { name: "Corpus status" }).click();
      await expect(page.locator("h1").innerText()).resolves.toBe("Corpus status");
      expect(await seriousViolations(page)).toEqual([]);
      if (width < 600) await noWiderThan(page, width);
      await page.screenshot({ path: `${shots}corpus-status${suffix}.png`, fullPage: true });
      await page.context().close();
    });

    it(`has an account page without a violation, at ${where} width`, async () => {
      const page = await pageAs("editor", width);
      await page.goto(`${server.url}/account`);
      await page.getByLabel(/Name of a new token/).fill("feed reader");
      await page.getByRole("button", { name: "Create a token" }).click();
      await expect(page.locator("#token-value").inputValue()).resolves.toMatch(/^kbt_/);
      expect(await seriousViolations(page)).toEqual([]);
      // A password change with mistakes: each beside its field, the first one focused.
      await page.getByLabel("Current password").fill("not the password at all");
      await page.getByLabel("New password", { exact: true }).fill("short");
      await page.getByRole("button", { name: "Change the password" }).click();
      await expect(page.locator("#password-current-error").innerText()).resolves.toContain(
        "This is not your current password.",
      );
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
        "password-current",
      );
      expect(await seriousViolations(page)).toEqual([]);
      if (width < 600) await noWiderThan(page, width);
      await page.screenshot({ path: `${shots}account${suffix}.png`, fullPage: true });
      await page.context().close();
    });
  }
});
