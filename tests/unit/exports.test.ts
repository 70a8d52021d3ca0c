import { describe, expect, it } from "vitest";
import * as contract from "../../indexer/contract.js";

describe("the index contract", () => {
  it("exports exactly what the server and indexer share", () => {
    expect(Object.keys(contract).sort()).toMatchInlineSnapshot(`
      [
        "ASSESSMENT_STATUSES",
        "AnalysisDataSchema",
        "ArticleDataSchema",
        "CONTRACT_VERSION",
        "DEFAULT_INDEX_NAME",
        "DOCUMENT_KINDS",
        "FILTERABLE_ATTRIBUTES",
        "FOLLOWUP_STATUSES",
        "FollowupDataSchema",
        "KIND_RANK",
        "KbDocumentSchema",
        "ProfileDataSchema",
        "RecommendationDataSchema",
        "SEARCHABLE_KINDS",
        "SourceRefSchema",
        "indexSettings",
      ]
    `);
  });
  it("makes every facet attribute filterable", () => {
    const settings = contract.indexSettings({});
    const names = settings.filterableAttributes.flatMap((a) =>
      typeof a === "string" ? [a] : a.attributePatterns,
    );
    for (const attribute of contract.FILTERABLE_ATTRIBUTES) expect(names).toContain(attribute);
  });
});
