/**
 * The indexer's public face: what the server (and the editor) may use. The index contract, the
 * pipeline that turns the corpus into documents and publishes them, its messages, and the
 * editing primitives (read a section, write a change to it, the schemas forms are built from).
 * ESLint keeps `server/**` to this module.
 */
export * from "./contract.js";
export {
  liveFingerprint,
  memoryParseCache,
  prepare,
  prepareFiles,
  publishRun,
  type IndexRun,
} from "./run.js";
export { shownPath, type CorpusFile, type ParseCache } from "./corpus/index.js";
export { removeLeftoverBuilds, type PublicationResult, type KnownStates } from "./publish/index.js";
export { formatMessage, type CorpusMessage } from "./report.js";
export {
  createLivePublisher,
  sharing,
  type CorpusStatus,
  type DocumentChange,
  type LivePublisher,
  type SharedCorpus,
} from "./live.js";
export { paragraphLabel } from "./coverage.js";
export { periodLabel } from "./project-calendar.js";
export * from "./edit/index.js";
export {
  AnalysisBlockSchema,
  AuthoritySchema,
  FollowupRowSchema,
  LawSchema,
  SourceSchema,
} from "./corpus-schema.js";
