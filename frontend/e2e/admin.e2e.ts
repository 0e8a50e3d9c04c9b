// The admin area in a browser: an owner adds a user through the Users form and, from the
// Overview, hands an absent agent's conversations to a colleague.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BASE, call, launch, logInThroughTheApp, newAccount, newStaff, screenshot, type Staff } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Inbox {
  id: string;
  widget_key: string;
}

/** A customer writes in through the widget of `inbox`; the owner assigns it to `agent`. */
async function conversationFor(owner: Staff, inbox: Inbox, agent: Staff, text: string): Promise<string> {
  const session = await call<{ contact_token: string }>("POST", `/widget/${inbox.widget_key}/sessions`, { body: {} });
  const started = await call<{ conversation: { id: string } }>("POST", "/widget/conversations", {
    token: session.contact_token,
    body: { message: text },
  });
  const id = started.conversation.id;
  await call("POST", `/conversations/${id}/assign`, {
    token: owner.token,
    body: { user_id: agent.id, force: true },
  });
  return id;
}

test("an owner adds a user and hands an absent agent's conversations to a colleague", async () => {
  const owner = await newAccount("Admin E2E");
  const alex = await newStaff(owner, "Alex Absent", "agent", { max_concurrent: 5 });
  const bob = await newStaff(owner, "Bob Colleague", "agent", { max_concurrent: 5 });
  for (const agent of [alex, bob]) {
    await call("PATCH", `/users/${agent.id}`, { token: owner.token, body: { availability: "online" } });
  }
  const team = await call<{ id: string }>("POST", "/teams", {
    token: owner.token,
    body: { name: "Support", routing_mode: "manual", member_ids: [alex.id, bob.id] },
  });
  const inbox = await call<Inbox>("POST", "/inboxes", {
    token: owner.token,
    body: { name: "Website", channel: "web_chat", greeting: "Hi! How can we help?", default_team_id: team.id },
  });
  const conversations = [
    await conversationFor(owner, inbox, alex, "My order has not arrived"),
    await conversationFor(owner, inbox, alex, "Can I change my address?"),
  ];
  await call("PATCH", `/users/${alex.id}`, { token: owner.token, body: { availability: "away" } });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await logInThroughTheApp(page, owner);
  await page.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Users" }).click();

  // A user through the Users form.
  await page.getByRole("button", { name: "Add user" }).click();
  const form = page.getByRole("dialog", { name: "Add a user" });
  const email = `carla-${Date.now()}@e2e.example.com`;
  await form.getByLabel("Name").fill("Carla Newcomer");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Initial password").fill("correct horse battery");
  await form.getByLabel("Role").selectOption("admin");
  await form.getByLabel("Maximum conversations").fill("7");
  await form.getByRole("button", { name: "Add user" }).click();
  await form.waitFor({ state: "detached" });
  await page.getByRole("row", { name: /Carla Newcomer/ }).waitFor();
  const users = await call<{ items: { email: string; role: string; max_concurrent: number }[] }>("GET", "/users", {
    token: owner.token,
  });
  expect(users.items.find((user) => user.email === email)).toMatchObject({ role: "admin", max_concurrent: 7 });

  // The overview: Alex is away with two open conversations.
  await page.getByRole("link", { name: "Overview" }).click();
  await page.getByRole("row", { name: /Carla Newcomer/ }).waitFor();
  const alexRow = page.getByRole("row", { name: /Alex Absent/ });
  await alexRow.getByText("Away").waitFor();
  await alexRow.getByRole("cell", { name: "2", exact: true }).first().waitFor();
  await screenshot(page, "admin-overview");

  await alexRow.getByRole("button", { name: "Actions for Alex Absent" }).click();
  await page.getByRole("menuitem", { name: "Hand over conversations…" }).click();
  const handover = page.getByRole("dialog", { name: "Hand over Alex Absent's conversations" });
  await handover.getByRole("combobox", { name: "Colleague" }).click();
  await page.getByRole("option", { name: /Bob Colleague/ }).click();
  await handover.getByLabel("Note").fill("Alex is ill today");
  await handover.getByRole("button", { name: "Hand over" }).click();
  const outcomes = handover.getByRole("list", { name: "What happened to each conversation" });
  await outcomes.waitFor();
  expect(await outcomes.getByRole("listitem").allTextContents()).toEqual(
    expect.arrayContaining([expect.stringMatching(/^#\d+ assigned to Bob Colleague$/)]),
  );
  expect(await outcomes.getByRole("listitem").count()).toBe(2);
  await handover.getByRole("button", { name: "Close" }).click();

  // Over the API: Bob has both, Alex none; on screen, the overview follows.
  const ofBob = await call<{ items: { id: string }[] }>("GET", `/users/${bob.id}/conversations?status=open`, {
    token: owner.token,
  });
  expect(ofBob.items.map((item) => item.id).sort()).toEqual([...conversations].sort());
  const ofAlex = await call<{ items: unknown[] }>("GET", `/users/${alex.id}/conversations?status=open`, {
    token: owner.token,
  });
  expect(ofAlex.items).toEqual([]);
  await page.getByRole("row", { name: /Bob Colleague/ }).getByText("2 of 5 (40%)").waitFor();
  await alexRow.getByText("0 of 5 (0%)").waitFor();

  // The inbox form with its snippet.
  await page.getByRole("link", { name: "Inboxes" }).click();
  await page.getByRole("link", { name: "Edit Website" }).click();
  await page.getByRole("form", { name: "Inbox settings" }).waitFor();
  const snippet = `<script src="${BASE}/widget.js" data-inbox="${inbox.widget_key}" async></script>`;
  expect(await page.getByLabel("Widget snippet", { exact: true }).textContent()).toBe(snippet);
  expect(await page.getByLabel("Greeting", { exact: true }).inputValue()).toBe("Hi! How can we help?");
  await screenshot(page, "admin-form");
  await context.close();
});
