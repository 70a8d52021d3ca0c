/**
 * Request drafts: `/requests/new?type=preservation|stored-data&to=XX` (the form, pre-filled from
 * the corpus), `POST /requests/draft` (the printable draft or a Markdown download), and JSON
 * twins. Request content is sent to this server only to build the draft: it is never stored or
 * logged, and every response is no-store.
 */
import express, { type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { AppError, InvalidQueryError } from "../../errors.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { CountryParam, knownCountries } from "../../http/validators.js";
import {
  articleFor,
  buildDraft,
  countryFacts,
  draftMarkdown,
  receivingAuthorities,
  warningsFor,
  type CountryFacts,
} from "../../requests/draft.js";
import {
  REQUEST_TYPES,
  REQUEST_TYPE_LABELS,
  fieldsFor,
  readInput,
  schemaFor,
  type RequestInput,
  type RequestType,
} from "../../requests/fields.js";
import { articleInterpretation, countryRecords } from "../../search/records.js";
import type { RouteDeps } from "../deps.js";
import { interpretation } from "../interpretation.js";
import { tr } from "../../i18n.js";
import { DraftBodyJson, DraftJson, RequestChoicesJson, RequestFormJson } from "./json.js";
import { fieldText, formModel } from "./view-model.js";

const BODY_LIMIT = "64kb";

/** Never cache, never let a proxy keep a copy: the pages carry case details. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Pragma", "no-cache");
  next();
};

const TargetShape = {
  type: z.string().max(40).optional().describe("preservation or stored-data."),
  to: CountryParam.optional(),
};

export function requestRoutes(deps: RouteDeps): RouteSpec[] {
  const forms = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 });
  const json = express.json({ limit: BODY_LIMIT });

  /** Validates the type and country, answering 400 with the bad value named. */
  const target = async (raw: { type?: string | undefined; to?: string | undefined }) => {
    const catalog = await deps.catalog.get();
    const type = raw.type?.trim() || undefined;
    if (type !== undefined && !(REQUEST_TYPES as readonly string[]).includes(type)) {
      throw new InvalidQueryError(
        `unknown request type \`${type.slice(0, 40)}\`: choose preservation or stored-data`,
        { field: "type", value: type },
      );
    }
    const to = raw.to?.trim() ? knownCountries([raw.to], catalog, "to")[0] : undefined;
    return { catalog, type: type as RequestType | undefined, to };
  };

  const facts = async (type: RequestType, code: string): Promise<CountryFacts> => {
    const { profile, analyses } = await countryRecords(deps.reader, code);
    if (!profile)
      throw new InvalidQueryError(`the profile of ${code} is not in the published index`, {
        field: "to",
        value: code,
      });
    return countryFacts(type, profile, analyses);
  };

  /** The Explanatory Report and Guidance Notes on the article the request rests on. */
  const reading = async (type: RequestType) => {
    const article = articleFor(type);
    const { article: record, guidanceNotes } = await articleInterpretation(deps.reader, article);
    return { article, ...interpretation(record, guidanceNotes) };
  };

  const defaults = (type: RequestType, f: CountryFacts): RequestInput => ({
    ...Object.fromEntries(
      fieldsFor(type).map((field) => [field.name, field.kind === "checkboxes" ? [] : ""]),
    ),
    request_date: deps.now().toISOString().slice(0, 10),
    request_status: "new",
    addressee: receivingAuthorities(type, f)
      .map((a) => a.authority)
      .join("; "),
    // The usual channel for the kind of request: the 24/7 network for preservation, the central
    // authorities for mutual assistance (a non-Party has no 24/7 point under the Convention).
    reply_channel: type === "preservation" && f.party ? "24/7 network" : "central authority",
    ...(type === "preservation" ? { follow_up: "yes" } : {}),
  });

  const renderForm = async (
    req: Request,
    type: RequestType,
    f: CountryFacts,
    input: RequestInput,
    errors: Record<string, string>,
  ) =>
    deps.render(req, "request-form", {
      page: {
        title: tr(req).t("request.formTitle", {
          type: tr(req).t(`request.type.${type}`),
          country: f.name,
        }),
        nav: "requests",
        jsonUrl: `/api/requests/new?type=${type}&to=${f.code}`,
      },
      ...formModel(type, f, input, errors, tr(req)),
      interpretation: await reading(type),
    });

  /** Reads and validates a submitted draft; on failure, the per-field messages. */
  const readDraft = async (req: Request) => {
    if (req.body === undefined || req.body === null || typeof req.body !== "object") {
      throw new AppError(
        "unsupported_media_type",
        "Send the form as application/x-www-form-urlencoded (or JSON to the API).",
      );
    }
    const body = req.body as Record<string, unknown>;
    const pick = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
    const { type, to } = await target({ type: pick("type"), to: pick("to") });
    if (!type || !to)
      throw new InvalidQueryError(
        "the form lost its `type` or `to`: start again from the request drafts page",
        { field: !type ? "type" : "to" },
      );
    const f = await facts(type, to);
    const input = readInput(type, body);
    const result = schemaFor(type).safeParse(input);
    const errors: Record<string, string> = {};
    if (!result.success) {
      for (const issue of result.error.issues) {
        const name = String(issue.path[0] ?? "");
        errors[name] ??= issue.message;
      }
    }
    const requested = pick("action");
    const action = requested === "markdown" || requested === "edit" ? requested : "preview";
    return { type, f, input, errors, action };
  };

  return [
    route({
      path: "/api/requests",
      doc: {
        tag: "requests",
        summary: "The kinds of request draft, and the countries a draft can be addressed to",
        response: RequestChoicesJson,
      },
      async handle(_req, res) {
        const catalog = await deps.catalog.get();
        res.json({
          types: REQUEST_TYPES.map((value) => ({ value, label: REQUEST_TYPE_LABELS[value] })),
          countries: catalog.countries.map((c) => ({ code: c.code, name: c.name })),
          form: "/api/requests/new?type={type}&to={code}",
        } satisfies z.infer<typeof RequestChoicesJson>);
      },
    }),
    route({
      path: "/api/requests/new",
      query: TargetShape,
      middleware: [noStore],
      doc: {
        tag: "requests",
        summary: "The fields of a request draft, pre-filled for the requested country",
        response: RequestFormJson,
      },
      async handle(_req, res, params) {
        const { type, to } = await target(params);
        if (!type || !to)
          throw new InvalidQueryError(
            "give both `type` (preservation or stored-data) and `to` (a country code)",
            { field: !type ? "type" : "to" },
          );
        const [f, interpretationJson] = await Promise.all([facts(type, to), reading(type)]);
        res.json({
          type,
          title: REQUEST_TYPE_LABELS[type],
          to: { code: f.code, country: f.name, authorities: receivingAuthorities(type, f) },
          warnings: warningsFor(type, f),
          fields: fieldsFor(type).map(
            ({ name, label, help, kind, required, requiredWhen, element, max, options }) => ({
              name,
              label,
              help,
              kind,
              required: required === true,
              requiredWhen: requiredWhen
                ? { field: requiredWhen.field, values: [...requiredWhen.values] }
                : null,
              element: element ?? null,
              max: max ?? null,
              options: options ? options.map((o) => ({ ...o })) : null,
            }),
          ),
          defaults: defaults(type, f),
          interpretation: interpretationJson,
        } satisfies z.infer<typeof RequestFormJson>);
      },
    }),
    // The address a reader may type for the drafts: the page that starts one.
    route({
      path: "/requests",
      query: TargetShape,
      handle(req, res) {
        const query = req.originalUrl.indexOf("?");
        res.redirect(301, `/requests/new${query < 0 ? "" : req.originalUrl.slice(query)}`);
      },
    }),
    route({
      path: "/requests/new",
      query: TargetShape,
      middleware: [noStore],
      async handle(req, res, params) {
        const { catalog, type, to } = await target(params);
        if (!type || !to) {
          res.send(
            deps.render(req, "request-choose", {
              page: { title: tr(req).t("nav.requests"), nav: "requests", jsonUrl: "/api/requests" },
              types: REQUEST_TYPES.map((t) => ({
                value: t,
                label: tr(req).t(`request.type.${t}`),
                selected: t === type,
              })),
              countries: catalog.countries.map((c) => ({
                code: c.code,
                name: c.name,
                selected: c.code === to,
              })),
            }),
          );
          return;
        }
        const f = await facts(type, to);
        res.send(await renderForm(req, type, f, defaults(type, f), {}));
      },
    }),
    route({
      method: "post",
      path: "/requests/draft",
      middleware: [noStore, forms],
      async handle(req, res) {
        const { type, f, input, errors, action } = await readDraft(req);
        if (action === "edit") {
          res.send(await renderForm(req, type, f, input, {}));
          return;
        }
        if (Object.keys(errors).length > 0) {
          res.status(422).send(await renderForm(req, type, f, input, errors));
          return;
        }
        const draft = buildDraft(type, input, f);
        if (action === "markdown") {
          sendMarkdown(res, type, f.code, draftMarkdown(draft));
          return;
        }
        const translator = tr(req);
        // The letter stays in English; what the page says around it follows the reader.
        const labelOf = (label: string) => {
          const field = fieldsFor(type).find((x) => x.label === label);
          return field ? fieldText(translator, field, "label") : label;
        };
        res.send(
          deps.render(req, "request-draft", {
            page: {
              title: translator.t("request.draftTitle", { title: draft.title }),
              nav: "requests",
              bodyClass: "draft-page",
            },
            draft,
            missing: draft.missing.map((m) => ({ ...m, label: labelOf(m.label) })),
            hidden: Object.entries(input).flatMap(([name, value]) =>
              Array.isArray(value) ? value.map((v) => ({ name, value: v })) : [{ name, value }],
            ),
            type,
            to: f.code,
          }),
        );
      },
    }),
    route({
      method: "post",
      path: "/api/requests/draft",
      middleware: [noStore, json, forms],
      doc: {
        tag: "requests",
        summary: "Build a draft from the fields (JSON or form body); nothing is stored or logged",
        body: DraftBodyJson,
        response: DraftJson,
        errors: ["payload_too_large", "unsupported_media_type", "validation_failed"],
      },
      async handle(req, res) {
        const { type, f, input, errors } = await readDraft(req);
        if (Object.keys(errors).length > 0) {
          throw new AppError("validation_failed", "Some fields need attention.", {
            fields: errors,
          });
        }
        const draft = buildDraft(type, input, f);
        res.json({
          type,
          to: draft.to,
          missing: draft.missing,
          warnings: draft.warnings,
          letter: draft.letter,
          sections: draft.sections,
          markdown: draftMarkdown(draft),
        } satisfies z.infer<typeof DraftJson>);
      },
    }),
  ];
}

function sendMarkdown(res: Response, type: RequestType, code: string, markdown: string): void {
  res.setHeader("Content-Type", "text/markdown; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${type}-request-${code}.md"`);
  res.send(markdown);
}
