/**
 * A proposal's title: what it changes, in one line. The service writes it in English into the
 * commit message and the record; the pages write it again in the reader's language from the same
 * change, so the two never disagree on what is said.
 */
import { isDeepStrictEqual } from "node:util";
import type { Translator } from "../i18n.js";
import type { Change } from "./record.js";

/** The fields of an article section, each with a word for titles (`proposals.fieldWord.<f>`). */
export const ANALYSIS_FIELDS: ReadonlySet<string> = new Set([
  "status",
  "provisions",
  "as_of",
  "sources",
  "missing",
  "analysis",
  "gaps",
]);

/** The fields of a change whose value differs (every field of a new entry). */
export function fieldsChanged(change: Pick<Change, "before" | "after">): string[] {
  return change.before === null
    ? Object.keys(change.after)
    : Object.keys(change.after).filter(
        (k) => !isDeepStrictEqual(change.before?.[k], change.after[k]),
      );
}

/** The title of a proposal whose first change is `main`, in `t`'s language. */
export function proposalTitle(
  main: Change,
  countryName: (code: string) => string,
  t: Translator,
): string {
  const country = countryName(String(main.target["country"] ?? ""));
  const word = (key: string) => t.t(key).toLocaleLowerCase(t.lang);
  switch (main.kind) {
    case "analysis": {
      const before = (main.before as { status?: string } | null)?.status;
      const after = (main.after as { status?: string }).status;
      const what =
        before !== after
          ? `${before ? word(`status.${before}`) : t.t("proposals.title.none")} → ${word(`status.${after}`)}`
          : fieldsChanged(main)
              .map((f) => (ANALYSIS_FIELDS.has(f) ? t.t(`proposals.fieldWord.${f}`) : f))
              .join(", ") || t.t("proposals.title.noChange");
      return t.t("proposals.title.analysis", { country, n: main.target["article"], what });
    }
    case "profile":
      return t.t("proposals.title.profile", {
        country,
        lists:
          Object.keys(main.regions)
            .map((list) => t.t(`proposalForm.list.${list}.short`))
            .join(", ") || t.t("proposals.title.noChange"),
      });
    case "followup": {
      const after = main.after as { date?: string; status?: string };
      return t.t("proposals.title.followup", {
        id: main.target["recommendation"],
        country,
        date: t.date(after.date ?? ""),
        status: word(`status.${after.status ?? "unknown"}`),
      });
    }
    case "source":
      return t.t("proposals.title.source", { id: String((main.after as { id?: string }).id) });
  }
}
