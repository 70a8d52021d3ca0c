/**
 * The corpus as a whole, checked across files: references resolve, ids are unique, every
 * article of an instrument is present and placed, analyses and recommendations name articles
 * that exist.
 */
import type {
  ActivityRecord,
  AnalysisRecord,
  ArticleRecord,
  FileRecords,
  InstrumentRecord,
  SourceRecord,
  ThesaurusConcept,
  WorkplanRecord,
} from "../extract/index.js";
import { CorpusReport, type CorpusMessage } from "../report.js";
import type { Corpus } from "./index.js";
import { compactRanges, structureArticles } from "./structure.js";

/** Joins every file's records into the corpus, reporting what does not hold together. */
export function assemble(parts: FileRecords[], report: CorpusReport): Corpus {
  const all = <K extends keyof FileRecords>(key: K) =>
    parts.flatMap((p) => p[key] as unknown[]) as FileRecords[K];

  const sources = sourcesOf(parts, report);
  for (const part of parts) {
    // A country file cites a few dozen sources a thousand times: look each id up once, and go
    // through the uses only when one is unknown. A file's uses found known in this very map
    // (kept while no sources file changed) are known still.
    if (usesKnownIn.get(part.sourceUses) === sources) continue;
    if (distinctIds(part.sourceUses).every((id) => sources.has(id))) {
      usesKnownIn.set(part.sourceUses, sources);
      continue;
    }
    for (const use of part.sourceUses) {
      if (sources.has(use.id)) continue;
      report.error(
        use.origin.path,
        use.origin.point,
        `unknown source \`${use.id}\`: define it in a sources file`,
        "unknown-source",
      );
    }
  }

  const instruments = uniqueBy(all("instruments"), (i) => i.meta.id, "instrument id", report);
  const primaries = instruments.filter((i) => i.meta.primary);
  if (primaries.length > 1) {
    for (const extra of primaries.slice(1))
      report.error(
        extra.origin.path,
        extra.origin.point,
        "only one instrument may be `primary: true`",
        "instrument",
      );
  }
  for (const instrument of instruments) checkInstrument(instrument, report);
  const primary = primaries[0] ?? null;

  const countries = uniqueBy(all("countries"), (c) => c.meta.code, "country code", report);
  const articleTitles = new Map<number, ArticleRecord>(
    (primary?.articles ?? []).map((a) => [a.number, a]),
  );
  for (const country of countries) {
    // A country whose file did not change (its records come from the parse cache) against the
    // same instrument gives the same findings: they are kept with its records.
    const kept = analysisFindings.get(country.analyses);
    if (kept && kept.against === primary?.articles) {
      report.messages.push(...kept.messages);
      continue;
    }
    const own = new CorpusReport();
    checkAnalyses(country.analyses, articleTitles, primary !== null, own);
    analysisFindings.set(country.analyses, { against: primary?.articles, messages: own.messages });
    report.messages.push(...own.messages);
  }
  const codes = new Set([
    ...countries.map((c) => c.meta.code),
    ...parts.flatMap((p) => p.declared.countries),
  ]);
  for (const use of all("countryUses")) {
    if (!codes.has(use.code)) {
      report.error(
        use.origin.path,
        use.origin.point,
        `unknown country \`${use.code}\`: no country file defines it`,
        "unknown-country",
      );
    }
  }

  const recommendations = uniqueBy(
    all("recommendations"),
    (r) => r.id,
    "recommendation id",
    report,
  );
  const byId = new Map(recommendations.map((r) => [r.id, r]));
  const declaredRecommendations = new Set(parts.flatMap((p) => p.declared.recommendations));
  for (const entry of all("followups")) {
    const recommendation = byId.get(entry.row.recommendation);
    if (!recommendation && declaredRecommendations.has(entry.row.recommendation)) continue;
    if (!recommendation) {
      report.error(
        entry.origin.path,
        entry.origin.point,
        `unknown recommendation \`${entry.row.recommendation}\``,
        "unknown-recommendation",
      );
    } else if (!recommendation.block.countries.includes(entry.row.country)) {
      report.error(
        entry.origin.path,
        entry.origin.point,
        `recommendation \`${recommendation.id}\` is not addressed to ${entry.row.country} (it names ${recommendation.block.countries.join(", ")})`,
        "followup",
      );
    }
  }
  for (const rec of recommendations) {
    for (const [i, article] of rec.block.articles.entries()) {
      if (primary && !articleTitles.has(article)) {
        report.error(
          rec.origin.path,
          rec.articlePoints[i] ?? rec.origin.point,
          `article ${article} is not in ${primary.meta.short}`,
          "unknown-article",
        );
      }
    }
  }

  const meetings = uniqueBy(all("meetings"), (m) => m.row.id, "meeting id", report);
  const pages = uniqueBy(all("pages"), (p) => p.id, "page id", report);

  for (const instrument of instruments) {
    if (instrument.meta.explanatory_report) continue;
    for (const article of instrument.articles) {
      if (article.block.explanatory_report?.length)
        report.error(
          article.origin.path,
          article.origin.point,
          `article ${article.number} cites the Explanatory Report, but ${instrument.meta.id} names none: add \`explanatory_report: <source id>\` to its front matter`,
          "instrument",
        );
    }
  }

  const guidanceNotes = uniqueBy(
    all("guidanceNotes"),
    (g) => `${g.instrument}:${g.number}`,
    "guidance note",
    report,
  );
  for (const note of guidanceNotes) {
    const instrument = instruments.find((i) => i.meta.id === note.instrument);
    if (!instrument) {
      report.error(
        note.origin.path,
        note.origin.point,
        `unknown instrument \`${note.instrument}\``,
        "guidance",
      );
      continue;
    }
    const known = new Set(instrument.articles.map((a) => a.number));
    for (const [i, article] of note.block.articles.entries())
      if (!known.has(article))
        report.error(
          note.origin.path,
          note.articlePoints[i] ?? note.origin.point,
          `article ${article} is not in ${instrument.meta.short}`,
          "unknown-article",
        );
  }

  const thesaurus = uniqueBy(all("thesaurus"), (c) => c.block.id, "concept id", report);
  const termOwner = new Map<string, ThesaurusConcept>();
  for (const concept of thesaurus) {
    for (const [key, point] of Object.entries(concept.termPoints)) {
      const term = key.slice(key.indexOf(":") + 1).toLocaleLowerCase();
      const owner = termOwner.get(term);
      if (owner && owner !== concept) {
        report.error(
          concept.origin.path,
          point,
          `the term \`${term}\` is already in concept \`${owner.block.id}\` (${at(owner.origin)}); a term belongs to one concept`,
          "thesaurus",
        );
      } else termOwner.set(term, concept);
    }
    for (const [i, article] of concept.block.articles.entries())
      if (primary && !articleTitles.has(article))
        report.error(
          concept.origin.path,
          concept.articlePoints[i] ?? concept.origin.point,
          `article ${article} is not in ${primary.meta.short}`,
          "unknown-article",
        );
  }

  const workplan = checkWorkplan(all("workplans"), {
    meetings: new Set(meetings.map((m) => m.row.id)),
    recommendations: new Set([...byId.keys(), ...declaredRecommendations]),
    articles: primary ? articleTitles : null,
    primaryName: primary?.meta.short ?? "",
    report,
  });

  return {
    sources,
    instruments,
    primary,
    countries: [...countries].sort((a, b) => a.meta.name.localeCompare(b.meta.name, "en")),
    recommendations,
    followups: all("followups"),
    meetings: [...meetings].sort((a, b) => a.row.start.localeCompare(b.row.start)),
    synonyms: all("synonyms"),
    pages,
    guidanceNotes: [...guidanceNotes].sort((a, b) => a.number - b.number),
    guidanceCollections: all("guidanceCollections"),
    thesaurus,
    workplan,
    fingerprint: "",
    fileCount: 0,
  };
}

/**
 * One workplan at most (its pages are /project); activity ids unique; every reference to another
 * activity, a meeting, a recommendation or an article resolves; a meeting is one activity's.
 */
function checkWorkplan(
  workplans: WorkplanRecord[],
  known: {
    meetings: ReadonlySet<string>;
    recommendations: ReadonlySet<string>;
    articles: ReadonlyMap<number, unknown> | null;
    primaryName: string;
    report: CorpusReport;
  },
): WorkplanRecord | null {
  const { report } = known;
  const [workplan, ...extra] = workplans;
  for (const other of extra)
    report.error(
      other.origin.path,
      other.origin.point,
      `only one workplan per corpus (the first is ${at(workplan!.origin)})`,
      "workplan",
    );
  if (!workplan) return null;
  const activities = uniqueBy(
    workplan.results.flatMap((r) => r.activities),
    (a) => a.id,
    "activity id",
    report,
  );
  const ids = new Set(activities.map((a) => a.id));
  const meetingOwner = new Map<string, ActivityRecord>();
  const error = (activity: ActivityRecord, point: ActivityRecord["origin"]["point"], message: string, rule: string) =>
    report.error(activity.origin.path, point, message, rule);
  for (const activity of activities) {
    activity.block.see.forEach((id, i) => {
      if (!ids.has(id))
        error(activity, activity.points.see[i] ?? activity.origin.point, `unknown activity \`${id}\``, "workplan");
    });
    activity.block.recommendations.forEach((id, i) => {
      if (!known.recommendations.has(id))
        error(
          activity,
          activity.points.recommendations[i] ?? activity.origin.point,
          `unknown recommendation \`${id}\``,
          "unknown-recommendation",
        );
    });
    activity.block.articles.forEach((n, i) => {
      if (known.articles && !known.articles.has(n))
        error(
          activity,
          activity.points.articles[i] ?? activity.origin.point,
          `article ${n} is not in ${known.primaryName}`,
          "unknown-article",
        );
    });
    const meeting = activity.block.meeting;
    if (meeting !== undefined) {
      const point = activity.points.meeting ?? activity.origin.point;
      const owner = meetingOwner.get(meeting);
      if (!known.meetings.has(meeting))
        error(activity, point, `unknown meeting \`${meeting}\`: no row of the meetings file has this id`, "workplan");
      else if (owner)
        error(
          activity,
          point,
          `meeting \`${meeting}\` is already activity ${owner.id}'s (${at(owner.origin)})`,
          "workplan",
        );
      else meetingOwner.set(meeting, activity);
    }
  }
  workplan.meta.indicators.forEach((indicator, i) => {
    indicator.recommendations.forEach((id, j) => {
      if (!known.recommendations.has(id))
        report.error(
          workplan.origin.path,
          workplan.indicatorPoints[i]?.[j] ?? workplan.origin.point,
          `unknown recommendation \`${id}\``,
          "unknown-recommendation",
        );
    });
  });
  return workplan;
}

function at(origin: { path: string; point: { line: number; column: number } }): string {
  return `${origin.path}:${origin.point.line}:${origin.point.column}`;
}

function uniqueBy<T extends { origin: { path: string; point: { line: number; column: number } } }>(
  items: T[],
  key: (item: T) => string,
  what: string,
  report: CorpusReport,
): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first) {
      report.error(
        item.origin.path,
        item.origin.point,
        `duplicate ${what} \`${k}\` (first defined at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    seen.set(k, item);
  }
  return [...seen.values()];
}

/** Every article from 1 to article_count appears once, and once in the structure. */
function checkInstrument(instrument: InstrumentRecord, report: CorpusReport): void {
  const { meta, articles, origin } = instrument;
  const seen = new Map<number, ArticleRecord>();
  for (const article of articles) {
    if (article.number < 1 || article.number > meta.article_count) {
      report.error(
        article.origin.path,
        article.origin.point,
        `article ${article.number} is outside 1–${meta.article_count}`,
        "unknown-article",
      );
      continue;
    }
    const first = seen.get(article.number);
    if (first) {
      report.error(
        article.origin.path,
        article.origin.point,
        `duplicate article ${article.number} (first at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    seen.set(article.number, article);
    if (article.title === null && article.block.title_verified) {
      report.error(
        article.origin.path,
        article.origin.point,
        `article ${article.number} has no title: write it after a dash, or set title_verified: false`,
        "instrument",
      );
    }
  }
  const missing: number[] = [];
  for (let n = 1; n <= meta.article_count; n++) if (!seen.has(n)) missing.push(n);
  if (missing.length > 0) {
    report.error(
      origin.path,
      origin.point,
      `${meta.id}: missing article${missing.length > 1 ? "s" : ""} ${compactRanges(missing)}`,
      "instrument",
    );
  }
  const placed = new Map<number, number>();
  for (const n of structureArticles(meta.structure).keys()) placed.set(n, (placed.get(n) ?? 0) + 1);
  const unplaced: number[] = [];
  for (let n = 1; n <= meta.article_count; n++) if (!placed.has(n)) unplaced.push(n);
  if (unplaced.length > 0) {
    report.error(
      origin.path,
      origin.point,
      `${meta.id}: structure does not place article${unplaced.length > 1 ? "s" : ""} ${compactRanges(unplaced)}`,
      "instrument",
    );
  }
}

function checkAnalyses(
  analyses: AnalysisRecord[],
  articles: Map<number, ArticleRecord>,
  havePrimary: boolean,
  report: CorpusReport,
): void {
  const seen = new Map<number, AnalysisRecord>();
  for (const analysis of analyses) {
    const { path, point } = analysis.origin;
    if (havePrimary && !articles.has(analysis.article)) {
      report.error(
        path,
        point,
        `article ${analysis.article} is not in the primary instrument (1–${articles.size})`,
        "unknown-article",
      );
      continue;
    }
    const first = seen.get(analysis.article);
    if (first) {
      report.error(
        path,
        point,
        `duplicate section for article ${analysis.article} (first at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    seen.set(analysis.article, analysis);
    const official = articles.get(analysis.article)?.title;
    if (
      havePrimary &&
      analysis.headingTitle !== null &&
      official &&
      normalise(analysis.headingTitle) !== normalise(official)
    ) {
      report.error(
        path,
        point,
        `heading title differs from the Convention's: \`${official}\``,
        "article-title",
      );
    }
  }
}

/** What checkAnalyses found in a country's analyses, against which instrument's articles. */
const analysisFindings = new WeakMap<
  readonly AnalysisRecord[],
  { against: readonly ArticleRecord[] | undefined; messages: CorpusMessage[] }
>();

/**
 * The sources of the last assembly by id, with what was found doing it: kept while every file's
 * list of sources is the very same array (from the parse cache), so that a save of an analysis
 * does not go through every source of the corpus again. Nothing changes the map it returns.
 */
let lastSources: {
  lists: readonly SourceRecord[][];
  map: Map<string, SourceRecord>;
  messages: CorpusMessage[];
} | null = null;

/** Every file's sources by id; a duplicate id is reported and the first one kept. */
function sourcesOf(parts: readonly FileRecords[], report: CorpusReport): Map<string, SourceRecord> {
  const lists = parts.map((p) => p.sources).filter((list) => list.length > 0);
  const kept = lastSources;
  if (kept?.lists.length === lists.length && lists.every((list, i) => list === kept.lists[i])) {
    report.messages.push(...kept.messages);
    return kept.map;
  }
  const own = new CorpusReport();
  const map = new Map<string, SourceRecord>();
  for (const source of lists.flat()) {
    const first = map.get(source.id);
    if (first) {
      own.error(
        source.origin.path,
        source.origin.point,
        `duplicate source id \`${source.id}\` (first defined at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    map.set(source.id, source);
  }
  lastSources = { lists, map, messages: own.messages };
  report.messages.push(...own.messages);
  return map;
}

/** The sources map a file's (cached) source uses were last found all known in. */
const usesKnownIn = new WeakMap<readonly { id: string }[], ReadonlyMap<string, SourceRecord>>();

/** The distinct ids of a file's source uses, worked out once for the (cached) array. */
const distinctIdsOf = new WeakMap<readonly { id: string }[], string[]>();
function distinctIds(uses: readonly { id: string }[]): string[] {
  let ids = distinctIdsOf.get(uses);
  if (!ids) {
    ids = [...new Set(uses.map((u) => u.id))];
    distinctIdsOf.set(uses, ids);
  }
  return ids;
}

/** Titles compared without case and punctuation; the same few dozen titles recur thousands of times. */
const normalised = new Map<string, string>();
function normalise(title: string): string {
  let out = normalised.get(title);
  if (out === undefined) {
    out = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
    if (normalised.size > 10_000) normalised.clear();
    normalised.set(title, out);
  }
  return out;
}
