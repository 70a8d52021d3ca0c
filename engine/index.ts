/**
 * The engine's public face: connecting to Meilisearch (bundled and supervised, or configured
 * servers), its errors, and the lock that keeps one instance per data folder.
 */
export { connectEngine, describe, readKeyFor, type Engine, type EngineHost } from "./connection.js";
export {
  apiError,
  apiErrorCode,
  DataDirError,
  EngineConnectionError,
  EngineCrashLoopError,
  EngineDataError,
  EngineError,
  EngineStartError,
  EngineTaskError,
  EngineUnavailableError,
  InstanceRunningError,
} from "./errors.js";
export { ensureWritable, masterKeyFor } from "./data-dir.js";
export { nodeHttpClient } from "./http-client.js";
export { lockDataDir, type DataDirLock, type InstanceInfo } from "./lock.js";
export { type EngineState, type SupervisedEngine } from "./supervisor.js";
