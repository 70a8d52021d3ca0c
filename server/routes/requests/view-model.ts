/** The request form's view model: every field with its value, help and any message. */
import {
  articleFor,
  noContactPoint,
  receivingAuthorities,
  warningsFor,
  type CountryFacts,
} from "../../requests/draft.js";
import type { Translator } from "../../i18n.js";
import {
  FIELDS,
  GROUPS,
  fieldsFor,
  type FieldSpec,
  type RequestInput,
  type RequestType,
} from "../../requests/fields.js";

/**
 * The messages of fields.ts's validation, in the reader's language. The API keeps them in
 * English; the form shows them translated. A message not listed here is shown as it is.
 */
const FIELD_ERRORS: [RegExp, string][] = [
  [/^required: the Convention asks for it \((.+)\)$/, "requiredConvention"],
  [/^required: a draft needs it$/, "requiredDraft"],
  [/^choose at least one: the Convention asks for it \((.+)\)$/, "chooseAtLeastOneConvention"],
  [/^choose at least one: a draft needs it$/, "chooseAtLeastOneDraft"],
  [/^tick it: the Convention asks for it \((.+)\)$/, "tickConvention"],
  [/^tick it: a draft needs it$/, "tickDraft"],
  [/^at most (\d+) characters/, "tooLong"],
  [/^a real date written YYYY-MM-DD$/, "realDate"],
  [/^give the date$/, "giveDate"],
  [/^choose one of the listed options$/, "chooseListed"],
  [/^choose one$/, "chooseOne"],
  [/^choose among the listed measures$/, "chooseMeasures"],
  [/^required for a follow-up or an extension/, "requiredEarlier"],
];

/** A validation message of the request form in the reader's language. */
export function fieldError(message: string, tr: Translator): string {
  for (const [pattern, key] of FIELD_ERRORS) {
    const m = pattern.exec(message);
    if (!m) continue;
    const value = m[1] ?? "";
    return tr.t(`request.error.${key}`, {
      cite: value,
      n: value,
      max: /^\d+$/.test(value) ? tr.number(Number(value)) : value,
    });
  }
  return message;
}

/**
 * A field's key in the locale files: its name, or, where the two request types give a field of
 * the same name different words, the name and its types (`data-stored-data`).
 */
function fieldKey(field: FieldSpec): string {
  const shared = FIELDS.filter((f) => f.name === field.name).length > 1;
  return shared ? `${field.name}-${field.types.join("-")}` : field.name;
}

/** A field's label or help in the reader's language (the draft itself stays in English). */
export function fieldText(tr: Translator, field: FieldSpec, part: "label" | "help"): string {
  return tr.t(`request.field.${fieldKey(field)}.${part}`);
}

/** The request form's view model: every field with its value, help and any message. */
export function formModel(
  type: RequestType,
  f: CountryFacts,
  input: RequestInput,
  errors: Record<string, string>,
  tr: Translator,
) {
  const { t } = tr;
  return {
    type,
    typeLabel: t(`request.type.${type}`),
    to: f.code,
    country: f.name,
    party: f.party,
    authorities: receivingAuthorities(type, f),
    // Said as it is: with no 24/7 point of contact recorded, the authorities are the central ones.
    authorityKind: t(
      type === "preservation" && noContactPoint(f)
        ? "request.authorityKind.preservationFallback"
        : `request.authorityKind.${type}`,
    ),
    declarations: f.declarations.filter((d) => /^(24\.7|27|29|35)/.test(d.ref)),
    warnings: warningsFor(type, f),
    assessment: f.assessment,
    profileUrl: f.profileUrl,
    article: articleFor(type),
    errorCount: Object.keys(errors).length,
    errorList: Object.entries(errors).map(([name, message]) => ({
      name,
      message: fieldError(message, tr),
      label: ((field) => (field ? fieldText(tr, field, "label") : name))(
        fieldsFor(type).find((x) => x.name === name),
      ),
    })),
    groups: GROUPS.map((g) => ({
      legend: t(`request.group.${g.id}`),
      fields: fieldsFor(type)
        .filter((field) => field.group === g.id)
        .map((field) => {
          const value = input[field.name];
          return {
            name: field.name,
            id: `f-${field.name}`,
            label: fieldText(tr, field, "label"),
            help: fieldText(tr, field, "help"),
            required: field.required === true,
            requiredWhen: field.requiredWhen ? t("request.requiredWhenEarlier") : null,
            error: errors[field.name] ? fieldError(errors[field.name] ?? "", tr) : null,
            value: Array.isArray(value) ? "" : (value ?? ""),
            checked: value === "yes",
            max: field.max ?? null,
            isText: field.kind === "text",
            isTextarea: field.kind === "textarea",
            isDate: field.kind === "date",
            isSelect: field.kind === "select",
            isCheckbox: field.kind === "checkbox",
            isCheckboxes: field.kind === "checkboxes",
            options: (field.options ?? []).map((o) => ({
              ...o,
              label: t(
                `request.field.${field.name}.option.${o.value === "" ? "choose" : o.value.replace(/[^a-z0-9]+/gi, "-")}`,
              ),
              selected: Array.isArray(value) ? value.includes(o.value) : value === o.value,
            })),
          };
        }),
    })).filter((g) => g.fields.length > 0),
  };
}
