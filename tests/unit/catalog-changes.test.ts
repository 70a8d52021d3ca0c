import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDocuments } from "../../indexer/documents/index.js";
import type { KbDocument } from "../../indexer/contract.js";
import { updatePublished } from "../../indexer/live.js";
import { catalogChanged as changedBy } from "../../server/search/catalog.js";
import { FIXTURES, fixtureDocuments } from "../setup/helpers.js";

// After a publication the catalog (countries, articles, recommendations, reference data) is read
// again only when what it is made of changed: a saved analysis section does not change it.

const byId = (docs: KbDocument[]) => new Map(docs.map((d) => [d.id, d]));
/** Whether publishing `now` after `before` changes the catalog. */
const catalogChanged = (before: Map<string, KbDocument>, now: Map<string, KbDocument>) =>
  changedBy(updatePublished(new Map(before), [...now.values()]));

describe("whether a publication changes the catalog", async () => {
  const { corpus, documents } = await fixtureDocuments(join(FIXTURES, "corpus-basic"));
  const before = byId(documents);
  /** The documents with `id` replaced by `change(doc)` (and a new hash, as a build gives). */
  const changed = (id: string, change: (doc: KbDocument) => KbDocument) =>
    byId(documents.map((d) => (d.id === id ? { ...change(d), hash: `${d.hash}x` } : d)));

  it("has documents of every kind to compare", () => {
    const kinds = new Set(documents.map((d) => d.kind));
    for (const kind of ["analysis", "profile", "article", "recommendation", "meta"])
      expect(kinds).toContain(kind);
  });

  it("does not change for an analysis section or a new build of the same corpus", () => {
    const analysis = documents.find((d) => d.kind === "analysis")!;
    expect(
      catalogChanged(
        before,
        changed(analysis.id, (d) => ({ ...d, text: "new" })),
      ),
    ).toBe(false);
    // Another build: the meta document's id and build time differ, nothing else.
    expect(catalogChanged(before, byId(buildDocuments(corpus, "2030-01-01T00:00:00Z")))).toBe(
      false,
    );
    const renamed = changed("meta", (d) =>
      d.kind === "meta" ? { ...d, data: { ...d.data, fingerprint: "other" } } : d,
    );
    expect(catalogChanged(before, renamed)).toBe(false);
  });

  it("changes for a profile, an article, a recommendation, reference data, or a first publication", () => {
    for (const kind of ["profile", "article", "recommendation"] as const) {
      const doc = documents.find((d) => d.kind === kind)!;
      expect(
        catalogChanged(
          before,
          changed(doc.id, (d) => ({ ...d, title: "new" })),
        ),
        kind,
      ).toBe(true);
      const without = byId(documents.filter((d) => d.id !== doc.id));
      expect(catalogChanged(before, without), `${kind} removed`).toBe(true);
    }
    const meetings = changed("meta", (d) =>
      d.kind === "meta" ? { ...d, data: { ...d.data, meetings: [] } } : d,
    );
    expect(catalogChanged(before, meetings)).toBe(true);
    expect(catalogChanged(new Map(), before)).toBe(true);
  });
});
