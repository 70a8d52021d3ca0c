/**
 * Browser tests drive the system Chromium through playwright-core. Without Chromium they are
 * skipped with a message saying how to install it, except under CI=true, where that fails.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import axe from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";
import { mkdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, inject } from "vitest";
import type { AuthSetup } from "../../server/auth/setup.js";
import { createHistoryService } from "../../server/history/service.js";
import { CHROMIUM } from "./chromium.js";
import { dropIndex, publishFolder, sharedIndexFor, testApp, uniqueIndex } from "./helpers.js";
import type express from "express";

export { CHROMIUM };

const INSTALL_HINT =
  "Browser tests need Chromium: `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH.";

if (!CHROMIUM) {
  if (process.env["CI"] === "true")
    throw new Error(`CI=true and no Chromium found. ${INSTALL_HINT}`);
  process.stderr.write(`\n[skipped] ${INSTALL_HINT}\n`);
}

/** `describe` that runs only when Chromium is available. */
export const describeBrowser = CHROMIUM ? describe : describe.skip;

/** A connection to the run's Chromium (started once in the global setup). */
export async function launchBrowser(): Promise<Browser> {
  const endpoint = inject("browserEndpoint");
  if (!endpoint) throw new Error(INSTALL_HINT);
  return chromium.connect(endpoint);
}

/** Serves an Express app on 127.0.0.1 and a free port. */
export async function serve(
  app: express.Express,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

/** Runs axe-core in the page (WCAG 2.x A/AA rules) and returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  // Runs in the page: globalThis there is the window, with axe loaded above.
  const results = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: unknown;
      axe: {
        run: (
          ctx: unknown,
          opts: object,
        ) => Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: string[] }[];
          }[];
        }>;
      };
    };
    return g.axe.run(g.document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
    });
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}

/**
 * The cells of the tables `selector` finds, and the elements inside them that reach past their
 * cell's left or right edge (a badge running into the next column): `{ cells, outside }`.
 */
export async function outsideTheirCells(
  page: Page,
  selector: string,
): Promise<{ cells: number; outside: string[] }> {
  return page.locator(`${selector} :is(th, td)`).evaluateAll((cells) => {
    const outside: string[] = [];
    for (const cell of cells) {
      const box = cell.getBoundingClientRect();
      for (const el of cell.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1) continue; // not shown, or visually hidden
        if (r.left < box.left - 1 || r.right > box.right + 1)
          outside.push(
            `${el.tagName.toLowerCase()}.${el.className}: "${(el.textContent ?? "").trim().slice(0, 40)}" ${Math.round(r.right - box.right)} px past its cell`,
          );
      }
    }
    return { cells: cells.length, outside };
  });
}

export const SCREENSHOTS = new URL("../../test-results/screenshots/", import.meta.url);

/**
 * The usual browser suite: reads `corpus` from the run's shared index (or publishes it to its
 * own), serves the app on loopback, opens one page in the run's Chromium, and tears it all
 * down afterwards. Call inside `describeBrowser`.
 */
export function browserSuite(options: {
  /** A corpus folder, or a function that makes one (e.g. a git repository with history). */
  corpus: string | (() => Promise<string>);
  label: string;
  viewport?: { width: number; height: number };
  /** Read the corpus's git history (history pages, point in time). */
  history?: boolean;
  /** Accounts and sessions (see auth.ts). */
  auth?: () => Promise<AuthSetup>;
}) {
  const state: {
    browser?: Browser;
    page?: Page;
    server?: { url: string; close(): Promise<void> };
    index: string;
  } = { index: uniqueIndex(options.label) };
  const shots = new URL(`${options.label}/`, SCREENSHOTS).pathname;
  const shared = typeof options.corpus === "string" ? sharedIndexFor(options.corpus) : null;
  if (shared) state.index = shared;
  beforeAll(async () => {
    const corpus = typeof options.corpus === "string" ? options.corpus : await options.corpus();
    if (!shared) await publishFolder(corpus, state.index);
    const history = options.history ? createHistoryService(corpus) : null;
    const auth = options.auth ? await options.auth() : null;
    state.server = await serve((await testApp(state.index, { history, auth })).app);
    state.browser = await launchBrowser();
    state.page = await state.browser.newPage({
      viewport: options.viewport ?? { width: 1280, height: 900 },
    });
    await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
    if (!shared) await dropIndex(state.index);
  });
  return {
    get page(): Page {
      if (!state.page) throw new Error("the browser suite has not started");
      return state.page;
    },
    get url(): string {
      return state.server?.url ?? "";
    },
    shots,
  };
}
