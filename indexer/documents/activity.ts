/**
 * One document per activity of the project's workplan: searchable as its own kind, with its
 * planned dates, the countries concerned, its status and the sources that confirm it, if any.
 */
import type { DocumentOf, Period } from "../contract.js";
import type { ActivityRecord } from "../extract/index.js";
import { periodLabel } from "../project-calendar.js";
import {
  EMPTY,
  excerpt,
  ORDER,
  originText,
  slug,
  unique,
  yearOf,
  type BuildContext,
  type Draft,
} from "./common.js";

/** Words for an activity's status in its search text. */
const STATUS_TEXT = {
  planned: "planned (only the workplan names it)",
  held: "held (confirmed by another source)",
  cancelled: "cancelled",
  moved: "moved",
} as const;

/** The activity a number belongs under: the longest other number it extends (1.3.4.4 → 1.3.4). */
export function parentNumber(number: string, numbers: ReadonlySet<string>): string | null {
  const parts = number.split(".");
  for (let n = parts.length - 1; n > 0; n--) {
    const candidate = parts.slice(0, n).join(".");
    if (numbers.has(candidate)) return candidate;
  }
  return null;
}

/** A planned or confirmed period as documents carry it. */
export function period(p: {
  start?: string | undefined;
  end?: string | undefined;
  place?: string | undefined;
  note?: string | undefined;
}): Period {
  return {
    start: p.start ?? "",
    end: p.end ?? null,
    label: p.start ? periodLabel(p.start, p.end ?? null) : "",
    place: p.place ?? null,
    note: p.note ?? null,
  };
}

/** The workplan's activities as documents, in the workplan's order. */
export function activityDocuments(ctx: BuildContext): Draft<DocumentOf<"activity">>[] {
  const workplan = ctx.corpus.workplan;
  if (!workplan) return [];
  const all = workplan.results.flatMap((result) =>
    result.activities.map((activity) => ({ activity, result })),
  );
  const numbers = new Set(all.map(({ activity }) => activity.number));
  const idOfNumber = new Map<string, string>();
  for (const { activity } of all)
    if (!idOfNumber.has(activity.number)) idOfNumber.set(activity.number, activity.id);
  const parentOf = (a: ActivityRecord) => {
    const number = parentNumber(a.number, numbers);
    return number === null ? null : (idOfNumber.get(number) ?? null);
  };
  const meetings = new Map(ctx.corpus.meetings.map((m) => [m.row.id, m.row]));

  return all.map(({ activity: a, result }, index) => {
    const b = a.block;
    const meeting = b.meeting ? (meetings.get(b.meeting) ?? null) : null;
    const evidence = b.evidence
      ? {
          ...period({
            start: b.evidence.start ?? meeting?.start,
            end: b.evidence.end ?? meeting?.end,
            place: b.evidence.place ?? meeting?.place,
            note: b.evidence.note,
          }),
          sources: ctx.sourceRefs(b.evidence.sources),
        }
      : null;
    const planned = b.planned.map(period);
    const sources = ctx.sourceRefs(unique([...b.sources, ...(b.evidence?.sources ?? [])]));
    const countries = [...b.countries].sort();
    const only = countries.length === 1 ? countries[0]! : null;
    const articles = [...b.articles].sort((x, y) => x - y);
    const when = planned.map((p) => [p.label, p.place].filter(Boolean).join(", ")).join("; ");
    const line = `Activity ${a.number} of ${workplan.meta.title}. Planned: ${when || "see the activities it refers to"}. Status: ${STATUS_TEXT[b.status]}${evidence?.label ? `, ${evidence.label}` : ""}.`;
    return {
      ...EMPTY,
      id: `activity-${slug(a.id)}`,
      kind: "activity" as const,
      title: `Activity ${a.number} – ${a.title}`,
      country: only,
      countryName: only ? (ctx.countryName.get(only) ?? only) : null,
      countries,
      articles,
      articleRefs: articles.map(String),
      chapter: ctx.places.get(articles[0] ?? 0)?.chapter ?? null,
      source: ctx.publishers(sources),
      // The date a source confirms; a planned date is not an event, so it is no sort key.
      date: evidence?.start || null,
      year: yearOf(evidence?.start || planned[0]?.start),
      keywords: unique([
        workplan.meta.title,
        "workplan",
        `activity ${a.number}`,
        ...planned.flatMap((p) => (p.place ? [p.place] : [])),
      ]),
      recommendations: [...b.recommendations],
      summary: excerpt(a.text),
      text: `${line}\n\n${a.text}`,
      html: a.html,
      url: `/project/activities/${encodeURIComponent(a.id)}`,
      order: ORDER.activity + index,
      sources,
      origin: originText(a.origin),
      data: {
        id: a.id,
        number: a.number,
        activityTitle: a.title,
        workplan: workplan.meta.id,
        result: result.number,
        resultTitle: result.title,
        form: b.form,
        status: b.status,
        planned,
        evidence,
        meeting: meeting
          ? {
              id: meeting.id,
              name: meeting.name,
              place: meeting.place,
              start: meeting.start,
              end: meeting.end,
              planned: false,
              activity: a.id,
            }
          : null,
        parent: parentOf(a),
        children: all
          .filter(({ activity }) => parentOf(activity) === a.id)
          .map(({ activity }) => activity.id),
        see: [...b.see],
        requests: [...b.requests],
        analyses: b.analyses,
      },
    };
  });
}
