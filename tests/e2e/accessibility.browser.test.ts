import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

// axe-core (WCAG 2.2 A and AA, and best practice) on the pages of the real corpus, one test per
// page. Page families with forms and state have their own checks in their files.

describeBrowser("accessibility of the reading pages", () => {
  const suite = browserSuite({ corpus: REAL_CORPUS, label: "accessibility" });
  it.each([
    "/",
    "/search",
    "/search?q=art.+29+Georgia",
    "/search?q=quick+freeze&kind=analysis&status=partial",
    "/search?q=xyzzy+plugh",
    "/articles",
    "/articles/29",
    "/articles/35",
    "/countries",
    "/countries/GE",
    "/countries/BY",
    "/instruments/p2",
    "/about",
    "/articles/49",
    "/countries/ZZ",
  ])("%s has no serious or critical accessibility violations", async (path) => {
    await suite.page.goto(suite.url + path);
    expect(await seriousViolations(suite.page), path).toEqual([]);
  });
});
