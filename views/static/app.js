// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

// Sort and similar selects submit their form on change.
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form && select.form.submit());
}

// "/" focuses the search box, as in most search tools (not while typing in a field).
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
    return;
  const box = document.getElementById("q");
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

// The search box offers articles, countries and thesaurus terms as one types (/api/suggest),
// through its list of suggestions: the browser shows it and lets the keyboard pick from it.
const searchBox = document.getElementById("q");
const suggestions = document.getElementById("q-suggestions");
if (searchBox instanceof HTMLInputElement && suggestions) {
  searchBox.setAttribute("list", suggestions.id);
  let timer = 0;
  let pending = null;
  searchBox.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const typed = searchBox.value.trim();
      if (pending) pending.abort();
      if (typed.length < 2) {
        suggestions.replaceChildren();
        return;
      }
      pending = new AbortController();
      try {
        const res = await fetch(`/api/suggest?q=${encodeURIComponent(typed)}`, {
          signal: pending.signal,
          headers: { Accept: "application/json" },
        });
        if (!res.ok || searchBox.value.trim() !== typed) return;
        const body = await res.json();
        suggestions.replaceChildren(
          ...body.suggestions.map((s) => {
            const option = document.createElement("option");
            option.value = s.value;
            if (s.label !== s.value) option.label = s.label;
            return option;
          }),
        );
      } catch {
        // Aborted by the next keystroke, or offline: no suggestions this time.
      }
    }, 120);
  });
}

// Print buttons.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// After a failed submission, take keyboard and screen-reader users to the list of problems, or,
// on a short form without one, to the first field that needs attention.
const summary = document.getElementById("error-summary");
const invalid = document.querySelector('form [aria-invalid="true"]');
if (summary) summary.focus();
else if (invalid instanceof HTMLElement) invalid.focus();

// Compare picker: "clear all", "select all of a chapter" and the quick choices tick boxes in
// place, so several choices can be combined before comparing; without this script the quick
// choices are links that keep the picker open.
const picker = document.querySelector(".article-picker");
if (picker) {
  const boxes = () => [...picker.querySelectorAll('input[type="checkbox"][name="articles"]')];
  const count = picker.querySelector("[data-pick-count]");
  // The page gives the words for each plural form of its language (data-one, data-few, …),
  // with # for the number.
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const say = () => {
    const n = boxes().filter((b) => b.checked).length;
    if (!count) return;
    const words =
      count.getAttribute(`data-${plural.select(n)}`) || count.getAttribute("data-other");
    count.textContent = (words || "#").replace("#", String(n));
  };
  const numbers = (list) => {
    const out = new Set();
    for (const part of list.split(",")) {
      const range = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(part);
      if (!range) continue;
      const from = Number(range[1]);
      const to = range[2] ? Number(range[2]) : from;
      for (let n = from; n <= to; n++) out.add(String(n));
    }
    return out;
  };
  for (const button of picker.querySelectorAll("[data-pick], [data-pick-chapter]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const chapter = button.getAttribute("data-pick-chapter");
      for (const box of boxes()) {
        if (chapter === null) box.checked = false;
        else if (box.getAttribute("data-chapter") === chapter) box.checked = true;
      }
      if (chapter === null) {
        const field = picker.querySelector("#article-list");
        if (field) field.value = "";
      }
      say();
    });
  }
  for (const link of picker.querySelectorAll("[data-pick-articles]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const wanted = numbers(link.getAttribute("data-pick-articles") || "");
      for (const box of boxes()) box.checked = wanted.has(box.value);
      say();
    });
  }
  picker.addEventListener("change", say);
  say();
}

// After a search, a filter change or a new comparison the page opens at the heading of what
// changed (#results, #matrix-title): move the focus there, so that a screen reader announces it
// and Tab goes on to the first result or row.
const landing = window.location.hash
  ? document.getElementById(window.location.hash.slice(1))
  : null;
if (landing && landing.hasAttribute("data-land")) landing.focus();

// Facet checkboxes: Space ticks (the browser does that); Enter applies the filters.
for (const form of document.querySelectorAll(".facet-form")) {
  form.addEventListener("keydown", (event) => {
    const target = event.target;
    if (
      event.key === "Enter" &&
      target instanceof HTMLElement &&
      target.matches("input[type=checkbox]")
    ) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}
