/// <reference lib="dom" />
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

describeBrowser("request drafts in a real browser", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "requests",
    viewport: { width: 1280, height: 900 },
  });

  // Three steps of one request, each a test of its own (each is a few axe runs at most, within
  // the timeout on a busy machine): choosing, an error, the draft.
  it("chooses a type and a country, and pre-fills the country's authority", async () => {
    await suite.page.goto(`${suite.url}/requests/new`);
    expect(await seriousViolations(suite.page)).toEqual([]);
    await suite.page
      .getByLabel("Request for expedited preservation of stored computer data (Art. 29)")
      .check();
    await suite.page.getByLabel("Requested country").selectOption("UA");
    await suite.page.getByRole("button", { name: "Start the draft" }).click();
    await suite.page.waitForURL(/type=preservation&to=UA/);
    await expect(suite.page.locator("#f-addressee").inputValue()).resolves.toBe(
      "Ministry of Internal Affairs of Ukraine",
    );
    expect(await seriousViolations(suite.page)).toEqual([]);
  });

  it("keeps what was typed through an error, and leads from the summary to the field", async () => {
    await suite.page.goto(`${suite.url}/requests/new?type=preservation&to=UA`);
    await suite.page
      .getByLabel("Requesting authority (required)")
      .fill("Prosecutor's Office of Exampleland");
    await suite.page
      .getByLabel("Data to be preserved (required)")
      .fill("Traffic data of account example-7 for 1–5 March 2026");
    await suite.page.getByRole("button", { name: "Prepare the draft" }).click();
    await suite.page.waitForLoadState();
    // The summary takes the focus; the typed values are still there.
    await expect(suite.page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      "error-summary",
    );
    await expect(suite.page.locator("#error-summary").innerText()).resolves.toContain(
      "5 fields need attention",
    );
    await expect(suite.page.locator("#f-data").inputValue()).resolves.toBe(
      "Traffic data of account example-7 for 1–5 March 2026",
    );
    await expect(suite.page.locator("#f-authority_name").inputValue()).resolves.toBe(
      "Prosecutor's Office of Exampleland",
    );
    expect(await seriousViolations(suite.page)).toEqual([]);
    await suite.page.screenshot({ path: `${suite.shots}errors.png`, fullPage: true });

    await suite.page
      .locator("#error-summary a", { hasText: "Offence under investigation" })
      .click();
    await expect(suite.page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-offence");
    await suite.page.keyboard.type("Computer-related fraud");
    await expect(suite.page.locator("#f-offence").inputValue()).resolves.toBe(
      "Computer-related fraud",
    );
  });

  it("produces the draft, gives it as Markdown, and goes back to the form as filled", async () => {
    await suite.page.goto(`${suite.url}/requests/new?type=preservation&to=UA`);
    const fill: Record<string, string> = {
      "Requesting authority (required)": "Prosecutor's Office of Exampleland",
      "Offence under investigation (required)": "Computer-related fraud",
      "Summary of the facts (required)": "Accounts were taken over between 1 and 5 March 2026.",
      "Data to be preserved (required)": "Traffic data of account example-7 for 1–5 March 2026",
      "How the data relate to the offence (required)":
        "The traffic data show who logged in to the accounts.",
      "Custodian or location of the data (required)": "Example Hosting LLC, Kyiv.",
      "Why preservation is necessary (required)": "The provider deletes logs after 30 days.",
    };
    for (const [label, value] of Object.entries(fill))
      await suite.page.getByLabel(label).fill(value);
    await suite.page.getByRole("button", { name: "Prepare the draft" }).click();
    await suite.page.waitForLoadState();
    await expect(suite.page.locator(".letter h1").innerText()).resolves.toBe(
      "Request for expedited preservation of stored computer data",
    );
    await expect(suite.page.locator(".letter-to").innerText()).resolves.toBe(
      "To: Ministry of Internal Affairs of Ukraine, Ukraine",
    );
    await expect(suite.page.locator(".letter-basis").innerText()).resolves.toBe(
      "Under Article 29 of the Council of Europe Convention on Cybercrime (ETS No. 185)",
    );
    await expect(suite.page.locator(".letter-elements > li").count()).resolves.toBe(6);
    await expect(suite.page.locator(".draft-missing").innerText()).resolves.toContain(
      "Your reference",
    );
    expect(await seriousViolations(suite.page)).toEqual([]);
    await suite.page.screenshot({ path: `${suite.shots}draft.png`, fullPage: true });

    const download = suite.page.waitForEvent("download");
    await suite.page.getByRole("button", { name: "Download as Markdown" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("preservation-request-UA.md");

    await suite.page.getByRole("button", { name: "Edit the form" }).click();
    await suite.page.waitForLoadState();
    await expect(suite.page.locator("#f-offence").inputValue()).resolves.toBe(
      "Computer-related fraud",
    );
  });

  it("prints the draft as the letter alone: no site name, navigation, footer, notes or buttons", async () => {
    await suite.page.goto(`${suite.url}/requests/new?type=stored-data&to=GE`);
    await suite.page.getByLabel("Requesting authority (required)").fill("Office X");
    await suite.page.getByLabel("Offence under investigation (required)").fill("Illegal access");
    await suite.page.getByLabel("Summary of the facts (required)").fill("Facts.");
    await suite.page.getByLabel("Data sought (required)").fill("Subscriber information.");
    await suite.page.getByLabel("disclosure").check();
    await suite.page.getByRole("button", { name: "Prepare the draft" }).click();
    await suite.page.waitForLoadState();
    await expect(suite.page.locator(".letter h1").innerText()).resolves.toBe(
      "Request for mutual assistance: access to stored computer data",
    );
    await suite.page.emulateMedia({ media: "print" });
    await expect(suite.page.locator(".draft-actions").isVisible()).resolves.toBe(false);
    await expect(suite.page.locator(".site-header").isVisible()).resolves.toBe(false);
    await expect(suite.page.locator(".site-footer").isVisible()).resolves.toBe(false);
    await expect(suite.page.locator(".letter").isVisible()).resolves.toBe(true);
    // What a printer gets: the request, nothing of the site.
    const printed = await suite.page.evaluate(() => document.body.innerText);
    expect(printed).toContain("Request for mutual assistance: access to stored computer data");
    expect(printed).toContain("Place and date:");
    for (const branding of [
      "Knowledge Base",
      "EaP Cyber-MLA",
      "Private by design",
      "Check before sending",
    ])
      expect(printed, branding).not.toContain(branding);
    await suite.page.screenshot({ path: `${suite.shots}draft-print.png`, fullPage: true });
    await suite.page.emulateMedia({ media: "screen" });
  });
});
