/**
 * Safe highlighting: the engine marks matches with private-use characters; we escape the whole
 * text first and only then turn the marks into <mark> elements, so no indexed or typed text can
 * ever become markup.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const splitters = new Map<string, RegExp>();

/** Escapes `text`, then wraps each marked span in <mark>; unbalanced marks are dropped. */
export function highlight(text: string, start: string, end: string): string {
  let out = "";
  let open = false;
  const key = `${start}${end}`;
  let splitter = splitters.get(key);
  if (!splitter) {
    splitter = new RegExp(`(${start}|${end})`, "u");
    splitters.set(key, splitter);
  }
  for (const part of text.split(splitter)) {
    if (part === start) {
      if (!open) out += "<mark>";
      open = true;
    } else if (part === end) {
      if (open) out += "</mark>";
      open = false;
    } else {
      out += escapeHtml(part);
    }
  }
  return open ? `${out}</mark>` : out;
}
