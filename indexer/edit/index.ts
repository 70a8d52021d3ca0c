/**
 * Editing the corpus from a form: read what a section, profile list, follow-up table or sources
 * file holds, and write a change to it replacing only the lines concerned. Each writer reads its
 * result back and returns where every field went, so corpus messages map to form fields.
 */
export {
  readAnalysis,
  writeAnalysis,
  normaliseAnalysis,
  type AnalysisSnapshot,
} from "./analysis.js";
export {
  appendSource,
  normaliseProfile,
  PROFILE_LISTS,
  readProfile,
  writeProfile,
  type ProfileList,
  type ProfileSnapshot,
} from "./front-matter.js";
export { appendFollowup, normaliseFollowup } from "./followup.js";
export {
  EditError,
  fieldAt,
  type AnalysisFields,
  type AuthorityFields,
  type EditResult,
  type FieldSpan,
  type FollowupFields,
  type LawFields,
  type ProfileFields,
  type SourceFields,
} from "./fields.js";
