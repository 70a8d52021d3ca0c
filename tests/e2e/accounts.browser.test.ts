import { expect, it } from "vitest";
import { PASSWORD, testAuth } from "../setup/auth.js";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { restrictedRepo } from "../setup/restricted-repo.js";

// Signing in, and a page with a working group's section, as a reader meets them: by keyboard,
// at desktop and phone width, checked with axe before and after signing in.

describeBrowser("accounts and restricted sections in a real browser", () => {
  const suite = browserSuite({
    corpus: async () => (await restrictedRepo()).corpus,
    label: "accounts",
    auth: async () => {
      const made = await testAuth();
      await made.add("alpha@example.org", "member", ["wg-alpha"]);
      await made.add("admin@example.org", "admin");
      return made.setup;
    },
  });

  it("shows outsiders where a restricted section is, in words, without a violation", async () => {
    const { page } = suite;
    await page.goto(`${suite.url}/countries/GE`);
    const section = page.locator("#art-31");
    await expect(section.innerText()).resolves.toMatch(
      /Article 31[\s\S]*Restricted[\s\S]*working group's members only/,
    );
    await expect(section.innerText()).resolves.not.toContain("alphaquill");
    expect(await seriousViolations(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${suite.shots}country-restricted.png` });
    await page.goto(`${suite.url}/compare?countries=GE,MD&articles=29,31`);
    await expect(
      page.locator('td[data-country="GE"][data-status="restricted"]').innerText(),
    ).resolves.toContain("Restricted");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("has a sign-in page without a violation, at desktop and phone width", async () => {
    const { page } = suite;
    await page.goto(`${suite.url}/login`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}login.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.url}/login`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: `${suite.shots}login-phone.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("says a wrong password plainly, and focuses the message", async () => {
    const { page } = suite;
    await page.goto(`${suite.url}/login`);
    await page.getByLabel("E-mail address").fill("alpha@example.org");
    await page.getByLabel("Password").fill("not the right password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await expect(alert.innerText()).resolves.toContain(
      "The e-mail address or the password is not right.",
    );
    await expect(
      page.locator(".error-summary").evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}login-failed.png` });
  });

  it("signs in by keyboard alone, back to the page it came from, and shows the section", async () => {
    const { page } = suite;
    await page.goto(`${suite.url}/countries/GE#art-31`);
    await page.locator("#art-31").getByRole("link", { name: "Sign in" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("E-mail address").focus();
    await page.keyboard.type("alpha@example.org");
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/countries\/GE$/);
    await expect(page.locator(".site-header").innerText()).resolves.toContain("Signed in as alpha");
    await expect(page.locator("#art-31").innerText()).resolves.toContain("alphaquill");
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator("#art-31").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${suite.shots}country-member.png` });
    // The home page lists the group's material for them.
    await page.goto(`${suite.url}/`);
    await expect(page.locator(".home-restricted").innerText()).resolves.toContain(
      "Working group alpha, meeting notes · for wg-alpha",
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}home-member.png` });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${suite.url}/`);
    await expect(page.locator(".site-header").innerText()).resolves.toContain("Sign in");
  });

  it("shows admins the audit log as a readable table, at desktop and phone width", async () => {
    const { page } = suite;
    await page.goto(`${suite.url}/login`);
    await page.getByLabel("E-mail address").fill("admin@example.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${suite.url}/`);
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/admin\/audit$/);
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.first().innerText()).resolves.toContain("signed in");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}audit.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}audit-phone.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  let accountPath = "";

  it("lets admins add an account and change it by keyboard, each error beside its field", async () => {
    const { page } = suite;
    // Signed in as the administrator by the test above.
    page.setDefaultTimeout(20_000);
    await page.goto(`${suite.url}/`);
    await page.getByRole("link", { name: "Accounts", exact: true }).click();
    await page.waitForURL(/\/admin\/accounts$/);
    await expect(page.locator("caption").innerText()).resolves.toMatch(/^\d+ accounts$/);
    expect(await seriousViolations(page)).toEqual([]);
    // A first try with a short password: the error beside its field, which takes the focus.
    await page.getByLabel("E-mail").fill("expert@example.org");
    await page.locator("#add-role").selectOption("contributor");
    await page.getByLabel("Working groups").fill("wg-alpha");
    await page.locator("#add-password").fill("too short");
    await page.getByLabel(/^Password again/).fill("too short");
    await page.getByRole("button", { name: "Add the account" }).click();
    await expect(page.locator("#add-password-error").innerText()).resolves.toContain(
      "at least 12 characters",
    );
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("add-password");
    await expect(page.getByLabel("E-mail").inputValue()).resolves.toBe("expert@example.org");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}admin-accounts-error.png`, fullPage: true });
    // Typed again, submitted with the keyboard.
    await page.locator("#add-password").fill("a long enough password");
    await page.getByLabel(/^Password again/).fill("a long enough password");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/admin\/accounts\/[0-9a-f-]{36}\?done=added$/);
    await expect(page.getByRole("status").innerText()).resolves.toContain(
      "The account expert@example.org was added.",
    );
    await expect(page.locator("h1").innerText()).resolves.toBe("expert@example.org");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${suite.shots}admin-account.png`, fullPage: true });
    await page.locator("#edit-role").selectOption("editor");
    await page.getByRole("button", { name: "Save the changes" }).click();
    await page.waitForURL(/\?done=changed$/);
    await expect(page.locator(".facts").innerText()).resolves.toMatch(/Role\s+editor/);
    accountPath = new URL(page.url()).pathname;
    page.setDefaultTimeout(30_000);
  });

  // Apart from the test above, so that neither does so much browser work that a busy machine
  // makes it time out.
  it("shows admins the accounts list and an account at phone width, without a violation", async () => {
    const { page } = suite;
    // Signed in as the administrator, and the account added, by the tests above.
    expect(accountPath).toMatch(/^\/admin\/accounts\/[0-9a-f-]{36}$/);
    page.setDefaultTimeout(20_000);
    for (const path of ["/admin/accounts", accountPath]) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${suite.url}${path}`);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        path,
      ).toBeLessThanOrEqual(390);
      expect(await seriousViolations(page), path).toEqual([]);
      await page.screenshot({
        path: `${suite.shots}${path === "/admin/accounts" ? "admin-accounts" : "admin-account"}-phone.png`,
        fullPage: true,
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    page.setDefaultTimeout(30_000);
  });
});
