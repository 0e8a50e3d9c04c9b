// The customer widget on a customer's site (another origin) through the one tag: live
// replies, typing, "seen", files and pasted images, reloads and lost connections, the
// queue, rating, identified visitors, a phone, and the inbox's language.
import { io } from "socket.io-client";
import type { Browser, BrowserContext, Frame } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFailed, test } from "vitest";
import { BASE, call, launch, newAccount, screenshot, type Staff } from "./support";
import {
  hostSite,
  latestConversation,
  newInbox,
  openWidget,
  pageUrl,
  png,
  reply,
  signed,
  type Inbox,
} from "./widget-support";

let browser: Browser;
let site: Awaited<ReturnType<typeof hostSite>>;
let owner: Staff;
beforeAll(async () => {
  [browser, site, owner] = await Promise.all([launch(), hostSite(), newAccount("Acme")]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function visit(inbox: Inbox, options: { identity?: Record<string, unknown>; phone?: boolean } = {}) {
  const context: BrowserContext = await browser.newContext(
    options.phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  // What the page and the widget said, shown when the test fails.
  const said: string[] = [];
  page.on("console", (message) => said.push(`${message.type()}: ${message.text()}`));
  page.on("requestfailed", (request) => said.push(`failed: ${request.method()} ${request.url()}`));
  onTestFailed(() => console.log(said.join("\n")));
  await page.goto(pageUrl(site.url, inbox, options.identity));
  return { context, page };
}

async function write(frame: Frame, text: string): Promise<void> {
  const input = frame.getByRole("textbox", { name: /write a message/i });
  await input.fill(text);
  await input.press("Enter");
}

const bubbles = (frame: Frame, text: string) => frame.locator(".hd-text", { hasText: text });

test("an anonymous visitor chats live, sends files, survives reloads and lost connections; notes never show", async () => {
  const inbox = await newInbox(owner);
  const { context, page } = await visit(inbox);
  let frame = await openWidget(page);
  await frame.getByText("Hi! Ask us anything about your order.").first().waitFor();
  await screenshot(page, "widget-desktop-home-default");
  // The panel may take more of the screen, and back.
  await frame.getByRole("button", { name: "Make the chat larger" }).click();
  const frameWidth = (width: number) =>
    page.waitForFunction(
      (expected) => document.getElementById("helpdesk-widget")?.shadowRoot?.querySelector("iframe")?.offsetWidth === expected,
      width,
    );
  await frameWidth(600);
  await frame.getByRole("button", { name: "Make the chat smaller" }).click();
  await frameWidth(380);
  await frame.getByRole("button", { name: "New conversation" }).click();
  await write(frame, "Where is my order #1042?");
  await frame.locator(".hd-from-me:not(.hd-pending) .hd-text", { hasText: "#1042" }).waitFor();
  const conversation = await latestConversation(owner, inbox);

  // The agent types, replies, writes a note and a whisper; the customer sees the reply only.
  const agent = io(`${BASE}/agent`, { auth: { token: owner.token }, transports: ["websocket"] });
  await agent.emitWithAck("view", { conversation_id: conversation.id });
  agent.emit("typing", { conversation_id: conversation.id, on: true, internal: false });
  await frame.getByText("Olivia Owner is typing…").waitFor();
  await reply(owner, conversation.id, "Internal: carrier says Tuesday", "note");
  await reply(owner, conversation.id, "Whisper: check the warehouse", "whisper");
  await reply(owner, conversation.id, "It ships today and arrives on Tuesday.");
  await bubbles(frame, "arrives on Tuesday").waitFor();
  expect(await frame.getByText("Olivia Owner is typing…").count()).toBe(0);
  agent.disconnect();

  // "Seen" once the team has read the customer's message.
  await write(frame, "Thank you!");
  await frame.locator(".hd-from-me:not(.hd-pending) .hd-text", { hasText: "Thank you!" }).waitFor();
  await call("POST", `/conversations/${conversation.id}/read`, { token: owner.token, body: {} });
  await frame.locator(".hd-from-me .hd-seen", { hasText: "Seen" }).waitFor();

  // A file picked, then an image pasted.
  await frame.locator("input[type=file]").setInputFiles({
    name: "order-notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Order 1042: blue tent, size L\n"),
  });
  await frame.locator(".hd-upload-done", { hasText: "order-notes.txt" }).waitFor();
  await write(frame, "Here are my notes");
  await frame.getByRole("button", { name: "Download order-notes.txt" }).waitFor();
  const image = png(120, 72, [234, 179, 8]).toString("base64");
  await frame.getByRole("textbox", { name: /write a message/i }).evaluate((input, data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "", { type: "image/png" }));
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, image);
  await frame.locator(".hd-upload-done", { hasText: "image.png" }).waitFor();
  await frame.getByRole("button", { name: "Send" }).click();
  await frame.locator(".hd-message:not(.hd-pending)").getByRole("img", { name: "Image image.png" }).waitFor();
  await screenshot(page, "widget-desktop-chat-default");

  // A reload mid-conversation: everything once, nothing lost.
  await page.reload();
  frame = await openWidget(page);
  await frame.getByRole("button", { name: /Conversation #/ }).first().click();
  await bubbles(frame, "arrives on Tuesday").waitFor();
  for (const text of ["Where is my order #1042?", "arrives on Tuesday", "Thank you!", "Here are my notes"]) {
    expect(await bubbles(frame, text).count(), text).toBe(1);
  }
  expect(await frame.getByText(/Internal: carrier|Whisper: check/).count()).toBe(0);

  // The connection drops while the customer writes: the message waits, then goes once.
  await context.setOffline(true);
  await write(frame, "Are you still there?");
  await frame.getByText(/Not sent yet/).waitFor();
  await reply(owner, conversation.id, "Yes, one moment please.");
  await context.setOffline(false);
  await frame.locator(".hd-from-me:not(.hd-pending) .hd-text", { hasText: "still there" }).waitFor();
  await bubbles(frame, "one moment please").waitFor();
  const stored = await call<{ items: { text: string }[] }>("GET", `/conversations/${conversation.id}/messages?limit=100`, {
    token: owner.token,
  });
  expect(stored.items.filter((m) => m.text === "Are you still there?")).toHaveLength(1);
  expect(await bubbles(frame, "still there").count()).toBe(1);
  await context.close();
});

test("the queue place falls live; a closed conversation is rated", async () => {
  const inbox = await newInbox(owner, { widget_color: "#0f766e" });
  const others: string[] = [];
  for (const text of ["First in line", "Second in line"]) {
    const session = await call<{ contact_token: string }>("POST", `/widget/${inbox.widget_key}/sessions`, { body: {} });
    const started = await call<{ conversation: { id: string } }>("POST", "/widget/conversations", {
      token: session.contact_token,
      body: { message: text },
    });
    others.push(started.conversation.id);
  }
  const { context, page } = await visit(inbox);
  const frame = await openWidget(page);
  await frame.getByRole("button", { name: "New conversation" }).click();
  await write(frame, "Can I change my delivery address?");
  await frame.getByText("You are number 3 in the queue.").waitFor();
  await screenshot(page, "widget-desktop-queue-color");
  await call("POST", `/conversations/${others[0]}/assign`, {
    token: owner.token,
    body: { user_id: owner.id, force: true },
  });
  await frame.getByText("You are number 2 in the queue.").waitFor();
  await call("POST", `/conversations/${others[1]}/status`, { token: owner.token, body: { status: "closed" } });
  await frame.getByText("You are next in the queue.").waitFor();

  const mine = await latestConversation(owner, inbox);
  await call("POST", `/conversations/${mine.id}/assign`, { token: owner.token, body: { user_id: owner.id, force: true } });
  await frame.getByText(/in the queue/).waitFor({ state: "detached" });
  await reply(owner, mine.id, "Done: the new address is on the order.");
  await call("POST", `/conversations/${mine.id}/status`, { token: owner.token, body: { status: "closed" } });
  await frame.getByRole("group", { name: "How did we do?" }).waitFor();
  await frame.getByRole("radio", { name: "4 of 5" }).check();
  await frame.getByRole("textbox", { name: "Comment (optional)" }).fill("Quick and friendly");
  await screenshot(page, "widget-desktop-rating-color");
  await frame.getByRole("button", { name: "Send rating" }).click();
  await frame.getByText("Thank you for your rating: 4 of 5.").waitFor();
  const rated = await call<{ rating: number; rating_comment: string }>("GET", `/conversations/${mine.id}`, {
    token: owner.token,
  });
  expect([rated.rating, rated.rating_comment]).toEqual([4, "Quick and friendly"]);
  await context.close();
});

test("an identified visitor is recognised by a correct hash and refused with a wrong one", async () => {
  const inbox = await newInbox(owner);
  const identity = { identifier: "cust-1042", name: "Jan Jansen", email: "jan@example.com" };
  const good = await visit(inbox, { identity: { ...identity, identifier_hash: signed(inbox, "cust-1042") } });
  let frame = await openWidget(good.page);
  await frame.getByText("Signed in as Jan Jansen").waitFor();
  await frame.getByRole("button", { name: "New conversation" }).click();
  await write(frame, "I am logged in");
  await frame.locator(".hd-from-me:not(.hd-pending) .hd-text", { hasText: "logged in" }).waitFor();
  const conversation = await call<{ contact: { name: string; identifier: string } }>(
    "GET",
    `/conversations/${(await latestConversation(owner, inbox)).id}`,
    { token: owner.token },
  );
  expect([conversation.contact.name, conversation.contact.identifier]).toEqual(["Jan Jansen", "cust-1042"]);
  await good.context.close();

  // Logging in on the site after the widget has loaded: the same call, later.
  const later = await visit(inbox);
  frame = await openWidget(later.page);
  await frame.getByRole("button", { name: "New conversation" }).waitFor();
  const hash = signed(inbox, "cust-2001");
  await later.page.evaluate((identifier_hash) => {
    const helpdesk = (window as unknown as { Helpdesk: (...args: unknown[]) => void }).Helpdesk;
    helpdesk("identify", { identifier: "cust-2001", name: "Ewa Nowak", identifier_hash });
  }, hash);
  await frame.getByText("Signed in as Ewa Nowak").waitFor();
  await frame.getByRole("button", { name: "New conversation" }).click();
  await write(frame, "Now I am logged in too");
  await frame.locator(".hd-from-me:not(.hd-pending) .hd-text", { hasText: "logged in too" }).waitFor();
  const second = await call<{ contact: { name: string; identifier: string } }>(
    "GET",
    `/conversations/${(await latestConversation(owner, inbox)).id}`,
    { token: owner.token },
  );
  expect([second.contact.name, second.contact.identifier]).toEqual(["Ewa Nowak", "cust-2001"]);
  await later.context.close();

  const bad = await visit(inbox, { identity: { ...identity, identifier_hash: "0".repeat(64) } });
  frame = await openWidget(bad.page);
  await frame.getByRole("alert").filter({ hasText: "could not confirm who you are" }).waitFor();
  expect(await frame.getByRole("textbox").count()).toBe(0);
  await bad.context.close();
});

test("full screen on a phone; the texts follow the inbox's language", async () => {
  const inbox = await newInbox(owner, { widget_color: "#b45309", widget_language: "nl", widget_position: "left" });
  const phone = await visit(inbox, { phone: true });
  let frame = await openWidget(phone.page, /chat openen/i);
  const box = await phone.page.locator("iframe").boundingBox();
  expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  expect(await frame.getByRole("button", { name: "Chat groter maken" }).count()).toBe(0);
  await frame.getByRole("button", { name: "Nieuw gesprek" }).click();
  await frame.getByRole("textbox", { name: "Schrijf een bericht…" }).fill("Waar is mijn pakket?");
  await frame.getByRole("textbox", { name: "Schrijf een bericht…" }).press("Enter");
  await frame.locator(".hd-from-me:not(.hd-pending)").waitFor();
  await screenshot(phone.page, "widget-phone-nl-color");
  await frame.getByRole("button", { name: "Chat sluiten" }).click();
  await phone.page.getByRole("button", { name: "Chat openen" }).waitFor();
  await phone.context.close();

  await call("PATCH", `/inboxes/${inbox.id}`, { token: owner.token, body: { widget_language: "pl" } });
  const desktop = await visit(inbox);
  frame = await openWidget(desktop.page, /otwórz czat/i);
  await frame.getByRole("button", { name: "Nowa rozmowa" }).waitFor();
  await screenshot(desktop.page, "widget-desktop-pl-color");
  await desktop.context.close();

  await call("PATCH", `/inboxes/${inbox.id}`, {
    token: owner.token,
    body: { widget_language: null, widget_color: "#2563eb", widget_position: "right" },
  });
  const english = await visit(inbox, { phone: true });
  await english.page.getByRole("button", { name: /open chat/i }).waitFor();
  await screenshot(english.page, "widget-phone-en-launcher");
  frame = await openWidget(english.page);
  await frame.getByRole("button", { name: "New conversation" }).waitFor();
  await screenshot(english.page, "widget-phone-en-default");
  await english.context.close();
});

test("a site the inbox does not allow cannot embed the widget", async () => {
  const inbox = await newInbox(owner, { widget_origins: ["https://shop.example"] });
  const context = await browser.newContext();
  const page = await context.newPage();
  const blocked = new Promise<boolean>((resolve) => {
    page.on("console", (message) => message.text().includes("frame-ancestors") && resolve(true));
    setTimeout(() => resolve(false), 10_000);
  });
  await page.goto(pageUrl(site.url, inbox));
  expect(await blocked).toBe(true);
  expect(await page.getByRole("button", { name: /open chat/i }).count()).toBe(0);
  await context.close();
});
