/** Errors of the engine connection, one class per place a failure happens. */
import { MeilisearchApiError, MeilisearchRequestError } from "meilisearch";

/** Root of every engine failure. */
export class EngineError extends Error {
  override name = "EngineError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No Meilisearch binary is available for this platform and no MEILI_HOST is set. */
export class EngineUnavailableError extends EngineError {
  override name = "EngineUnavailableError";
}

/** The bundled engine was started but did not become healthy. */
export class EngineStartError extends EngineError {
  override name = "EngineStartError";
}

/** A configured Meilisearch server could not be reached or refused our key. */
export class EngineConnectionError extends EngineError {
  override name = "EngineConnectionError";
}

/** The data folder cannot be used: not writable, or its key file is unreadable or malformed. */
export class DataDirError extends EngineError {
  override name = "DataDirError";
}

/** Another instance of the app already runs on this data folder. */
export class InstanceRunningError extends EngineError {
  override name = "InstanceRunningError";
}

/** The engine's data could not be opened (damaged, or written by another engine version). */
export class EngineDataError extends EngineStartError {
  override name = "EngineDataError";
}

/** The supervised engine kept dying: the process gives up so that its own supervisor restarts it. */
export class EngineCrashLoopError extends EngineError {
  override name = "EngineCrashLoopError";
}

/** A write to the engine (task) failed or timed out. */
export class EngineTaskError extends EngineError {
  override name = "EngineTaskError";
}

export const HOW_TO_RUN_MEILISEARCH = [
  "Run Meilisearch 1.21 yourself and point the app at it:",
  "  docker compose up -d meilisearch      # uses docker-compose.yml in this repository",
  "  MEILI_HOST=http://127.0.0.1:7700 MEILI_MASTER_KEY=<the key in docker-compose.yml or .env> npm start",
  "or set MEILI_BINARY to a Meilisearch 1.21 binary you installed.",
].join("\n");

/**
 * The engine's own error answer inside a failure, if there is one. meilisearch-js wraps whatever
 * its HTTP client throws in a request error; an answer from the engine (4xx/5xx) sits inside.
 */
export function apiError(error: unknown): MeilisearchApiError | null {
  if (error instanceof MeilisearchApiError) return error;
  if (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError)
    return error.cause;
  return null;
}

/** The engine's error code (`index_not_found`, `invalid_api_key`…) of a failure, if any. */
export function apiErrorCode(error: unknown): string | undefined {
  return apiError(error)?.cause?.code;
}
