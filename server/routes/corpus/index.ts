/**
 * `/api/corpus/status` and `/corpus/status`: what the live corpus is doing — the last
 * publication (time, id, what changed), the document count, whether a publication is under way,
 * and every current problem with its position. A read-only instance (not watching) reports what
 * the live index says of itself. For editors and administrators only: a problem names a file and
 * quotes its text (a working group's restricted page too), and the push state names the remote
 * (whose URL may carry a credential) with git's own messages.
 */
import { z } from "zod";
import type { CorpusStatus } from "../../../indexer/index.js";
import { requireRole } from "../../auth/index.js";
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import type { RouteDeps } from "../deps.js";

const ProblemJson = z.strictObject({
  path: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
  rule: z.string(),
});

export const CorpusStatusJson = z.strictObject({
  watching: z.boolean().describe("This instance watches the corpus folder and publishes saves."),
  publishing: z.boolean().describe("A publication is under way."),
  lastPublication: z
    .strictObject({
      id: z.string().describe("The published corpus's fingerprint (first 12 characters)."),
      at: z.string(),
      mode: z
        .enum(["full", "incremental", "unchanged", "earlier"])
        .describe(
          "earlier: what the live index says of itself, published before this instance started (a corpus with problems at start publishes nothing).",
        ),
      documents: z.number(),
      added: z.number(),
      updated: z.number(),
      deleted: z.number(),
      failedHosts: z.array(z.string()),
    })
    .nullable(),
  documents: z.number().nullable(),
  problems: z.array(ProblemJson).describe("The corpus's current problems; empty when it is clean."),
  checkedAt: z.string().nullable(),
  error: z.string().nullable(),
  editing: z
    .strictObject({
      enabled: z.boolean().describe("This instance serves proposals and review."),
      reason: z.string().nullable().describe("Why not, when it does not."),
      branch: z.string().nullable().describe("The corpus branch proposals merge into."),
    })
    .describe("Editing in the browser: only the instance that holds the corpus work tree serves it."),
  push: z
    .strictObject({
      remote: z.string(),
      pending: z.boolean().describe("A push is owed: the last attempt failed (it is retried)."),
      lastSuccessAt: z.string().nullable(),
      lastAttemptAt: z.string().nullable(),
      lastError: z.string().nullable(),
      failures: z.number(),
      nextAttemptAt: z.string().nullable(),
    })
    .nullable()
    .describe("Pushing the corpus to CORPUS_PUSH_REMOTE after each accept; null when not set."),
});

/** The publisher's status; its last publication may be the index's own record (`earlier`). */
type LiveStatus = Omit<CorpusStatus, "lastPublication"> & {
  lastPublication: z.infer<typeof CorpusStatusJson>["lastPublication"];
};

export function corpusRoutes(deps: RouteDeps): RouteSpec[] {
  /** The corpus's status with the editing and push state. */
  const status = async (): Promise<z.infer<typeof CorpusStatusJson>> => {
    const e = deps.editing;
    return {
      ...(await live()),
      editing: e.enabled
        ? { enabled: true, reason: null, branch: e.service.repo.branch }
        : { enabled: false, reason: e.reason, branch: null },
      push: e.enabled ? e.service.push() : null,
    };
  };
  /** What the published index says of itself: its corpus id and when it was built. */
  const published = async (mode: "unchanged" | "earlier") => {
    const catalog = await deps.catalog.get();
    return catalog.fingerprint && catalog.builtAt
      ? {
          id: catalog.fingerprint.slice(0, 12),
          at: catalog.builtAt,
          mode,
          documents: 0,
          added: 0,
          updated: 0,
          deleted: 0,
          failedHosts: [],
        }
      : null;
  };
  /** The live publisher's status, or what the published index says of itself. */
  const live = async (): Promise<LiveStatus> => {
    if (deps.corpus) {
      const own = deps.corpus.status();
      // Nothing published since this instance started (the corpus had a problem at start, say):
      // the site serves what the index already held, and the page says when that was made.
      if (own.lastPublication || own.publishing) return own;
      return { ...own, lastPublication: await published("earlier") };
    }
    return {
      watching: false,
      publishing: false,
      lastPublication: await published("unchanged"),
      documents: null,
      problems: [],
      checkedAt: null,
      error: null,
    };
  };
  return [
    route({
      path: "/api/corpus/status",
      middleware: [requireRole("editor")],
      doc: {
        tag: "corpus",
        summary:
          "The live corpus: last publication, document count, publication under way, problems (editors and administrators)",
        response: CorpusStatusJson,
        errors: ["unauthorized", "forbidden"],
      },
      async handle(_req, res) {
        res.setHeader("Cache-Control", "private, no-store");
        res.json((await status()) satisfies z.infer<typeof CorpusStatusJson>);
      },
    }),
    route({
      path: "/corpus/status",
      middleware: [requireRole("editor")],
      async handle(req, res) {
        res.setHeader("Cache-Control", "private, no-store");
        const s = await status();
        res.send(
          deps.render(req, "corpus-status", {
            page: { title: tr(req).t("corpus.title"), nav: "corpus", jsonUrl: "/api/corpus/status" },
            ...s,
            problemCount: s.problems.length,
          }),
        );
      },
    }),
  ];
}
