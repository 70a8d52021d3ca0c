/**
 * Results of parsing pieces of text, kept by the text: a save changes one section or block of a
 * file and the others are read from here. Bounded by the pieces' total length; the least recently
 * used go first. Each piece is kept (and parsed) as a string of its own: the pieces are slices
 * of a file's text, and a slice — or any string a parser cuts from it — keeps the whole file
 * alive for as long as it is cached. What the cache returns is shared: only read it.
 */
export function textCache<T>(maxChars: number, parse: (text: string) => T): (text: string) => T {
  const entries = new Map<string, T>();
  let chars = 0;
  return (text) => {
    const kept = entries.get(text);
    if (kept !== undefined) {
      entries.delete(text);
      entries.set(text, kept);
      return kept;
    }
    const own = JSON.parse(JSON.stringify(text)) as string;
    const parsed = parse(own);
    entries.set(own, parsed);
    chars += own.length;
    for (const [key] of entries) {
      if (chars <= maxChars) break;
      entries.delete(key);
      chars -= key.length;
    }
    return parsed;
  };
}
