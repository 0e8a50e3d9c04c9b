// What the browser tests share: the server under test, Chromium, the public API for
// setting up data, and screenshots.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { onTestFailed } from "vitest";

export const BASE = process.env.HELPDESK_E2E_BASE_URL ?? "http://127.0.0.1:8000";
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), "screenshots");

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HELPDESK_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** A call to the public API, failing the test on an unexpected status. */
export async function call<T = unknown>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; expect?: number; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body !== undefined && { "Content-Type": "application/json" }),
      ...(options.token && { Authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const expected = options.expect ?? (method === "POST" ? [200, 201] : [200, 204]);
  const ok = Array.isArray(expected) ? expected.includes(response.status) : response.status === expected;
  const text = await response.text();
  if (!ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Staff {
  id: string;
  email: string;
  password: string;
  token: string;
}

let accounts = 0;

/** A fresh account and its owner, logged in over the API. */
export async function newAccount(name = "E2E"): Promise<Staff> {
  const email = `owner-${Date.now()}-${++accounts}@e2e.example.com`;
  const password = "correct horse battery";
  await call("POST", "/auth/signup", { body: { account_name: name, name: "Olivia Owner", email, password } });
  return logIn(email, password);
}

export async function logIn(email: string, password: string): Promise<Staff> {
  const pair = await call<{ access_token: string }>("POST", "/auth/login", { body: { email, password } });
  const me = await call<{ id: string }>("GET", "/me", { token: pair.access_token });
  return { id: me.id, email, password, token: pair.access_token };
}

/** A colleague in the owner's account, logged in. */
export async function newStaff(owner: Staff, name: string, role = "agent", extra: Record<string, unknown> = {}): Promise<Staff> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}-${Date.now()}@e2e.example.com`;
  const password = "correct horse battery";
  await call("POST", "/users", { token: owner.token, body: { name, email, password, role, ...extra } });
  return logIn(email, password);
}

/** Log in through the app's own screen. */
export async function logInThroughTheApp(page: Page, staff: Staff): Promise<void> {
  await page.goto(`${BASE}/`);
  await page.getByLabel(/e-mail/i).fill(staff.email);
  await page.getByLabel(/password|wachtwoord/i).fill(staff.password);
  await page.getByRole("button", { name: /log in|inloggen/i }).click();
  await page.getByRole("navigation").waitFor();
}

/** Save a screenshot of `page` (as failure-NAME.png) if the running test fails. */
export function keepOnFailure(page: Page, name: string): void {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${name}: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${name} console: ${message.text()}`);
  });
  onTestFailed(async () => {
    for (const error of errors) console.error(error);
    await screenshot(page, `failure-${name}`).catch(() => undefined);
  });
}
