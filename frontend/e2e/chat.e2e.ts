// Team chat between two agents in two browsers: a direct message raises the other's unread
// count live, a reply that mentions the first agent notifies them live, a group is made
// and the all-staff channel is there for both.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BASE, call, launch, logInThroughTheApp, newAccount, newStaff, screenshot, type Staff } from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function openAs(staff: Staff): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  const page = await context.newPage();
  await logInThroughTheApp(page, staff);
  return page;
}

test("two agents chat live: unread counts, an @mention notification, a group, all staff", async () => {
  const owner = await newAccount("Chat E2E");
  const alice = await newStaff(owner, "Alice Admin", "admin");
  const bob = await newStaff(owner, "Bob Baker");
  const a = await openAs(alice);
  const b = await openAs(bob);
  try {
    await converse(a, b, alice, bob);
  } catch (error) {
    // What each browser showed when a step failed.
    await screenshot(a, "chat-failed-alice");
    await screenshot(b, "chat-failed-bob");
    throw error;
  }
});

async function converse(a: Page, b: Page, alice: Staff, bob: Staff): Promise<void> {

  await b.getByRole("link", { name: /^Team chat/ }).click();
  const bChannels = b.getByRole("navigation", { name: "Channels" });
  await bChannels.getByRole("link", { name: "All staff" }).waitFor();

  // Alice opens a direct message to Bob and writes.
  await a.getByRole("link", { name: /^Team chat/ }).click();
  await a.getByRole("combobox", { name: "Message a colleague" }).click();
  await a.getByPlaceholder("Message a colleague…").fill("Bob");
  await a.keyboard.press("Enter");
  await a.getByRole("heading", { name: "Bob Baker" }).waitFor();
  expect(a.url()).toMatch(new RegExp(`^${BASE}/chat/[0-9a-f-]{36}$`));
  const aComposer = a.getByRole("textbox", { name: "Message Bob Baker" });
  await aComposer.fill("Hello Bob, have you got a minute?");
  await aComposer.press("Enter");
  await a.getByRole("log").getByText("Hello Bob, have you got a minute?").waitFor();

  // Bob sees the channel arrive with its unread count, and the count rise live.
  await bChannels.getByRole("link", { name: "Alice Admin, 1 unread" }).waitFor();
  await aComposer.fill("It is about the Jansen order.");
  await aComposer.press("Enter");
  await bChannels.getByRole("link", { name: "Alice Admin, 2 unread" }).waitFor();
  await b.getByRole("link", { name: "Team chat, 2 unread" }).waitFor();

  // Bob opens it: the messages are there and his read marker moves.
  await bChannels.getByRole("link", { name: /Alice Admin/ }).click();
  await b.getByRole("log").getByText("It is about the Jansen order.").waitFor();
  await bChannels.getByRole("link", { name: "Alice Admin", exact: true }).waitFor();
  await b.getByRole("link", { name: "Team chat", exact: true }).waitFor();

  // Bob replies with an @mention chosen from the autocomplete.
  const bComposer = b.getByRole("textbox", { name: "Message Alice Admin" });
  await bComposer.pressSequentially("Sure @Ali");
  await b.getByRole("option", { name: "Alice Admin" }).waitFor();
  await bComposer.press("Enter");
  expect(await bComposer.inputValue()).toBe("Sure @Alice Admin ");
  await bComposer.pressSequentially("I will call them now.");
  await bComposer.press("Enter");
  await b.getByRole("log").getByText(/I will call them now\./).waitFor();
  expect(await bComposer.inputValue()).toBe("");

  // Alice sees the reply in place and the notification badge, live.
  await a.getByRole("log").getByText(/I will call them now\./).waitFor();
  await a.getByRole("log").locator("mark", { hasText: "@Alice Admin" }).waitFor();
  const bell = a.getByRole("button", { name: "Notifications, 1 unread" });
  await bell.waitFor();
  await screenshot(b, "team-chat");
  await bell.click();
  const mention = a.getByRole("link", { name: /Bob Baker mentioned you in a direct message/ });
  await mention.waitFor();
  await screenshot(a, "notifications");
  await mention.click();
  await a.getByRole("button", { name: "Notifications", exact: true }).waitFor();

  // Alice (an admin) makes a group with Bob; the all-staff channel is there for both.
  await a.getByRole("button", { name: "New group" }).click();
  const dialog = a.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Group name").fill("Night shift");
  await dialog.getByRole("checkbox", { name: "Bob Baker" }).check();
  await dialog.getByRole("button", { name: "Create group" }).click();
  await a.getByRole("heading", { name: "Night shift" }).waitFor();
  await a.getByText("2 members").waitFor();
  const aGroupComposer = a.getByRole("textbox", { name: "Message Night shift" });
  await aGroupComposer.fill("Welcome to the night shift.");
  await aGroupComposer.press("Enter");
  await bChannels.getByRole("link", { name: "Night shift, 1 unread" }).waitFor();
  await a.getByRole("navigation", { name: "Channels" }).getByRole("link", { name: "All staff" }).waitFor();

  // The availability switch in the rail sets it, and follows a change made elsewhere.
  await a.getByRole("combobox", { name: "Availability: Offline" }).click();
  await a.getByRole("option", { name: "Online" }).click();
  await a.getByRole("combobox", { name: "Availability: Online" }).waitFor();
  await call("PATCH", "/me", { token: alice.token, body: { availability: "away" } });
  await a.getByRole("combobox", { name: "Availability: Away" }).waitFor();

  // Bob's settings: his name, his notifications, and the app in Dutch.
  await b.getByRole("link", { name: "My settings" }).click();
  await b.getByLabel("Name").fill("Bob de Bakker");
  await b.getByRole("button", { name: "Save" }).click();
  await b.getByRole("checkbox", { name: "a conversation is transferred to me" }).uncheck();
  await b.getByRole("checkbox", { name: "Play a short sound for new notifications" }).uncheck();
  await b.getByRole("radio", { name: "Nederlands" }).check();
  await b.getByRole("heading", { name: "Mijn instellingen" }).waitFor();
  await b.getByRole("radio", { name: "Afwezig" }).check();
  await b.getByRole("combobox", { name: "Beschikbaarheid: Afwezig" }).waitFor();
  expect(await b.getByRole("checkbox", { name: "een gesprek aan mij wordt overgedragen" }).isChecked()).toBe(false);
  const bobNow = await call<{ name: string; availability: string; notification_preferences: Record<string, boolean> }>("GET", "/me", { token: bob.token });
  expect(bobNow.name).toBe("Bob de Bakker");
  expect(bobNow.availability).toBe("away");
  expect(bobNow.notification_preferences.transferred_to_me).toBe(false);
  await screenshot(b, "my-settings");
}
