/** The Guidance Notes page's model: each file of Notes with its introduction, then its Notes. */
import type { Catalog } from "../../search/catalog.js";
import type { GuidanceNoteRecord } from "../../search/records.js";
import { guidanceNoteView } from "../interpretation.js";
import type { GuidanceNotesPage } from "./json.js";

/** Groups the Notes under the file (instrument and body) they come from. */
export function guidanceNotesModel(
  catalog: Catalog,
  notes: readonly GuidanceNoteRecord[],
): GuidanceNotesPage {
  const instrument = (id: string) => catalog.instruments.find((i) => i.id === id);
  const articleLink = (instrumentId: string, n: number) =>
    instrument(instrumentId)?.primary
      ? {
          number: n,
          title: catalog.articles.find((a) => a.number === n)?.title ?? null,
          url: `/articles/${n}`,
        }
      : { number: n, title: null, url: `/instruments/${instrumentId}#art-${n}` };
  const collections = catalog.guidanceCollections.map((c) => ({
    instrument: c.instrument,
    instrumentShort: instrument(c.instrument)?.short ?? c.instrument,
    body: c.body,
    note: c.note,
    introHtml: c.introHtml,
    sources: c.sources,
    notes: [] as GuidanceNotesPage["collections"][number]["notes"],
  }));
  for (const note of [...notes].sort((a, b) => a.data.number - b.data.number)) {
    const { instrument: id, body } = note.data;
    let home = collections.find((c) => c.instrument === id && c.body === body);
    if (!home) {
      // A Note whose file's introduction is not in the catalog yet (a reindex in between).
      home = {
        instrument: id,
        instrumentShort: instrument(id)?.short ?? id,
        body,
        note: null,
        introHtml: "",
        sources: [],
        notes: [],
      };
      collections.push(home);
    }
    home.notes.push({
      ...guidanceNoteView(note),
      articleLinks: note.data.concerns.map((n) => articleLink(id, n)),
    });
  }
  return { count: notes.length, collections };
}
