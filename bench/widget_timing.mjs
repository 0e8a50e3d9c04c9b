// Browser timings of the customer widget (run by bench/widget.py against a live server):
// the tag loading → the launcher shown, and an agent's reply → the customer's screen.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(new URL("../frontend/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const BASE = process.env.HELPDESK_E2E_BASE_URL;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const REPLIES = Number(process.env.BENCH_REPLIES ?? 20);

async function call(method, path, token, body) {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { ...(body && { "Content-Type": "application/json" }), ...(token && { Authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const report = (name, values) =>
  console.log(
    `${name.padEnd(20)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(values, 95)
      .toFixed(0)
      .padStart(5)} ms   max ${Math.max(...values).toFixed(0).padStart(5)} ms   (${values.length} runs)`,
  );

const email = `bench-${Date.now()}@widget.example`;
await call("POST", "/auth/signup", null, { account_name: "Bench", name: "Bea Bench", email, password: "bench-password-1" });
const { access_token: token } = await call("POST", "/auth/login", null, { email, password: "bench-password-1" });
const team = await call("POST", "/teams", token, { name: "Support" });
const inbox = await call("POST", "/inboxes", token, { name: "Shop", channel: "web_chat", default_team_id: team.id });

const page = `<!doctype html><meta charset="utf-8"><title>Shop</title><h1>Shop</h1>
<script src="${BASE}/widget.js" data-inbox="${inbox.widget_key}" async></script>`;
const site = createServer((_, response) => response.writeHead(200, { "Content-Type": "text/html" }).end(page));
await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
const siteUrl = `http://127.0.0.1:${site.address().port}/`;

const browser = await chromium.launch({ executablePath: process.env.HELPDESK_CHROMIUM, args: ["--no-sandbox"] });
try {
  const launcher = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(siteUrl);
    const shown = await tab.waitForFunction(
      () => {
        const button = document.getElementById("helpdesk-widget")?.shadowRoot?.querySelector("button");
        return button && button.style.display !== "none" && performance.now();
      },
      undefined,
      { polling: "raf" },
    );
    const tagStart = await tab.evaluate(
      () => performance.getEntriesByType("resource").find((e) => e.name.endsWith("/widget.js")).startTime,
    );
    launcher.push((await shown.jsonValue()) - tagStart);
    await context.close();
  }

  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(siteUrl);
  await tab.locator("#helpdesk-widget button").click();
  const frame = await (async () => {
    for (;;) {
      const found = tab.frames().find((f) => f.url().startsWith(`${BASE}/widget/`));
      if (found) return found;
      await tab.waitForTimeout(20);
    }
  })();
  await frame.locator(".hd-primary").click();
  await frame.locator("textarea").fill("Hello, a question about my order");
  await frame.locator("textarea").press("Enter");
  await frame.locator(".hd-from-me:not(.hd-pending)").waitFor();
  const listed = await call("GET", `/conversations?inbox_id=${inbox.id}`, token);
  const conversationId = listed.items[0].id;
  const replies = [];
  for (let i = 0; i < REPLIES; i++) {
    const text = `Reply number ${i} (${Date.now()})`;
    const sentAt = Date.now();
    const seen = frame.waitForFunction(
      (expected) => [...document.querySelectorAll(".hd-text")].some((e) => e.textContent === expected) && Date.now(),
      text,
      { polling: "raf" },
    );
    await call("POST", `/conversations/${conversationId}/messages`, token, { text });
    replies.push((await (await seen).jsonValue()) - sentAt);
  }
  report("tag → launcher", launcher);
  report("reply → screen", replies);
} finally {
  await browser.close();
  site.close();
}
