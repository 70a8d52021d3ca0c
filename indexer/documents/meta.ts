/** The `meta` document: fingerprint, build time and reference data; never a search hit. */
import { CONTRACT_VERSION, type DocumentOf, type MetaData } from "../contract.js";
import { monthTarget, projectLength } from "../project-calendar.js";
import { period } from "./activity.js";
import { EMPTY, type BuildContext, type Draft } from "./common.js";

/** The corpus's `meta` document. */
export function metaDocument(ctx: BuildContext): Draft<DocumentOf<"meta">> {
  const out: Draft<DocumentOf<"meta">>[] = [];
  out.push({
    ...EMPTY,
    id: "meta",
    kind: "meta",
    title: "Corpus metadata",
    source: [],
    summary: "",
    text: "",
    html: "",
    url: "/",
    order: 0,
    sources: [],
    origin: "",
    data: {
      fingerprint: ctx.corpus.fingerprint,
      contractVersion: CONTRACT_VERSION,
      builtAt: ctx.builtAt,
      settingsHash: ctx.settingsHash,
      meetings: meetings(ctx),
      instruments: ctx.corpus.instruments.map((i) => ({
        id: i.meta.id,
        short: i.meta.short,
        title: i.meta.title,
        treaty: i.meta.treaty,
        primary: i.meta.primary,
        opened: i.meta.opened ?? null,
        adopted: i.meta.adopted ?? null,
        inForce: i.meta.in_force ?? null,
        note: i.meta.note ?? null,
        articleCount: i.meta.article_count,
        structure: i.meta.structure,
        introHtml: i.introHtml,
        sources: ctx.sourceRefs(i.meta.sources),
      })),
      guidanceCollections: ctx.corpus.guidanceCollections.map((c) => ({
        instrument: c.instrument,
        body: c.body,
        note: c.note,
        introHtml: c.introHtml,
        sources: ctx.sourceRefs(c.sources),
      })),
      workplan: workplan(ctx),
      thesaurus: ctx.corpus.thesaurus.map((c) => ({
        id: c.block.id,
        label: c.label,
        articles: [...c.block.articles],
        terms: Object.fromEntries(
          Object.entries(c.block.terms).map(([lang, terms]) => [lang, [...terms]]),
        ),
      })),
      synonyms: ctx.corpus.synonyms.map((group) => [...group.terms]),
    },
  });
  return out[0]!;
}

/**
 * The meetings of the meetings file, each with the workplan activity it is; then the workplan's
 * meetings no source confirms, marked planned, at their planned dates.
 */
function meetings(ctx: BuildContext): MetaData["meetings"] {
  const activities = ctx.corpus.workplan?.results.flatMap((r) => r.activities) ?? [];
  const listed = ctx.corpus.meetings.map((m) => ({
    ...m.row,
    planned: false,
    activity: activities.find((a) => a.block.meeting === m.row.id)?.id ?? null,
    sources: ctx.sourceRefs(m.row.sources),
  }));
  const planned = activities.flatMap((a) => {
    const first = period(a.block.planned[0] ?? {});
    // Only a meeting with planned days can be placed among the others.
    if (a.block.form !== "meeting" || a.block.status !== "planned") return [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(first.start)) return [];
    return [
      {
        id: `plan-${a.id.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`,
        name: a.title,
        place: first.place ?? "",
        start: first.start,
        end: first.end && /^\d{4}-\d{2}-\d{2}$/.test(first.end) ? first.end : first.start,
        planned: true,
        activity: a.id,
        sources: ctx.sourceRefs(a.block.sources),
      },
    ];
  });
  return [...listed, ...planned].sort((a, b) => a.start.localeCompare(b.start));
}

/** The workplan's frame, results and indicators, with each indicator's target date. */
function workplan(ctx: BuildContext): MetaData["workplan"] {
  const wp = ctx.corpus.workplan;
  if (!wp) return null;
  const m = wp.meta;
  return {
    id: m.id,
    title: m.title,
    number: m.number,
    start: m.start,
    end: m.end,
    months: projectLength(m.start, m.end),
    countries: [...m.countries],
    implementation: m.implementation,
    funding: m.funding ?? null,
    objective: m.objective,
    introHtml: wp.introHtml,
    note: m.note ?? null,
    sources: ctx.sourceRefs(m.sources),
    results: wp.results.map((r) => ({
      number: r.number,
      title: r.title,
      html: r.html,
      activities: r.activities.map((a) => a.id),
      sources: ctx.sourceRefs(r.sources),
    })),
    indicators: m.indicators.map((i) => {
      const target = monthTarget(m.start, i.month);
      return {
        id: i.id,
        text: i.text,
        month: i.month,
        targetMonth: target.month,
        targetDate: target.date,
        measure: i.measure,
        recommendations: [...i.recommendations],
        statuses: [...i.statuses],
        figures: i.figures.map((f) => ({
          country: f.country,
          period: f.period,
          sent: f.sent ?? null,
          received: f.received ?? null,
          note: f.note ?? null,
          sources: ctx.sourceRefs(f.sources),
        })),
        sources: ctx.sourceRefs(i.sources),
      };
    }),
  };
}
