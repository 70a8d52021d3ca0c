/**
 * Atom 1.0 (RFC 4287) for the changes of the knowledge base: one entry per changed section or
 * follow-up entry. Entry ids are made of the commit and the document id, so the same change has
 * the same id in every feed and after every restart.
 */
import type { KbDocument } from "../../../indexer/index.js";
import { describeChange } from "../../history/diff.js";
import type { DatedChange } from "../../history/service.js";
import { STATUS_LABELS } from "../../views.js";

const ID_PREFIX = "urn:eap-cyber-mla-kb";

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Characters XML 1.0 does not allow at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
  );
}

/** The stable id of one change: the same in every feed, across restarts. */
export function entryId(commit: string, docId: string): string {
  return `${ID_PREFIX}:change:${commit}:${docId}`;
}

export interface FeedInput {
  site: string;
  selfUrl: string;
  filters: { countries: string[]; articles: number[]; recommendations: string[] };
  /** Each change, with the history page of its document (null: the document has none). */
  changes: { change: DatedChange; doc: KbDocument; historyUrl: string | null }[];
}

/**
 * The page a feed follows, as its `alternate` link: the country's, the article's or the
 * recommendation's page (a country's section of an article where both are named), where the feed
 * is about one of them; else the list of changes.
 */
export function feedPage(filters: FeedInput["filters"]): string {
  const { countries, articles, recommendations } = filters;
  if (recommendations.length === 0) {
    if (countries.length === 1 && articles.length <= 1)
      return `/countries/${countries[0]}${articles.length === 1 ? `#art-${articles[0]}` : ""}`;
    if (countries.length === 0 && articles.length === 1) return `/articles/${articles[0]}`;
  } else if (recommendations.length === 1 && countries.length <= 1 && articles.length === 0) {
    return `/recommendations/${encodeURIComponent(recommendations[0]!)}${countries.length === 1 ? `#${countries[0]}` : ""}`;
  }
  return "/changes";
}

/** The feed document. */
export function atomFeed(input: FeedInput): string {
  const { filters } = input;
  const scope = [
    filters.countries.length ? `countries ${filters.countries.join(", ")}` : "",
    filters.articles.length ? `articles ${filters.articles.join(", ")}` : "",
    filters.recommendations.length ? `recommendations ${filters.recommendations.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  const feedId = `${ID_PREFIX}:changes${scope ? `:${[...filters.countries].sort().join(",")}|${[...filters.articles].sort((a, b) => a - b).join(",")}|${[...filters.recommendations].sort().join(",")}` : ""}`;
  const updated = input.changes[0]?.change.commit.date ?? new Date().toISOString();
  const entries = input.changes.map(({ change, doc, historyUrl }) => {
    const what = describeChange(change.change, STATUS_LABELS);
    // The version on its history page; a document without one (an activity, a Guidance Note,
    // a page) is linked as it is today.
    const link = historyUrl
      ? `${input.site}${historyUrl}#v-${change.commit.hash.slice(0, 10)}`
      : `${input.site}${doc.url}`;
    return [
      "  <entry>",
      `    <id>${xml(entryId(change.commit.hash, doc.id))}</id>`,
      `    <title>${xml(`${doc.title}: ${what}`)}</title>`,
      `    <updated>${xml(new Date(change.commit.date).toISOString())}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(link)}"/>`,
      `    <summary>${xml(change.commit.summary ? `${what}. ${change.commit.summary}` : `${what}.`)}</summary>`,
      ...doc.countries.map((c) => `    <category term="country:${xml(c)}"/>`),
      ...doc.articles.map((a) => `    <category term="article:${a}"/>`),
      "  </entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feedId)}</id>`,
    `  <title>${xml(`EaP Cyber-MLA Knowledge Base: changes${scope ? ` (${scope})` : ""}`)}</title>`,
    `  <updated>${xml(new Date(updated).toISOString())}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(input.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${input.site}${feedPage(filters)}`)}"/>`,
    "  <author><name>EaP Cyber-MLA Knowledge Base</name></author>",
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
