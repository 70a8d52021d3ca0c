import { describe, expect, it } from "vitest";
import * as engine from "../../engine/index.js";
import * as contract from "../../indexer/contract.js";
import * as indexer from "../../indexer/index.js";

describe("the index contract", () => {
  it("exports exactly what the server and indexer share", () => {
    expect(Object.keys(indexer).sort()).toMatchInlineSnapshot(`
      [
        "ACTIVITY_FORMS",
        "ACTIVITY_STATUSES",
        "ASSESSMENT_STATUSES",
        "ActivityDataSchema",
        "AnalysisBlockSchema",
        "AnalysisDataSchema",
        "ArticleDataSchema",
        "AuthoritySchema",
        "CONTRACT_VERSION",
        "DATA_SCHEMAS",
        "DEFAULT_INDEX_NAME",
        "DOCUMENT_KINDS",
        "EditError",
        "FILTERABLE_ATTRIBUTES",
        "FOLLOWUP_STATUSES",
        "FollowupDataSchema",
        "FollowupRowSchema",
        "GuidanceNoteDataSchema",
        "INDICATOR_MEASURES",
        "KIND_RANK",
        "KbDocumentSchema",
        "LawSchema",
        "MetaDataSchema",
        "PROFILE_LISTS",
        "PageDataSchema",
        "ProfileDataSchema",
        "REQUEST_TYPES",
        "RecommendationDataSchema",
        "SEARCHABLE_KINDS",
        "SourceRefSchema",
        "SourceSchema",
        "ThesaurusConceptDataSchema",
        "WorkplanDataSchema",
        "appendFollowup",
        "appendSource",
        "createLivePublisher",
        "fieldAt",
        "formatMessage",
        "indexSettings",
        "liveFingerprint",
        "memoryParseCache",
        "normaliseAnalysis",
        "normaliseFollowup",
        "normaliseProfile",
        "paragraphLabel",
        "periodLabel",
        "prepare",
        "prepareFiles",
        "publishRun",
        "readAnalysis",
        "readProfile",
        "removeLeftoverBuilds",
        "sharing",
        "shownPath",
        "writeAnalysis",
        "writeProfile",
      ]
    `);
  });
  it("gives the engine one public face", () => {
    expect(Object.keys(engine).sort()).toMatchInlineSnapshot(`
      [
        "DataDirError",
        "EngineConnectionError",
        "EngineCrashLoopError",
        "EngineDataError",
        "EngineError",
        "EngineStartError",
        "EngineTaskError",
        "EngineUnavailableError",
        "InstanceRunningError",
        "apiError",
        "apiErrorCode",
        "connectEngine",
        "describe",
        "ensureWritable",
        "lockDataDir",
        "masterKeyFor",
        "nodeHttpClient",
        "readKeyFor",
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
