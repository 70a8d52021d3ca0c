/**
 * The indexer's public face: what the server (and the editor) may use. The index contract, the
 * pipeline that turns the corpus into documents and publishes them, and its messages. ESLint
 * keeps `server/**` to this module.
 */
export * from "./contract.js";
export { liveFingerprint, prepare, publishRun, type IndexRun } from "./run.js";
export { removeLeftoverBuilds } from "./publish.js";
export { formatMessage, type CorpusMessage } from "./report.js";
export { paragraphLabel } from "./coverage.js";
