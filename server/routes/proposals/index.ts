/**
 * Proposals, review and publication in the browser and the API: `/proposals/new` (the edit form
 * for a section, a profile's lists, a follow-up entry or a source, with a preview), `/proposals`
 * (the review queue for editors, "my proposals" for contributors), `/proposals/:id` (the diff,
 * comments, accept, reject, withdraw, conflict resolution), `/feeds/proposals.atom`, and the
 * JSON API under `/api/proposals`. Contributors propose, editors accept; every form carries the
 * CSRF token, the API takes it or an API token. Served only where the corpus work tree is.
 */
import express, { type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import {
  readAnalysis,
  readProfile,
  type KbDocument,
  type SourceFields,
} from "../../../indexer/index.js";
import { requestAuth, requireCsrf, requireRole } from "../../auth/index.js";
import { countryFile, sourcesFiles } from "../../editing/changes.js";
import type { CorpusState } from "../../editing/corpus-state.js";
import { ProposalInputSchema, type ProposalInput } from "../../editing/input.js";
import {
  EventSchema,
  PROPOSAL_STATUSES,
  ProposalIdSchema,
  type Proposal,
} from "../../editing/record.js";
import {
  ConflictError,
  ProposalCheckError,
  type EditingService,
  type ProposalDetail,
} from "../../editing/service.js";
import { AppError, NotFoundError } from "../../errors.js";
import { proposalTitle } from "../../editing/title.js";
import { tr, translator, type Translator } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { atLeast, canRead, type Caller } from "../../search/access.js";
import { xml } from "../history/atom.js";
import type { RouteDeps } from "../deps.js";
import {
  anchorOf,
  FORM_KINDS,
  formGroups,
  inputErrors,
  labelOf,
  proposalOf,
  readForm,
  sourceValues,
  valuesOf,
  type FormKind,
} from "./form.js";
import {
  CommentBody,
  ProposalJson,
  ProposalListJson,
  ProposalResultJson,
  ReasonBody,
  WithdrawBody,
} from "./json.js";
import { conflictJson, changeJson, previewViews, proposalJson, summaryJson } from "./model.js";

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

const NewShape = {
  kind: z.enum(FORM_KINDS).describe("analysis, followup, source or profile."),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, { error: "expected a country code such as GE" })
    .optional(),
  article: z
    .string()
    .regex(/^\d{1,3}$/, { error: "expected an article number" })
    .optional(),
  recommendation: z.string().max(40).optional(),
};

const ListShape = {
  status: z
    .enum([...PROPOSAL_STATUSES, "all"])
    .optional()
    .describe("open (the default), accepted, rejected, withdrawn or all."),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: "expected a country code such as GE" })
    .optional(),
  article: z
    .string()
    .regex(/^\d{1,3}$/, { error: "expected an article number" })
    .optional(),
  contributor: z.string().max(200).optional().describe("Part of the contributor's name."),
  age: z
    .enum(["week", "month", "older"])
    .optional()
    .describe("Opened in the last 7 days, the last 30 days, or more than 30 days ago."),
};
type ListQuery = z.infer<z.ZodObject<typeof ListShape>>;

/** What the page says after an action (`proposals.done.<key>`). */
export const DONE_KEYS = ["created", "commented", "accepted", "rejected", "withdrawn"] as const;
type Done = (typeof DONE_KEYS)[number];
const DetailShape = { done: z.enum(DONE_KEYS).optional() };

/** The events of a proposal's record, each with words (`proposals.event.<type>`). */
const EVENT_TYPES: readonly string[] = EventSchema.shape.type.options;
const eventLabel = (t: Translator, type: string) =>
  EVENT_TYPES.includes(type) ? t.t(`proposals.event.${type}`) : type;
const statusLabel = (t: Translator, status: string) => t.t(`proposals.status.${status}`);

/** How long ago, in words: "today", "1 day ago", "12 days ago". */
function ago(t: Translator, ms: number): string {
  const days = Math.max(0, Math.floor(ms / 86_400_000));
  return days === 0 ? t.t("proposals.today") : t.t("proposals.daysAgo", { count: days });
}

/** Country names of a corpus state by code (the code where a name is not known). */
function namesIn(state: CorpusState): (code: string) => string {
  const names = new Map(state.run.corpus.countries.map((c) => [c.meta.code, c.meta.name]));
  return (code) => names.get(code) ?? code;
}

/** A proposal's title in the reader's language, from its first change. */
function titleIn(p: Proposal, state: CorpusState, t: Translator): string {
  const main = p.changes[0];
  return main ? proposalTitle(main, namesIn(state), t) : p.title;
}

/** Filters a list by the queue's parameters; open and oldest first by default. */
function filtered(list: Proposal[], q: ListQuery, now: Date): Proposal[] {
  const status = q.status ?? "open";
  const day = 86_400_000;
  const age = (p: Proposal) => (now.getTime() - Date.parse(p.createdAt)) / day;
  const who = q.contributor?.trim().toLowerCase();
  return list
    .filter((p) => status === "all" || p.status === status)
    .filter((p) => !q.country || p.country === q.country)
    .filter((p) => !q.article || p.article === Number(q.article))
    .filter((p) => !who || p.author.name.toLowerCase().includes(who))
    .filter(
      (p) =>
        !q.age || (q.age === "week" ? age(p) <= 7 : q.age === "month" ? age(p) <= 30 : age(p) > 30),
    )
    .sort((a, b) =>
      status === "open"
        ? a.createdAt.localeCompare(b.createdAt)
        : b.updatedAt.localeCompare(a.updatedAt),
    );
}

export function proposalRoutes(deps: RouteDeps): RouteSpec[] {
  const forms = express.urlencoded({ extended: false, limit: "512kb", parameterLimit: 3000 });
  const json = express.json({ limit: "512kb" });

  const editing = (): EditingService => {
    const e = deps.editing;
    if (!e.enabled)
      throw new AppError(
        "editing_unavailable",
        `Editing happens on the main instance, the one that holds the corpus's git work tree; this instance serves the knowledge base read-only (${e.reason}).`,
      );
    return e.service;
  };
  const callerOf = (res: Response): Caller => {
    const caller = requestAuth(res).caller;
    if (!caller) throw new AppError("unauthorized", "Sign in to propose or review changes.");
    return caller;
  };
  const idOf = (req: Request): string => {
    const id = String(req.params["id"] ?? "");
    if (!ProposalIdSchema.safeParse(id).success)
      throw new NotFoundError(`There is no proposal ${id.slice(0, 40)}.`, [
        { href: "/proposals", label: "Proposals" },
      ]);
    return id;
  };
  const today = () => deps.now().toISOString().slice(0, 10);

  /** The readable document of a target (a 404 for one the caller may not read or that is not there). */
  const readable = (state: CorpusState, find: (d: KbDocument) => boolean, what: string) => {
    const doc = state.run.documents.find(find);
    if (!doc || !canRead(doc)) throw new NotFoundError(`There is no ${what} to change.`);
    return doc;
  };

  /** The form's heading, where it came from, and the target as hidden fields. */
  const context = (
    state: CorpusState,
    kind: FormKind,
    target: Record<string, string>,
    t: Translator,
  ) => {
    const cc = (target["country"] ?? "").toUpperCase();
    const country = state.run.corpus.countries.find((c) => c.meta.code === cc)?.meta.name ?? cc;
    switch (kind) {
      case "analysis": {
        const n = Number(target["article"]);
        const title = state.run.corpus.primary?.articles.find((a) => a.number === n)?.title ?? null;
        return {
          heading: t.t("proposalForm.heading.analysis", { country, n }),
          // The Convention's own title of the article, in English.
          articleTitle: title,
          lede: t.t("proposalForm.lede.analysis"),
          recTitle: null,
          back: {
            href: `/countries/${cc}#art-${n}`,
            label: t.t("proposalForm.back.article", { country, n }),
          },
        };
      }
      case "profile":
        return {
          heading: t.t("proposalForm.heading.profile", { country }),
          lede: t.t("proposalForm.lede.profile"),
          recTitle: null,
          articleTitle: null,
          back: {
            href: `/countries/${cc}#authorities`,
            label: t.t("proposalForm.back.country", { country }),
          },
        };
      case "followup": {
        const rec = state.run.corpus.recommendations.find((r) => r.id === target["recommendation"]);
        return {
          heading: t.t("proposalForm.heading.followup", { id: target["recommendation"], country }),
          lede: t.t("proposalForm.lede.followup"),
          // The recommendation's own words are corpus content, in English.
          recTitle: rec?.title ?? null,
          articleTitle: null,
          back: {
            href: `/recommendations/${encodeURIComponent(target["recommendation"] ?? "")}#${cc}`,
            label: t.t("proposalForm.back.recommendation", { id: target["recommendation"] }),
          },
        };
      }
      case "source":
        return {
          heading: t.t("proposalForm.heading.source"),
          lede: t.t("proposalForm.lede.source"),
          recTitle: null,
          articleTitle: null,
          back: cc
            ? { href: `/countries/${cc}`, label: t.t("proposalForm.back.country", { country }) }
            : { href: "/", label: t.t("nav.home") },
        };
    }
  };

  /** Renders the edit form (new proposal, or an editor resolving a conflict). */
  const formPage = async (
    req: Request,
    res: Response,
    options: {
      kind: FormKind;
      target: Record<string, string>;
      values: Record<string, string>;
      errors: Record<string, string[]>;
      preview?: KbDocument[];
      status?: number;
      resolve?: { proposal: Proposal; current: Record<string, string> };
    },
  ) => {
    const service = editing();
    const state = await service.state();
    const t = tr(req);
    const { kind, target, values, errors } = options;
    const groups = formGroups(
      kind,
      values,
      errors,
      { withSource: kind !== "source", current: options.resolve?.current ?? null },
      t,
    );
    const ctx = context(state, kind, target, t);
    const files = sourcesFiles(state, service.repo.prefix);
    const errorList = Object.entries(errors).map(([name, messages]) => ({
      href: `#${anchorOf(name, groups)}`,
      label: labelOf(name, t),
      message: messages.join(" "),
    }));
    const sourceIds = [...state.run.corpus.sources.values()]
      .map((s) => ({ id: s.id, title: s.title }))
      .sort((a, b) => a.id.localeCompare(b.id));
    res.status(options.status ?? 200);
    res.setHeader("Cache-Control", "no-store");
    res.send(
      deps.render(req, "proposal-form", {
        page: {
          title: options.resolve
            ? t.t("proposalForm.resolvePageTitle", {
                title: titleIn(options.resolve.proposal, state, t),
              })
            : t.t("proposalForm.pageTitle", {
                heading: ctx.articleTitle ? `${ctx.heading} – ${ctx.articleTitle}` : ctx.heading,
              }),
          nav: "proposals",
        },
        ...ctx,
        kind,
        isSource: kind === "source",
        hidden: Object.entries({ ...target, kind: String(kind) })
          .filter(([k, v]) => v !== "" && k !== "file")
          .map(([name, value]) => ({ name, value })),
        groups,
        errorCount: errorList.length,
        errorList,
        fileField:
          kind === "source"
            ? {
                value: values["file"] ?? "",
                options: files.map((f) => ({ value: f, selected: f === values["file"] })),
                error: errors["source.file"]?.join(" ") ?? null,
              }
            : null,
        note: values["note"] ?? "",
        sourceIds,
        preview: options.preview ? previewViews(options.preview) : null,
        previewEmpty: options.preview !== undefined && options.preview.length === 0,
        action: options.resolve
          ? `/proposals/${options.resolve.proposal.id}/resolve`
          : "/proposals/new",
        resolving: options.resolve
          ? {
              id: options.resolve.proposal.id,
              url: `/proposals/${options.resolve.proposal.id}`,
              title: titleIn(options.resolve.proposal, state, t),
            }
          : null,
        csrf: requestAuth(res).csrf,
      }),
    );
  };

  /** The current values of a target, for a new form (404 when it is not there or not readable). */
  const startValues = async (kind: FormKind, target: Record<string, string>) => {
    const state = await editing().state();
    const cc = target["country"] ?? "";
    switch (kind) {
      case "analysis": {
        const n = Number(target["article"]);
        readable(
          state,
          (d) => d.kind === "analysis" && d.country === cc && d.articles[0] === n,
          "such section",
        );
        const path = countryFile(state, cc);
        const snapshot = path ? readAnalysis(state.files.get(path) ?? "", n) : null;
        if (!snapshot) throw new NotFoundError("There is no such section to change.");
        return valuesOf(kind, snapshot.fields);
      }
      case "profile": {
        readable(state, (d) => d.kind === "profile" && d.country === cc, "such country");
        const path = countryFile(state, cc);
        const snapshot = path ? readProfile(state.files.get(path) ?? "") : null;
        if (!snapshot) throw new NotFoundError("There is no such country profile to change.");
        return valuesOf(kind, snapshot.fields);
      }
      case "followup": {
        const id = target["recommendation"] ?? "";
        readable(
          state,
          (d) => d.kind === "recommendation" && (d.data as { id?: string }).id === id,
          "such recommendation",
        );
        const rec = state.run.corpus.recommendations.find((r) => r.id === id);
        if (!rec || !rec.block.countries.includes(cc))
          throw new NotFoundError(
            `There is no recommendation ${id.slice(0, 40)} addressed to ${cc}.`,
          );
        return { date: today(), status: "", event: "", sources: "" };
      }
      case "source": {
        const files = sourcesFiles(state, editing().repo.prefix);
        const own = files.find((f) => f.endsWith(`/${cc.toLowerCase()}.md`));
        return {
          file: own ?? files[0] ?? "",
          "source.seen": today(),
          "source.official": "false",
        };
      }
    }
  };

  const targetOf = (q: z.infer<z.ZodObject<typeof NewShape>>): Record<string, string> => {
    const t: Record<string, string> = {};
    if (q.country) t["country"] = q.country.toUpperCase();
    if (q.article) t["article"] = String(Number(q.article));
    if (q.recommendation) t["recommendation"] = q.recommendation;
    const need: Record<FormKind, string[]> = {
      analysis: ["country", "article"],
      profile: ["country"],
      followup: ["recommendation", "country"],
      source: [],
    };
    const missing = need[q.kind].filter((k) => !t[k]);
    if (missing.length > 0)
      throw new AppError(
        "invalid_query",
        `A ${q.kind} proposal needs \`${missing.join("` and `")}\`.`,
        {
          field: missing[0] ?? "",
        },
      );
    return t;
  };

  /** The proposal page (also re-rendered after a failed action, with the reason). */
  const detailPage = async (
    req: Request,
    res: Response,
    detail: ProposalDetail,
    extra: {
      status?: number;
      done?: Done | null;
      error?: AppError | null;
      problems?: string[];
      resolveGroups?: ReturnType<typeof formGroups> | null;
      reason?: string;
      comment?: string;
    } = {},
  ) => {
    const caller = callerOf(res);
    const p = detail.proposal;
    const open = p.status === "open";
    const editor = atLeast(caller.role, "editor");
    const author = p.author.id === caller.id;
    const t = tr(req);
    const state = await editing().state();
    const names = namesIn(state);
    const changes = p.changes
      .map((c) => changeJson(c, names, t))
      .map((c) => ({
        ...c,
        fields: c.fields.map((f) => ({
          ...f,
          words:
            f.words?.map((w) => ({
              text: w.text,
              inserted: w.change === "inserted",
              deleted: w.change === "deleted",
            })) ?? null,
        })),
      }));
    const conflicts = detail.conflicts.map((c) => conflictJson(c, names, t));
    const title = titleIn(p, state, t);
    res.status(extra.status ?? 200);
    res.setHeader("Cache-Control", "no-store");
    res.send(
      deps.render(req, "proposal", {
        page: {
          title: t.t("proposals.pageTitle", { title }),
          nav: "proposals",
          jsonUrl: `/api/proposals/${p.id}`,
        },
        p: {
          ...summaryJson(p),
          title,
          note: p.note,
          statusLabel: statusLabel(t, p.status),
          proposalBranch: `proposals/${p.id}`,
          branch: p.branch,
          base: p.base.slice(0, 10),
          merge: p.merge?.slice(0, 10) ?? null,
          createdDay: p.createdAt.slice(0, 10),
        },
        changes,
        conflicts,
        preview: previewViews(detail.preview),
        events: p.events.map((e) => ({
          at: e.at,
          day: e.at.slice(0, 10),
          time: e.at.slice(11, 16),
          by: e.by.name,
          label: eventLabel(t, e.type),
          // The note the server wrote when it found an interrupted accept, in the reader's words
          // (the record keeps the English one).
          text: e.type === "interrupted" ? t.t("proposals.interruptedNote") : e.text,
          isComment: e.type === "comment",
        })),
        can: {
          comment: editor || author,
          accept: open && editor && conflicts.length === 0,
          reject: open && editor,
          decide: open && editor,
          withdraw: open && author,
          resolve: open && editor && conflicts.length > 0,
        },
        resolveUrl: `/proposals/${p.id}/resolve`,
        done: extra.done ? t.t(`proposals.done.${extra.done}`) : null,
        error: extra.error
          ? {
              // What went wrong in the reader's language; the precise message as written.
              explanation: t.lang === "en" ? null : t.t(`errors.explain.${extra.error.id}`),
              message: extra.error.message,
            }
          : null,
        problems: extra.problems ?? [],
        reasonValue: extra.reason ?? "",
        commentValue: extra.comment ?? "",
        csrf: requestAuth(res).csrf,
      }),
    );
  };

  /** Runs a proposal action from a form; a refusal re-renders the page with the reason. */
  const formAction = async (
    req: Request,
    res: Response,
    act: (
      service: EditingService,
      caller: Caller,
      id: string,
      body: Record<string, string>,
      t: Translator,
    ) => Promise<Done>,
  ) => {
    const service = editing();
    const caller = callerOf(res);
    const id = idOf(req);
    const body: Record<string, string> = {};
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>))
      if (typeof v === "string") body[k] = v;
    try {
      const done = await act(service, caller, id, body, tr(req));
      res.redirect(303, `/proposals/${id}?done=${done}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404 || error.status === 401) throw error;
      const detail = await service.get(id, caller);
      await detailPage(req, res, detail, {
        status: error.status,
        error,
        problems:
          error instanceof ProposalCheckError
            ? [
                ...Object.entries(error.problems).map(
                  ([f, m]) => `${labelOf(f, tr(req))}: ${m.join(" ")}`,
                ),
                ...error.other,
              ]
            : [],
        reason: body["reason"] ?? "",
        comment: body["text"] ?? "",
      });
    }
  };

  const reasonOf = (
    body: Record<string, string>,
    required: boolean,
    t: Translator,
  ): string | null => {
    const reason = (body["reason"] ?? "").trim().slice(0, 2000);
    if (required && !reason)
      throw new AppError("validation_failed", t.t("proposals.giveReason"), {
        fields: { reason: "give a reason" },
      });
    return reason || null;
  };

  /** A JSON body validated with `schema` (a 400 naming the field otherwise). */
  const bodyOf = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors = inputErrors(parsed.error);
      const first = Object.entries(errors)[0];
      throw new AppError(
        "validation_failed",
        `The request body has problems: ${first ? `\`${first[0]}\`: ${first[1].join(" ")}` : "invalid"}.`,
        {
          fields: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.join(" ")])),
        },
      );
    }
    return parsed.data;
  };

  /** Country names of the corpus as it is now. */
  const namesOf = async () => namesIn(await editing().state());

  const apiResult = async (
    res: Response,
    service: EditingService,
    caller: Caller,
    p: Proposal,
    status = 200,
  ) => {
    res.status(status).json({
      proposal: proposalJson(await service.get(p.id, caller), await namesOf()),
    } satisfies z.infer<typeof ProposalResultJson>);
  };

  const IdParam = { id: ProposalIdSchema.describe("The proposal's id, such as 20261130-k3f9qa.") };
  const API_ERRORS = [
    "unauthorized",
    "forbidden",
    "csrf_failed",
    "not_found",
    "editing_unavailable",
  ] as const;

  return [
    route({
      path: "/proposals/new",
      query: NewShape,
      middleware: [requireRole("contributor"), noStore],
      async handle(req, res, q) {
        const target = targetOf(q);
        const values = await startValues(q.kind, target);
        await formPage(req, res, { kind: q.kind, target, values, errors: {} });
      },
    }),
    route({
      method: "post",
      path: "/proposals/new",
      middleware: [requireRole("contributor"), noStore, forms, requireCsrf],
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const { kind, values, target, action } = readForm(
          (req.body ?? {}) as Record<string, unknown>,
        );
        if (!kind)
          throw new AppError("invalid_query", "The form does not say what it changes (`kind`).", {
            field: "kind",
          });
        if (action.startsWith("add:")) {
          await formPage(req, res, { kind, target, values, errors: {} });
          return;
        }
        const { input, errors } = proposalOf(kind, target, values);
        if (!input) {
          await formPage(req, res, { kind, target, values, errors, status: 422 });
          return;
        }
        if (action === "preview") {
          const outcome = await service.check(input);
          const problems =
            outcome.other.length > 0
              ? { ...outcome.problems, corpus: outcome.other }
              : outcome.problems;
          await formPage(req, res, {
            kind,
            target,
            values,
            errors: problems,
            preview: outcome.documents,
            status: Object.keys(problems).length > 0 ? 422 : 200,
          });
          return;
        }
        try {
          const proposal = await service.create(input, caller);
          res.redirect(303, `/proposals/${proposal.id}?done=created`);
        } catch (error) {
          if (!(error instanceof ProposalCheckError)) throw error;
          const problems =
            error.other.length > 0 ? { ...error.problems, corpus: error.other } : error.problems;
          await formPage(req, res, { kind, target, values, errors: problems, status: 422 });
        }
      },
    }),
    route({
      path: "/proposals",
      query: ListShape,
      middleware: [requireRole("contributor"), noStore],
      async handle(req, res, q) {
        const caller = callerOf(res);
        const t = tr(req);
        const state = await editing().state();
        const all = await editing().list(caller);
        const list = filtered(all, q, deps.now());
        const editor = atLeast(caller.role, "editor");
        const options = (
          values: string[],
          selected: string | undefined,
          label = (v: string) => v,
        ) => values.map((v) => ({ value: v, label: label(v), selected: v === selected }));
        const countries = [
          ...new Set(all.map((p) => p.country).filter((c): c is string => c !== null)),
        ].sort();
        res.send(
          deps.render(req, "proposals", {
            page: {
              title: t.t(editor ? "proposals.queueTitle" : "proposals.mineTitle"),
              nav: "proposals",
              jsonUrl: "/api/proposals",
              ...(editor
                ? { feeds: [{ href: "/feeds/proposals.atom", title: t.t("proposals.feedTitle") }] }
                : {}),
            },
            editor,
            proposals: list.map((p) => ({
              ...summaryJson(p),
              title: titleIn(p, state, t),
              statusLabel: statusLabel(t, p.status),
              createdDay: p.createdAt.slice(0, 10),
              ago: ago(t, deps.now().getTime() - Date.parse(p.createdAt)),
              lastEvent: eventLabel(t, p.events.at(-1)?.type ?? "opened"),
            })),
            count: list.length,
            filters: {
              status: options([...PROPOSAL_STATUSES, "all"], q.status ?? "open", (v) =>
                v === "all" ? t.t("proposals.filter.all") : statusLabel(t, v),
              ),
              country: options(countries, q.country, (c) => namesIn(state)(c)),
              article: q.article ?? "",
              contributor: q.contributor ?? "",
              age: options(["week", "month", "older"], q.age, (v) =>
                t.t(`proposals.filter.age.${v}`),
              ),
            },
          }),
        );
      },
    }),
    route({
      path: "/proposals/:id",
      query: DetailShape,
      middleware: [requireRole("contributor"), noStore],
      async handle(req, res, q) {
        const detail = await editing().get(idOf(req), callerOf(res));
        await detailPage(req, res, detail, { done: q.done ?? null });
      },
    }),
    route({
      method: "post",
      path: "/proposals/:id/comments",
      middleware: [requireRole("contributor"), noStore, forms, requireCsrf],
      async handle(req, res) {
        await formAction(req, res, async (service, caller, id, body, t) => {
          const text = (body["text"] ?? "").trim();
          if (!text) throw new AppError("validation_failed", t.t("proposals.writeComment"));
          await service.comment(id, caller, text.slice(0, 4000));
          return "commented";
        });
      },
    }),
    route({
      method: "post",
      path: "/proposals/:id/accept",
      middleware: [requireRole("editor"), noStore, forms, requireCsrf],
      async handle(req, res) {
        await formAction(req, res, async (service, caller, id) => {
          await service.accept(id, caller);
          return "accepted";
        });
      },
    }),
    route({
      method: "post",
      path: "/proposals/:id/reject",
      middleware: [requireRole("editor"), noStore, forms, requireCsrf],
      async handle(req, res) {
        await formAction(req, res, async (service, caller, id, body, t) => {
          await service.reject(id, caller, reasonOf(body, true, t)!);
          return "rejected";
        });
      },
    }),
    route({
      method: "post",
      path: "/proposals/:id/withdraw",
      middleware: [requireRole("contributor"), noStore, forms, requireCsrf],
      async handle(req, res) {
        await formAction(req, res, async (service, caller, id, body, t) => {
          await service.withdraw(id, caller, reasonOf(body, false, t));
          return "withdrawn";
        });
      },
    }),
    route({
      path: "/proposals/:id/resolve",
      middleware: [requireRole("editor"), noStore],
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const detail = await service.get(idOf(req), caller);
        const p = detail.proposal;
        const main = p.changes.find((c) => c.kind === p.kind) ?? p.changes[0]!;
        const conflict = detail.conflicts.find((c) => c.path === main.path);
        if (p.status !== "open" || !conflict) {
          res.redirect(303, `/proposals/${p.id}`);
          return;
        }
        const source = p.changes.find((c) => c.kind === "source" && c !== main);
        await formPage(req, res, {
          kind: p.kind,
          target: Object.fromEntries(Object.entries(main.target).map(([k, v]) => [k, String(v)])),
          values: {
            ...valuesOf(p.kind, main.after),
            ...sourceValues((source?.after as unknown as SourceFields) ?? null),
            note: p.note ?? "",
          },
          errors: {},
          resolve: { proposal: p, current: valuesOf(p.kind, conflict.current ?? {}) },
        });
      },
    }),
    route({
      method: "post",
      path: "/proposals/:id/resolve",
      middleware: [requireRole("editor"), noStore, forms, requireCsrf],
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const id = idOf(req);
        const detail = await service.get(id, caller);
        const { values, target, action } = readForm((req.body ?? {}) as Record<string, unknown>);
        const kind = detail.proposal.kind;
        const conflict = detail.conflicts[0];
        const resolve = {
          proposal: detail.proposal,
          current: valuesOf(kind, conflict?.current ?? {}),
        };
        if (action.startsWith("add:")) {
          await formPage(req, res, { kind, target, values, errors: {}, resolve });
          return;
        }
        const { input, errors } = proposalOf(kind, target, values);
        if (!input) {
          await formPage(req, res, { kind, target, values, errors, status: 422, resolve });
          return;
        }
        try {
          await service.resolve(id, caller, input);
          await service.accept(id, caller);
          res.redirect(303, `/proposals/${id}?done=accepted`);
        } catch (error) {
          if (error instanceof ProposalCheckError) {
            const problems =
              error.other.length > 0 ? { ...error.problems, corpus: error.other } : error.problems;
            await formPage(req, res, {
              kind,
              target,
              values,
              errors: problems,
              status: 422,
              resolve,
            });
            return;
          }
          if (
            error instanceof ConflictError ||
            (error instanceof AppError && error.status === 409)
          ) {
            await detailPage(req, res, await service.get(id, caller), {
              status: 409,
              error: error instanceof AppError ? error : null,
            });
            return;
          }
          throw error;
        }
      },
    }),
    route({
      path: "/feeds/proposals.atom",
      middleware: [requireRole("editor"), noStore],
      async handle(req, res) {
        const caller = callerOf(res);
        // Feed readers send no language: the feed is in English, as the corpus is.
        const en = translator("en");
        const list = (await editing().list(caller))
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
          .slice(0, 100);
        const site = deps.siteUrl(req);
        const entries = list.map((p) => {
          const last = p.events.at(-1);
          return [
            "  <entry>",
            `    <id>urn:eap-cyber-mla-kb:proposal:${xml(p.id)}</id>`,
            `    <title>${xml(`${statusLabel(en, p.status)}: ${p.title}`)}</title>`,
            `    <updated>${xml(new Date(p.updatedAt).toISOString())}</updated>`,
            `    <published>${xml(new Date(p.createdAt).toISOString())}</published>`,
            `    <author><name>${xml(p.author.name)}</name></author>`,
            `    <link rel="alternate" type="text/html" href="${xml(`${site}/proposals/${p.id}`)}"/>`,
            `    <summary>${xml(`${eventLabel(en, last?.type ?? "opened")} by ${last?.by.name ?? p.author.name}${last?.text ? `: ${last.text}` : ""}`)}</summary>`,
            ...(p.country ? [`    <category term="country:${xml(p.country)}"/>`] : []),
            ...(p.article ? [`    <category term="article:${p.article}"/>`] : []),
            "  </entry>",
          ].join("\n");
        });
        res.type("application/atom+xml; charset=utf-8");
        res.send(
          [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            "  <id>urn:eap-cyber-mla-kb:proposals</id>",
            "  <title>EaP Cyber-MLA Knowledge Base: proposals</title>",
            `  <updated>${xml(new Date(list[0]?.updatedAt ?? deps.now().toISOString()).toISOString())}</updated>`,
            `  <link rel="self" type="application/atom+xml" href="${xml(`${site}/feeds/proposals.atom`)}"/>`,
            `  <link rel="alternate" type="text/html" href="${xml(`${site}/proposals`)}"/>`,
            "  <author><name>EaP Cyber-MLA Knowledge Base</name></author>",
            ...entries,
            "</feed>",
            "",
          ].join("\n"),
        );
      },
    }),

    // ---- the JSON API ------------------------------------------------------------------------
    route({
      path: "/api/proposals",
      query: ListShape,
      middleware: [requireRole("contributor"), noStore],
      doc: {
        tag: "proposals",
        summary: "Proposals: all for editors (the review queue), one's own for contributors",
        description:
          "Open ones oldest first by default. Needs a session or `Authorization: Bearer <API token>`.",
        response: ProposalListJson,
        errors: [...API_ERRORS],
      },
      async handle(_req, res, q) {
        const list = filtered(await editing().list(callerOf(res)), q, deps.now());
        res.json({ proposals: list.map(summaryJson), total: list.length } satisfies z.infer<
          typeof ProposalListJson
        >);
      },
    }),
    route({
      method: "post",
      path: "/api/proposals",
      middleware: [requireRole("contributor"), noStore, json, requireCsrf],
      doc: {
        tag: "proposals",
        summary: "Propose a change: checked on the whole corpus with the change applied",
        description:
          "201 with the proposal; 422 `validation_failed` with a message per field (`fields`) when the corpus check finds problems. With a session, send the CSRF token as `X-CSRF-Token`; with an API token, none is needed.",
        body: ProposalInputSchema,
        response: ProposalResultJson,
        status: 201,
        errors: [...API_ERRORS, "validation_failed", "payload_too_large", "unsupported_media_type"],
      },
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const input = bodyOf(req, ProposalInputSchema) as ProposalInput;
        const proposal = await service.create(input, caller);
        res.setHeader("Location", `/api/proposals/${proposal.id}`);
        await apiResult(res, service, caller, proposal, 201);
      },
    }),
    route({
      path: "/api/proposals/:id",
      middleware: [requireRole("contributor"), noStore],
      doc: {
        tag: "proposals",
        summary: "One proposal: its changes field by field, conflicts, preview, comments",
        params: IdParam,
        response: ProposalJson,
        errors: [...API_ERRORS],
      },
      async handle(req, res) {
        res.json(
          proposalJson(
            await editing().get(idOf(req), callerOf(res)),
            await namesOf(),
          ) satisfies z.infer<typeof ProposalJson>,
        );
      },
    }),
    route({
      method: "post",
      path: "/api/proposals/:id/accept",
      middleware: [requireRole("editor"), noStore, json, requireCsrf],
      doc: {
        tag: "proposals",
        summary: "Accept: check the merged result, merge into the corpus branch, publish",
        description:
          "409 `conflict` when the target changed on the corpus branch (see `conflicts` in the proposal) or the proposal is no longer open; 409 `busy` while another accept runs (retry); 422 when the merged corpus does not pass the check.",
        params: IdParam,
        response: ProposalResultJson,
        errors: [...API_ERRORS, "conflict", "busy", "validation_failed"],
      },
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        await apiResult(res, service, caller, await service.accept(idOf(req), caller));
      },
    }),
    route({
      method: "post",
      path: "/api/proposals/:id/reject",
      middleware: [requireRole("editor"), noStore, json, requireCsrf],
      doc: {
        tag: "proposals",
        summary: "Reject with a reason, which the contributor sees",
        params: IdParam,
        body: ReasonBody,
        response: ProposalResultJson,
        errors: [...API_ERRORS, "conflict", "validation_failed"],
      },
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const { reason } = bodyOf(req, ReasonBody);
        await apiResult(res, service, caller, await service.reject(idOf(req), caller, reason));
      },
    }),
    route({
      method: "post",
      path: "/api/proposals/:id/comments",
      middleware: [requireRole("contributor"), noStore, json, requireCsrf],
      doc: {
        tag: "proposals",
        summary: "Comment on a proposal (editors, and its author)",
        params: IdParam,
        body: CommentBody,
        response: ProposalResultJson,
        errors: [...API_ERRORS, "validation_failed"],
      },
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const { text } = bodyOf(req, CommentBody);
        await apiResult(res, service, caller, await service.comment(idOf(req), caller, text));
      },
    }),
    route({
      method: "post",
      path: "/api/proposals/:id/withdraw",
      middleware: [requireRole("contributor"), noStore, json, requireCsrf],
      doc: {
        tag: "proposals",
        summary: "Withdraw one's own open proposal",
        params: IdParam,
        body: WithdrawBody,
        response: ProposalResultJson,
        errors: [...API_ERRORS, "conflict", "validation_failed"],
      },
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const { reason } = bodyOf(req, WithdrawBody);
        await apiResult(
          res,
          service,
          caller,
          await service.withdraw(idOf(req), caller, reason ?? null),
        );
      },
    }),
    route({
      method: "post",
      path: "/api/proposals/:id/resolve",
      middleware: [requireRole("editor"), noStore, json, requireCsrf],
      doc: {
        tag: "proposals",
        summary:
          "Resolve a conflict: the editor's values become a new commit on the proposal's branch, based on the corpus branch as it is now",
        params: IdParam,
        body: ProposalInputSchema,
        response: ProposalResultJson,
        errors: [...API_ERRORS, "conflict", "busy", "validation_failed"],
      },
      async handle(req, res) {
        const service = editing();
        const caller = callerOf(res);
        const input = bodyOf(req, ProposalInputSchema) as ProposalInput;
        await apiResult(res, service, caller, await service.resolve(idOf(req), caller, input));
      },
    }),
  ];
}
