// The browser session: the refresh token lives in an httpOnly cookie, so a reload keeps
// the agent logged in and logging out ends it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BASE, launch, logInThroughTheApp, newAccount } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test("a reload keeps the agent logged in; logging out ends the session", async () => {
  const owner = await newAccount();
  const context = await browser.newContext();
  const page = await context.newPage();
  await logInThroughTheApp(page, owner);

  const [cookie] = (await context.cookies()).filter((c) => c.name === "helpdesk_refresh");
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Strict");
  expect(await page.evaluate(() => document.cookie)).not.toContain("helpdesk_refresh");

  await page.reload();
  await page.getByRole("navigation").waitFor();
  expect(page.url()).toBe(`${BASE}/inbox`);

  await page.getByRole("button", { name: /log out/i }).click();
  await page.getByRole("button", { name: /log in/i }).waitFor();
  expect((await context.cookies()).filter((c) => c.name === "helpdesk_refresh")).toEqual([]);
  await page.reload();
  await page.getByRole("button", { name: /log in/i }).waitFor();
  await context.close();
});
