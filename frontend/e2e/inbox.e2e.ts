// Two agents and a customer: the customer writes over the widget API, the routed agent
// sees it live and replies; a transfer with a note moves it live from one agent's list
// to the other's; notes and whispers show as internal and never reach the customer; and
// the keyboard alone opens the next conversation, writes a reply and sends it. Along the
// way: a file by the picker, who else is viewing, the customer typing.
import type { Browser, Page } from "playwright-core";
import { io } from "socket.io-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BASE, call, keepOnFailure, launch, logInThroughTheApp, newAccount, newStaff, screenshot, type Staff } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Visitor {
  token: string;
  conversationId: string;
}

async function customerWrites(widgetKey: string, name: string, text: string, token?: string): Promise<Visitor> {
  const session = token
    ? { contact_token: token }
    : await call<{ contact_token: string }>("POST", `/widget/${widgetKey}/sessions`, {
        body: { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@customer.example.com` },
      });
  const headers = { Authorization: `Bearer ${session.contact_token}` };
  const started = await call<{ conversation: { id: string } }>("POST", "/widget/conversations", { headers, body: { message: text } });
  return { token: session.contact_token, conversationId: started.conversation.id };
}

async function customerSees(visitor: Visitor): Promise<string[]> {
  const page = await call<{ items: { text: string }[] }>("GET", `/widget/conversations/${visitor.conversationId}/messages`, {
    headers: { Authorization: `Bearer ${visitor.token}` },
  });
  return page.items.map((m) => m.text);
}

async function agentPage(staff: Staff, path = "/inbox?assignee=me"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  keepOnFailure(page, staff.email.split("-")[0]);
  await logInThroughTheApp(page, staff);
  await page.goto(`${BASE}${path}`);
  await page.getByRole("region", { name: "Conversations" }).or(page.getByLabel("Conversations").first()).first().waitFor();
  return page;
}

test("a customer's message reaches the routed agent live; transfer, notes, whisper and the keyboard", async () => {
  const owner = await newAccount("Inbox E2E");
  const ann = await newStaff(owner, "Ann Agent", "agent", { max_concurrent: 10 });
  const ben = await newStaff(owner, "Ben Agent", "agent", { max_concurrent: 10 });
  for (const agent of [ann, ben]) await call("PATCH", "/me", { token: agent.token, body: { availability: "online" } });
  const team = await call<{ id: string }>("POST", "/teams", {
    token: owner.token,
    body: { name: "Support", routing_mode: "round_robin", member_ids: [ann.id, ben.id] },
  });
  const inbox = await call<{ widget_key: string }>("POST", "/inboxes", {
    token: owner.token,
    body: { name: "Website", channel: "web_chat", default_team_id: team.id },
  });
  await call("POST", "/canned-responses", {
    token: owner.token,
    body: { shortcut: "thanks", text: "Thank you, {{contact.name}}!", shared: true },
    expect: 201,
  });

  // Carla wrote before: a colleague noted something then, and her shop pushed an activity.
  const earlier = await customerWrites(inbox.widget_key, "Carla Customer", "Where is my invoice?");
  await call("POST", `/conversations/${earlier.conversationId}/messages`, {
    token: owner.token,
    body: { kind: "note", text: "Sent the invoice by post, she prefers paper" },
  });
  await call("POST", `/conversations/${earlier.conversationId}/status`, { token: owner.token, body: { status: "closed" } });
  const { contact } = await call<{ contact: { id: string } }>("GET", `/conversations/${earlier.conversationId}`, { token: owner.token });
  await call("POST", `/contacts/${contact.id}/activities`, {
    token: owner.token,
    body: { type: "order.placed", payload: { order: "#1234" }, occurred_at: new Date().toISOString() },
  });

  const annPage = await agentPage(ann);
  const benPage = await agentPage(ben);

  // The customer writes; routing gives it to one of the two, whose list shows it live.
  const carla = await customerWrites(inbox.widget_key, "Carla Customer", "My order #1234 has not arrived", earlier.token);
  await expect.poll(async () => (await call<{ assignee_id: string | null }>("GET", `/conversations/${carla.conversationId}`, { token: owner.token })).assignee_id, { timeout: 15000 }).not.toBeNull();
  const routed = (await call<{ assignee_id: string }>("GET", `/conversations/${carla.conversationId}`, { token: owner.token })).assignee_id;
  const [second, firstPage, secondPage] = routed === ann.id ? [ben, annPage, benPage] : [ann, benPage, annPage];

  const row = firstPage.getByRole("button", { name: /Carla Customer/ });
  await row.waitFor({ timeout: 15000 });
  await row.click();
  await firstPage.getByText("My order #1234 has not arrived").waitFor();

  // Reply with the canned response, filled for this customer.
  const composer = firstPage.getByRole("textbox", { name: /Write a reply/ });
  await composer.fill("/thanks");
  await firstPage.getByRole("option", { name: /thanks/ }).waitFor();
  await composer.press("Enter");
  await expect.poll(() => composer.inputValue()).toBe("Thank you, Carla Customer!");
  await composer.press("Enter");
  await expect.poll(() => customerSees(carla), { timeout: 10000 }).toContain("Thank you, Carla Customer!");

  // A note, and the owner's whisper: both shown as internal, neither reaches the customer.
  await firstPage.getByRole("radio", { name: "Note" }).click();
  await firstPage.getByRole("textbox", { name: /internal note/ }).fill("Checked the courier: parcel is in Utrecht");
  await firstPage.getByRole("button", { name: "Add note" }).click();
  await call("POST", `/conversations/${carla.conversationId}/messages`, {
    token: owner.token,
    body: { kind: "whisper", text: "Offer a voucher if it is late again" },
  });
  await firstPage.getByRole("article", { name: "Internal note" }).getByText("Checked the courier").waitFor();
  await firstPage.getByRole("article", { name: "Whisper" }).getByText("Offer a voucher").waitFor();
  const seen = await customerSees(carla);
  expect(seen.join(" ")).not.toContain("courier");
  expect(seen.join(" ")).not.toContain("voucher");
  const panel = firstPage.getByRole("complementary", { name: "Customer" });
  await panel.getByText("Sent the invoice by post, she prefers paper").waitFor();
  await panel.getByText("order.placed").waitFor();
  await panel.getByRole("link", { name: /#\d+ · Closed/ }).waitFor();
  await screenshot(firstPage, "conversation");
  await panel.screenshot({ path: "e2e/screenshots/customer-panel.png" });

  // A file chosen with the picker goes out with the reply.
  await firstPage.getByRole("radio", { name: "Reply" }).click();
  await firstPage.locator('input[type="file"]').setInputFiles({ name: "label.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 shipping label") });
  await firstPage.getByRole("list", { name: "Attachments" }).getByText("label.pdf").waitFor();
  await firstPage.getByRole("textbox", { name: /Write a reply/ }).fill("Here is your shipping label.");
  await firstPage.getByRole("button", { name: "Send", exact: true }).click();
  await firstPage.getByRole("log").getByRole("button", { name: /label\.pdf/ }).waitFor();
  const withFile = await call<{ items: { text: string; attachments: { filename: string }[] }[] }>("GET", `/widget/conversations/${carla.conversationId}/messages`, {
    headers: { Authorization: `Bearer ${carla.token}` },
  });
  expect(withFile.items.find((m) => m.text === "Here is your shipping label.")?.attachments.map((a) => a.filename)).toEqual(["label.pdf"]);

  // Who else has it open: the owner looks in, and the agent sees it.
  const ownerPage = await agentPage(owner, `/inbox/${carla.conversationId}`);
  await ownerPage.getByRole("heading", { level: 1, name: /Carla Customer/ }).waitFor();
  await firstPage.getByText("Also viewing: Olivia Owner").waitFor({ timeout: 10000 });
  await ownerPage.context().close();
  await firstPage.getByText("Also viewing: Olivia Owner").waitFor({ state: "detached", timeout: 10000 });

  // The customer typing in the widget shows on the agent's screen.
  const widgetSocket = io(`${BASE}/widget`, { transports: ["websocket"], auth: { contact_token: carla.token } });
  await new Promise<void>((resolve) => widgetSocket.on("connect", () => resolve()));
  await widgetSocket.emitWithAck("typing", { conversation_id: carla.conversationId, on: true });
  await firstPage.getByText("Carla Customer is typing…").waitFor({ timeout: 10000 });
  widgetSocket.close();

  // Transfer with a note: it leaves the first agent's list and arrives in the other's.
  await firstPage.getByRole("button", { name: "Assign…" }).click();
  await firstPage.getByRole("menuitem", { name: "Transfer" }).click();
  const dialog = firstPage.getByRole("dialog");
  await dialog.getByRole("combobox", { name: "To" }).click();
  await firstPage.getByRole("option", { name: new RegExp(second === ann ? "Ann Agent" : "Ben Agent") }).click();
  await dialog.getByRole("textbox", { name: /Note/ }).fill("Courier issue, please follow up tomorrow");
  await dialog.getByRole("button", { name: "Transfer" }).click();
  await firstPage.getByRole("button", { name: /Carla Customer/ }).waitFor({ state: "detached", timeout: 15000 });
  await secondPage.getByRole("button", { name: /Carla Customer/ }).waitFor({ timeout: 15000 });

  // Keyboard only, on the receiving side: j opens the next conversation, r goes to the
  // composer, Enter sends.
  const dirk = await customerWrites(inbox.widget_key, "Dirk Customer", "Can I change my address?");
  await call("POST", `/conversations/${dirk.conversationId}/assign`, {
    token: owner.token,
    body: { user_id: second.id, force: true },
  });
  await secondPage.getByRole("button", { name: /Dirk Customer/ }).waitFor({ timeout: 15000 });
  await secondPage.locator("body").click({ position: { x: 700, y: 400 } });
  await secondPage.keyboard.press("j");
  await secondPage.getByRole("heading", { name: /Customer/ }).first().waitFor();
  await secondPage.keyboard.press("r");
  const focused = await secondPage.evaluate(() => document.activeElement?.getAttribute("data-composer"));
  expect(focused).not.toBeNull();
  const opened = await secondPage.getByRole("heading", { level: 1 }).first().innerText();
  await secondPage.keyboard.type("Yes, I have updated it for you.");
  await secondPage.keyboard.press("Enter");
  const target = opened.includes("Dirk") ? dirk : carla;
  await expect.poll(() => customerSees(target), { timeout: 10000 }).toContain("Yes, I have updated it for you.");
  await screenshot(secondPage, "inbox");

  // Readable at 1280×800, usable on a tablet (the customer panel folds away).
  await secondPage.setViewportSize({ width: 1280, height: 800 });
  await screenshot(secondPage, "inbox-1280x800");
  await secondPage.setViewportSize({ width: 820, height: 1180 });
  await screenshot(secondPage, "inbox-tablet");
  await secondPage.getByRole("textbox", { name: /Write a reply/ }).waitFor();
}, 120_000);
