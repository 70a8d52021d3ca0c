/**
 * `/robots.txt` and `/sitemap.xml`, for search engines: what to crawl and what not (search
 * results, the API, exports, point-in-time views, accounts and review), and every page of the
 * knowledge base with the day its content last changed (from the history) and its versions in
 * each interface language. The sitemap is read as the caller, like every page: a crawler, which
 * signs in nowhere, is given the public pages only.
 */
import { SEARCHABLE_KINDS, type KbDocument } from "../../../indexer/index.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { inList } from "../../search/filters.js";
import { LANGUAGES } from "../../i18n.js";
import type { RouteDeps } from "../deps.js";
import { xml } from "../history/atom.js";

/** Pages that list or lead to the documents, whatever the corpus holds. */
const LIST_PAGES = [
  "/",
  "/articles",
  "/countries",
  "/compare",
  "/recommendations",
  "/recommendations/changes",
  "/guidance-notes",
  "/requests/new",
  "/changes",
];

/** What crawlers should leave alone: results, data, exports, states of the past, accounts. */
const DISALLOWED = [
  "/api/",
  "/search",
  "/proposals",
  "/account",
  "/admin/",
  "/login",
  "/logout",
  "/corpus/",
  "/requests/draft",
  "/feeds/",
  "/*.csv",
  "/compare/handout.css",
  "/*?at=",
  "/*&at=",
];

/** The pages a document is on: its own address, and for a section its article's page too. */
function pagesOf(doc: Pick<KbDocument, "kind" | "url" | "articles">): string[] {
  const path = doc.url.split("#")[0]!;
  if (!path.startsWith("/") || path.includes("?")) return [];
  return doc.kind === "analysis" && doc.articles[0] !== undefined
    ? [path, `/articles/${doc.articles[0]}`]
    : [path];
}

export function siteRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    route({
      path: "/robots.txt",
      handle(req, res) {
        res.type("text/plain");
        res.send(
          [
            "# EaP Cyber-MLA Knowledge Base. The pages are public; search results, the API,",
            "# exports, views of a past day, accounts and review are not for crawling.",
            "User-agent: *",
            ...DISALLOWED.map((path) => `Disallow: ${path}`),
            "",
            `Sitemap: ${deps.siteUrl(req)}/sitemap.xml`,
            "",
          ].join("\n"),
        );
      },
    }),
    route({
      path: "/sitemap.xml",
      async handle(req, res) {
        const catalog = await deps.catalog.get();
        const docs = await deps.reader.documents(
          // Every kind but the index's own record: each document is a page or part of one.
          inList("kind", SEARCHABLE_KINDS),
          ["kind", "url", "articles"],
        );
        // The pages: the lists, and each document's page (a section is part of its country's
        // page and of its article's; a follow-up entry of its recommendation's).
        const lists = catalog.workplan ? [...LIST_PAGES, "/project"] : LIST_PAGES;
        const paths = new Set(lists);
        for (const doc of docs) for (const path of pagesOf(doc)) paths.add(path);
        // The day each page last changed: any version of a document on it, a removal included.
        const changed = (await deps.history?.lastChangedPages(pagesOf)) ?? new Map();
        const site = deps.siteUrl(req);
        const entries = [...paths].map((path) => {
          const lastmod = changed.get(path) ?? null;
          const address = `${site}${path}`;
          const alternates = [
            ...LANGUAGES.map((lang) => [lang, `${address}?lang=${lang}`]),
            ["x-default", address],
          ].map(
            ([lang, href]) =>
              `<xhtml:link rel="alternate" hreflang="${lang}" href="${xml(href!)}"/>`,
          );
          return [
            "<url>",
            `<loc>${xml(address)}</loc>`,
            ...(lastmod ? [`<lastmod>${lastmod}</lastmod>`] : []),
            ...alternates,
            "</url>",
          ].join("");
        });
        res.type("application/xml");
        res.setHeader("Cache-Control", "no-cache");
        res.send(
          [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
            ...entries,
            "</urlset>",
            "",
          ].join("\n"),
        );
      },
    }),
  ];
}
