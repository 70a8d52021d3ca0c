import { chromium } from "/work/main/node_modules/playwright-core/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "/work/main/tests/setup/chromium.ts";
const base = "http://127.0.0.1:3999";
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
async function signIn(email: string, width: number) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.fill("#login-email", email);
  await page.fill("#login-password", "sweep-pass-12345");
  await page.click("button[type=submit]");
  await page.waitForLoadState();
  return page;
}
const other = await signIn("member@example.org", 1280);
const p = await signIn("member@example.org", 390);
await p.goto(`${base}/account`);
await p.screenshot({ path: "/tmp/sweep/account-phone.png", fullPage: true });
const d = await signIn("member@example.org", 1280);
await d.goto(`${base}/account`);
await d.screenshot({ path: "/tmp/sweep/account-desk.png", fullPage: true });
await d.goto(`${base}/`);
await d.screenshot({ path: "/tmp/sweep/home-member.png", fullPage: false });
void other;
await browser.close();
