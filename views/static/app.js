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

// Print buttons.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// After a failed submission, take keyboard and screen-reader users to the list of problems.
const summary = document.getElementById("error-summary");
if (summary) summary.focus();
