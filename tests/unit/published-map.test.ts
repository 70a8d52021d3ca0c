import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { KbDocument } from "../../indexer/contract.js";
import { updatePublished } from "../../indexer/live.js";
import { difference, type HostState } from "../../indexer/publish/index.js";
import { FIXTURES, fixtureDocuments } from "../setup/helpers.js";

/**
 * The live publisher keeps the published documents by id and patches that map after each
 * publication instead of building it again; what it holds must be what a new map would, and the
 * changes it reports exactly the documents added, changed and deleted.
 */
describe("the published documents, patched", async () => {
  const { documents } = await fixtureDocuments(join(FIXTURES, "corpus-basic"));
  const fresh = (docs: readonly KbDocument[]) => new Map(docs.map((d) => [d.id, d]));
  const names = (changes: ReturnType<typeof updatePublished>) =>
    changes.map(({ before, now }) => `${before ? "-" : ""}${now ? "+" : ""}${(now ?? before)!.id}`);

  it("has documents to publish", () => {
    expect(documents.length).toBeGreaterThan(10);
  });

  it("reports every document of a first publication as added", () => {
    const published = new Map<string, KbDocument>();
    const changes = updatePublished(published, documents);
    expect(changes).toHaveLength(documents.length);
    expect(changes.every((c) => c.before === undefined && c.now !== undefined)).toBe(true);
    expect(published).toEqual(fresh(documents));
  });

  it("reports nothing for the same documents, and an equal copy without a change", () => {
    const published = fresh(documents);
    expect(updatePublished(published, documents)).toEqual([]);
    const copies = documents.map((d) => ({ ...d }));
    expect(updatePublished(published, copies)).toEqual([]);
    // The map holds the newer objects, so that readers share them.
    for (const copy of copies) expect(published.get(copy.id)).toBe(copy);
  });

  it("reports a changed, an added and a deleted document, and ends as a new map would", () => {
    const [first, second, ...rest] = documents;
    const changed = { ...first!, text: "changed", hash: `${first!.hash}x` } as KbDocument;
    const added = { ...second!, id: "analysis-zz-1", hash: "new" } as KbDocument;
    const now = [changed, ...rest, added];
    const published = fresh(documents);
    const changes = updatePublished(published, now);
    expect(names(changes).sort()).toEqual(
      [`-+${first!.id}`, `+analysis-zz-1`, `-${second!.id}`].sort(),
    );
    expect(changes.find((c) => c.now === changed)?.before).toBe(first);
    expect(published).toEqual(fresh(now));
    expect([...published.keys()].sort()).toEqual(now.map((d) => d.id).sort());
  });

  it("finds deletions when as many documents are added as deleted", () => {
    const [first, ...rest] = documents;
    const renamed = { ...first!, id: `${first!.id}-moved` } as KbDocument;
    for (const previous of [undefined, documents]) {
      const published = fresh(documents);
      const changes = updatePublished(published, [...rest, renamed], previous);
      expect(names(changes).sort()).toEqual([`+${renamed.id}`, `-${first!.id}`].sort());
      expect(published).toEqual(fresh([...rest, renamed]));
    }
  });

  it("looks only where the objects differ when given the documents it last had", () => {
    const [first, second, ...rest] = documents;
    const changed = { ...first!, text: "changed", hash: `${first!.hash}x` } as KbDocument;
    const copy = { ...second! } as KbDocument;
    const now = [changed, copy, ...rest];
    const published = fresh(documents);
    const changes = updatePublished(published, now, documents);
    expect(changes).toEqual([{ before: first, now: changed }]);
    expect(published.get(copy.id)).toBe(copy);
    expect(published).toEqual(fresh(now));
    // The same documents in another order: looked at one by one, nothing changed.
    expect(updatePublished(published, [...now].reverse(), now)).toEqual([]);
    expect(published).toEqual(fresh(now));
  });
});

describe("what a host lacks, from the documents it was last brought in line with", async () => {
  const { documents } = await fixtureDocuments(join(FIXTURES, "corpus-basic"));
  const state = (basis?: readonly KbDocument[]): HostState => ({
    hashes: new Map(documents.map((d) => [d.id, d.hash])),
    settingsHash: "s",
    contractVersion: 1,
    ...(basis ? { basis } : {}),
  });
  const [first, second, ...rest] = documents;
  const changed = { ...first!, text: "changed", hash: `${first!.hash}x` } as KbDocument;
  const cases: Record<string, KbDocument[]> = {
    "the same documents": documents,
    "one changed, one copied": [changed, { ...second! } as KbDocument, ...rest],
    "one deleted": [changed, ...rest],
    "one added": [...documents, { ...second!, id: "analysis-zz-1", hash: "n" } as KbDocument],
    "one renamed": [{ ...first!, id: `${first!.id}-moved` } as KbDocument, second!, ...rest],
    "another order": [...documents].reverse(),
  };

  it("is what comparing every id and hash gives, in every case", () => {
    expect(Object.keys(cases).length).toBeGreaterThan(0);
    for (const [name, now] of Object.entries(cases)) {
      const quick = difference(state(documents), now);
      expect(quick, name).toEqual(difference(state(), now));
    }
    expect(difference(state(documents), cases["one changed, one copied"]!).upserts).toEqual([
      changed,
    ]);
  });
});
