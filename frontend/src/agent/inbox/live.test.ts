import { QueryClient, type InfiniteData } from "@tanstack/react-query";
import { vi } from "vitest";
import { DEFAULT_FILTERS } from "./filters";
import { inboxEvents, openConversation } from "./live";
import { keys, type Conversation, type ListPage, type Message } from "./queries";
import type { Envelope } from "../realtime/socket";

const conversation = {
  id: "c-1",
  number: 7,
  status: "open",
  assignee_id: "u-1",
  unread_count: 0,
  contact_read_seq: 0,
  last_message_preview: "Hi",
  contact: { id: "k-1", name: "Carla", email: null, identifier: null },
  labels: [],
} as unknown as Conversation;

function message(id: string, seq: number, sender: Partial<Message> = {}): Message {
  return { id, seq, conversation_id: "c-1", kind: "reply", sender_type: "contact", sender_user_id: null, text: `m${seq}`, attachments: [], created_at: "2026-01-01T00:00:00Z", ...sender } as Message;
}

function envelope(type: string, data: object): Envelope {
  return { seq: 1, type, occurred_at: "2026-01-01T00:00:00Z", data: data as Record<string, unknown> };
}

function setUp() {
  const client = new QueryClient();
  const list: InfiniteData<ListPage> = { pages: [{ items: [conversation], next_cursor: null }], pageParams: [null] };
  client.setQueryData(keys.list(DEFAULT_FILTERS), list);
  client.setQueryData(keys.messages("c-1"), [message("m-1", 1)]);
  const listed = () => client.getQueryData<InfiniteData<ListPage>>(keys.list(DEFAULT_FILTERS))!.pages[0].items[0];
  return { client, listed };
}

afterEach(() => {
  openConversation.id = null;
  openConversation.userId = null;
  vi.useRealTimers();
});

test("a new message is appended once and counts as unread in the lists", () => {
  const { client, listed } = setUp();
  const event = envelope("message.created", { message: message("m-2", 2), conversation: { id: "c-1", last_message_preview: "m2" } });
  inboxEvents["message.created"](client, event);
  inboxEvents["message.created"](client, event);
  expect(client.getQueryData<Message[]>(keys.messages("c-1"))!.map((m) => m.id)).toEqual(["m-1", "m-2"]);
  expect(listed().unread_count).toBe(2);
  expect(listed().last_message_preview).toBe("m2");
});

test("a message in the open conversation, or one's own, is not unread", () => {
  const { client, listed } = setUp();
  openConversation.userId = "u-1";
  inboxEvents["message.created"](client, envelope("message.created", { message: message("m-2", 2, { sender_type: "user", sender_user_id: "u-1" }) }));
  openConversation.id = "c-1";
  inboxEvents["message.created"](client, envelope("message.created", { message: message("m-3", 3) }));
  expect(listed().unread_count).toBe(0);
});

test("a conversation's new state is merged in place, keeping what only lists know", () => {
  const { client, listed } = setUp();
  inboxEvents["conversation.updated"](client, envelope("conversation.updated", { conversation: { id: "c-1", priority: "urgent", contact_id: "k-1" } }));
  expect(listed().priority).toBe("urgent");
  expect(listed().contact.name).toBe("Carla");
  expect("contact_id" in listed()).toBe(false);
});

test("the customer's read receipt moves the seen marker forward only", () => {
  const { client, listed } = setUp();
  inboxEvents["conversation.read"](client, envelope("conversation.read", { conversation_id: "c-1", last_read_seq: 4, reader: { type: "contact" } }));
  inboxEvents["conversation.read"](client, envelope("conversation.read", { conversation_id: "c-1", last_read_seq: 2, reader: { type: "contact" } }));
  expect(listed().contact_read_seq).toBe(4);
});

test("a conversation no list knows makes the lists load again, once", () => {
  vi.useFakeTimers();
  const { client } = setUp();
  const invalidate = vi.spyOn(client, "invalidateQueries");
  for (const id of ["c-8", "c-9"]) {
    inboxEvents["conversation.created"](client, envelope("conversation.created", { conversation: { id } }));
  }
  vi.advanceTimersByTime(300);
  expect(invalidate.mock.calls.filter(([filters]) => JSON.stringify(filters?.queryKey) === JSON.stringify(keys.lists))).toHaveLength(1);
});

test("queue moves of many conversations make one reload, and touch no timeline", () => {
  vi.useFakeTimers();
  const { client } = setUp();
  const invalidate = vi.spyOn(client, "invalidateQueries");
  for (let i = 0; i < 20; i++) {
    inboxEvents["conversation.updated"](client, envelope("conversation.updated", { conversation: { id: "c-1" }, changed: ["queue_position"] }));
  }
  expect(invalidate).not.toHaveBeenCalled();
  vi.advanceTimersByTime(300);
  expect(invalidate).toHaveBeenCalledTimes(1);
});
