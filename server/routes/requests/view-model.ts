/** The request form's view model: every field with its value, help and any message. */
import {
  articleFor,
  receivingAuthorities,
  warningsFor,
  type CountryFacts,
} from "../../requests/draft.js";
import {
  FIELDS,
  GROUPS,
  REQUEST_TYPE_LABELS,
  fieldsFor,
  type RequestInput,
  type RequestType,
} from "../../requests/fields.js";

/** The request form's view model: every field with its value, help and any message. */
export function formModel(
  type: RequestType,
  f: CountryFacts,
  input: RequestInput,
  errors: Record<string, string>,
) {
  return {
    type,
    typeLabel: REQUEST_TYPE_LABELS[type],
    to: f.code,
    country: f.name,
    party: f.party,
    authorities: receivingAuthorities(type, f),
    authorityKind:
      type === "preservation"
        ? "24/7 point of contact (Art. 35)"
        : "central authority (Art. 27(2))",
    declarations: f.declarations.filter((d) => /^(24\.7|27|29|35)/.test(d.ref)),
    warnings: warningsFor(type, f),
    assessment: f.assessment,
    profileUrl: f.profileUrl,
    article: articleFor(type),
    errorCount: Object.keys(errors).length,
    errorList: Object.entries(errors).map(([name, message]) => ({
      name,
      message,
      label: FIELDS.find((x) => x.name === name)?.label ?? name,
    })),
    groups: GROUPS.map((g) => ({
      legend: g.legend,
      fields: fieldsFor(type)
        .filter((field) => field.group === g.id)
        .map((field) => {
          const value = input[field.name];
          return {
            name: field.name,
            id: `f-${field.name}`,
            label: field.label,
            help: field.help,
            required: field.required === true,
            requiredWhen: field.requiredWhen?.label ?? null,
            error: errors[field.name] ?? null,
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
              selected: Array.isArray(value) ? value.includes(o.value) : value === o.value,
            })),
          };
        }),
    })).filter((g) => g.fields.length > 0),
  };
}
