/**
 * The one module that owns the connection to Meilisearch. It starts the bundled engine or uses
 * the configured servers (MEILI_HOST, several for replicas), and derives two scoped keys from the
 * master key: an indexing key for the indexer and a read-only key for the web server. The master
 * key is used here to create those keys and goes nowhere else.
 */
import { createHmac } from "node:crypto";
import { Meilisearch } from "meilisearch";
import type { Config } from "../config/index.js";
import { apiError, apiErrorCode, EngineConnectionError } from "./errors.js";
import { nodeHttpClient } from "./http-client.js";
import { superviseMeilisearch, type SupervisedEngine, type SupervisorLog } from "./supervisor.js";

/** Fixed key uids, so a key is created once per engine and its value is stable. */
const READ_KEY_UID = "3a1c2b4e-8f0d-4c7a-9b61-2d5e7f9a0c13";
const INDEX_KEY_UID = "6b2d9e1f-4a3c-4d8b-8e70-1f2a3b4c5d6e";

const READ_ACTIONS = ["search", "documents.get", "indexes.get", "settings.get"];
const INDEX_ACTIONS = [
  "search",
  "documents.*",
  "indexes.*",
  "settings.*",
  "tasks.*",
  "stats.get",
  "version",
];

/** One Meilisearch server and the clients that talk to it. */
export interface EngineHost {
  url: string;
  /** Client with the indexing key: creates, fills, swaps and deletes indexes. */
  admin: Meilisearch;
  /** Client with the read-only key: search and document reads. */
  read: Meilisearch;
  /** Whether the scoped keys are known to exist on this server. */
  keysReady: boolean;
}

export interface Engine {
  hosts: EngineHost[];
  /** True when this process started the bundled engine. */
  launched: boolean;
  /** The supervisor of the bundled engine, when this process started it. */
  supervisor: SupervisedEngine | null;
  /** False while the bundled engine is down or hung: readers then fail at once. */
  available(): boolean;
  /**
   * The read-only key's uid and value, to sign tenant tokens (a search scoped to what a caller
   * may read); null when the engine has no master key.
   */
  searchKey: { uid: string; key: string } | null;
  /** Makes sure the scoped keys exist on a host (again after it restarted from empty). */
  ensureKeys(host: EngineHost): Promise<void>;
  /** Stops the bundled engine if we started it. */
  stop(): Promise<void>;
}

export type EngineConfig = Pick<
  Config,
  | "meiliHosts"
  | "meiliMasterKey"
  | "meiliBinary"
  | "dataDir"
  | "startTimeoutMs"
  | "requestTimeoutMs"
> & { meiliLogLevel?: string };

/** Meilisearch derives a key's value from its uid and the master key (HMAC-SHA256). */
function deriveKey(masterKey: string, uid: string): string {
  return createHmac("sha256", masterKey).update(uid).digest("hex");
}

/**
 * The read-only key of an engine whose master key the caller already holds (the benchmark and
 * tests, which started that engine). The web server never calls this.
 */
export function readKeyFor(masterKey: string): string {
  return deriveKey(masterKey, READ_KEY_UID);
}

/**
 * Connects to the configured servers, or starts the bundled engine when none is configured.
 * A configured server that is down does not stop the start: its keys are created when it answers.
 */
export async function connectEngine(
  config: EngineConfig,
  options: {
    extraArgs?: string[];
    requireAll?: boolean;
    /** Where the supervisor of the bundled engine reports deaths and restarts. */
    log?: SupervisorLog;
    /** Called when the bundled engine cannot be kept running. */
    onFatal?: (error: Error) => void;
  } = {},
): Promise<Engine> {
  let launched: SupervisedEngine | null = null;
  let urls = config.meiliHosts;
  let masterKey = config.meiliMasterKey;
  if (urls.length === 0) {
    launched = await superviseMeilisearch({
      dataDir: config.dataDir,
      binary: config.meiliBinary,
      startTimeoutMs: config.startTimeoutMs,
      extraArgs: options.extraArgs ?? [],
      ...(config.meiliLogLevel ? { logLevel: config.meiliLogLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    });
    urls = [launched.url];
    masterKey = launched.masterKey;
  }

  const readKey = masterKey ? deriveKey(masterKey, READ_KEY_UID) : undefined;
  const indexKey = masterKey ? deriveKey(masterKey, INDEX_KEY_UID) : undefined;
  const timeout = config.requestTimeoutMs;
  // On loopback or a LAN, compressing every response costs the engine more CPU than it saves.
  const requestInit = { headers: { "Accept-Encoding": "identity" } };
  const hosts: EngineHost[] = urls.map((url) => ({
    url,
    admin: new Meilisearch({
      host: url,
      ...(indexKey ? { apiKey: indexKey } : {}),
      timeout: Math.max(timeout, 30_000),
      requestInit,
      httpClient: nodeHttpClient,
    }),
    read: new Meilisearch({
      host: url,
      ...(readKey ? { apiKey: readKey } : {}),
      timeout,
      requestInit,
      httpClient: nodeHttpClient,
    }),
    keysReady: masterKey === undefined,
  }));

  const ensureKeys = async (host: EngineHost): Promise<void> => {
    if (host.keysReady || masterKey === undefined) return;
    const master = new Meilisearch({
      host: host.url,
      apiKey: masterKey,
      timeout,
      requestInit,
      httpClient: nodeHttpClient,
    });
    try {
      await createKeyOnce(
        master,
        READ_KEY_UID,
        "kb-read",
        "Read-only key of the web server",
        READ_ACTIONS,
      );
      await createKeyOnce(
        master,
        INDEX_KEY_UID,
        "kb-index",
        "Key of the corpus indexer",
        INDEX_ACTIONS,
      );
      host.keysReady = true;
    } catch (cause) {
      throw new EngineConnectionError(`Meilisearch at ${host.url}: ${describe(cause)}`, { cause });
    }
  };

  const results = await Promise.allSettled(hosts.map(ensureKeys));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
  if (failures.length === hosts.length || (options.requireAll && failures.length > 0)) {
    await launched?.stop();
    throw failures[0] ?? new EngineConnectionError("no Meilisearch host configured");
  }

  const supervisor = launched;
  return {
    hosts,
    launched: supervisor !== null,
    supervisor,
    available: () => supervisor?.available() ?? true,
    searchKey: readKey ? { uid: READ_KEY_UID, key: readKey } : null,
    ensureKeys,
    stop: async () => {
      await launched?.stop();
    },
  };
}

async function createKeyOnce(
  client: Meilisearch,
  uid: string,
  name: string,
  description: string,
  actions: string[],
) {
  try {
    await client.createKey({
      uid,
      name,
      description,
      actions: actions as never,
      indexes: ["*"],
      expiresAt: null,
    });
  } catch (error) {
    if (apiErrorCode(error) === "api_key_already_exists") return;
    throw error;
  }
}

/** A readable reason for a failure to talk to Meilisearch, without any key in it. */
export function describe(error: unknown): string {
  const api = apiError(error);
  if (api) {
    if (api.cause?.code === "invalid_api_key")
      return "the master key was refused (check MEILI_MASTER_KEY)";
    return api.cause?.message ?? api.message;
  }
  if (error instanceof Error)
    return error.cause instanceof Error
      ? `${error.message}: ${error.cause.message}`
      : error.message;
  return String(error);
}
