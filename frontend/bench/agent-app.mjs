// Timed in Chromium against a running server with the benchmark dataset (bench/agent_app.py
// starts it): login → 25 conversations on screen, and a customer's message → the agent's
// screen. Prints one JSON line of figures.
import { chromium } from "playwright-core";

const BASE = process.env.HELPDESK_E2E_BASE_URL;
const LOGINS = Number(process.env.BENCH_LOGINS ?? 10);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 30);
const EMAIL = "admin1@bench.example";
const PASSWORD = "bench-password";

async function call(method, path, { token, body } = {}) {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { ...(body && { "Content-Type": "application/json" }), ...(token && { Authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return response.json();
}

function figures(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

const browser = await chromium.launch({ executablePath: process.env.HELPDESK_CHROMIUM, args: ["--no-sandbox"] });
try {
  const logins = [];
  for (let i = 0; i <= LOGINS; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${BASE}/`);
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    const start = performance.now();
    await page.getByRole("button", { name: "Log in" }).click();
    await page.locator(".conversation-row").nth(24).waitFor({ timeout: 30000 });
    if (i > 0) logins.push(performance.now() - start); // the first warms the server up
    await context.close();
  }

  const admin = (await call("POST", "/auth/login", { body: { email: EMAIL, password: PASSWORD } })).access_token;
  const inbox = (await call("GET", "/inboxes", { token: admin })).items.find((i) => i.channel === "web_chat");
  const session = await call("POST", `/widget/${inbox.widget_key}/sessions`, { body: { name: "Bench Visitor" } });
  const visitor = { Authorization: `Bearer ${session.contact_token}`, "Content-Type": "application/json" };
  const started = await (
    await fetch(`${BASE}/api/v1/widget/conversations`, { method: "POST", headers: visitor, body: JSON.stringify({ message: "Hello" }) })
  ).json();
  const conversationId = started.conversation.id;

  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.getByLabel("E-mail").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("navigation").waitFor();
  await page.goto(`${BASE}/inbox/${conversationId}`);
  await page.locator(".message-text", { hasText: "Hello" }).first().waitFor();
  const messages = [];
  for (let i = 0; i < MESSAGES; i++) {
    const text = `Bench message ${i} ${Math.random().toString(36).slice(2)}`;
    const start = performance.now();
    const sent = await fetch(`${BASE}/api/v1/widget/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: visitor,
      body: JSON.stringify({ text }),
    });
    if (!sent.ok) throw new Error(`send → ${sent.status}`);
    await page.locator(".message-text", { hasText: text }).waitFor({ timeout: 30000 });
    messages.push(performance.now() - start);
  }
  console.log(JSON.stringify({ login: figures(logins), message: figures(messages) }));
} finally {
  await browser.close();
}
