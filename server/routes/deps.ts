/** What every route module receives from createApp. */
import type { Request } from "express";
import type { Logger } from "pino";
import type { CorpusStatus } from "../../indexer/index.js";
import type { Editing } from "../editing/service.js";
import type { HistoryService } from "../history/service.js";
import type { CatalogSource } from "../search/catalog.js";
import type { AccessReader } from "../search/access.js";

export interface RouteDeps {
  /** Reads the index as the current caller (see search/access.ts): the only reader routes get. */
  reader: AccessReader;
  catalog: CatalogSource;
  log: Logger;
  /** Renders a page inside the layout, adding what every page shows (dates, URL). */
  render(req: Request, page: string, model: Record<string, unknown>): string;
  /** The site's public address without a trailing slash: PUBLIC_URL, or the request's own. */
  siteUrl(req: Request): string;
  now(): Date;
  /** The live publisher's status, on the instance that watches the corpus; null elsewhere. */
  corpus: { status(): CorpusStatus } | null;
  /** The corpus's git history, when it can be read. */
  history: HistoryService | null;
  /** Proposals and review, on the instance that holds the corpus work tree; else why not. */
  editing: Editing;
  /** Cells of a comparison read from the engine at a time (default BATCH_CELLS; tests). */
  compareBatchCells?: number;
}
