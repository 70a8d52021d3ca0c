/**
 * The engine's public face: connecting to Meilisearch (bundled and supervised, or configured
 * servers), its errors, and the lock that keeps one instance per data folder.
 */
export { connectEngine, describe, readKeyFor, type Engine, type EngineHost } from "./connection.js";
export {
  apiError,
  apiErrorCode,
  EngineConnectionError,
  EngineError,
  EngineStartError,
  EngineTaskError,
  EngineUnavailableError,
} from "./errors.js";
