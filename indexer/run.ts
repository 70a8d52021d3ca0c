/**
 * The indexer's pipeline as functions: read → validate → build documents → publish. Used by the
 * `npm run index` command and by `npm start` when the corpus changed since the last publication.
 */
import { indexSettings, MetaDataSchema, type KbDocument } from "./contract.js";
import { loadCorpus, type Corpus } from "./corpus/index.js";
import { buildDocuments, buildSynonyms } from "./documents/index.js";
import type { EngineHost } from "../engine/connection.js";
import { apiErrorCode } from "../engine/errors.js";
import { publish, type PublishProgress } from "./publish.js";
import type { CorpusMessage } from "./report.js";

export interface IndexRun {
  corpus: Corpus;
  messages: CorpusMessage[];
  documents: KbDocument[];
  parseMs: number;
}

/** Reads and validates the corpus and builds its documents; no engine needed. */
export async function prepare(
  corpusDir: string,
  onFile?: (done: number, total: number) => void,
  cacheDir?: string,
): Promise<IndexRun> {
  const started = performance.now();
  const { corpus, report } = await loadCorpus(corpusDir, onFile, cacheDir);
  const documents = report.ok ? buildDocuments(corpus) : [];
  return { corpus, messages: report.sorted(), documents, parseMs: performance.now() - started };
}

/** Publishes a prepared run to every host. */
export async function publishRun(
  hosts: EngineHost[],
  indexName: string,
  run: IndexRun,
  progress?: PublishProgress,
  journal?: string,
) {
  return publish(hosts, {
    indexName,
    documents: run.documents,
    settings: indexSettings(buildSynonyms(run.corpus)),
    ...(progress ? { progress } : {}),
    ...(journal ? { journal } : {}),
  });
}

/** The fingerprint of the corpus published in the live index, or null if there is none. */
export async function liveFingerprint(host: EngineHost, indexName: string): Promise<string | null> {
  try {
    const meta = await host.admin.index<KbDocument>(indexName).getDocument("meta");
    const parsed = MetaDataSchema.safeParse(meta.data);
    return parsed.success ? parsed.data.fingerprint : null;
  } catch (error) {
    const code = apiErrorCode(error);
    if (code === "index_not_found" || code === "document_not_found") {
      return null;
    }
    throw error;
  }
}
