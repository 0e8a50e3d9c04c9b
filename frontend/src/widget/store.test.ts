import { ApiError } from "../shared/api/client";
import type { Message, Session } from "./api";
import { Store } from "./store";

const session: Session = {
  contact_token: "token-1",
  expires_at: "2026-12-27T00:00:00Z",
  contact: { id: "contact-1", name: null, email: null, identifier: null },
  inbox: { id: "inbox-1", name: "Shop", channel: "web_chat", greeting: "" },
};
const sent: Message = {
  id: "m5",
  conversation_id: "c1",
  seq: 5,
  sender_type: "contact",
  sender_name: null,
  text: "Are you there?",
  attachments: [],
  created_at: "2026-11-27T03:00:00Z",
};

async function ready() {
  localStorage.clear();
  const store = new Store("key", { unread: vi.fn(), resize: vi.fn() });
  vi.spyOn(store.api, "session").mockResolvedValue(session);
  vi.spyOn(store.api, "conversations").mockResolvedValue({ items: [], next_cursor: null });
  await store.start(null);
  return store;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test("a message sent while offline waits, then goes once with the same idempotency key", async () => {
  const store = await ready();
  const reply = vi
    .spyOn(store.api, "reply")
    .mockRejectedValueOnce(new TypeError("Failed to fetch"))
    .mockResolvedValueOnce(sent);
  store.send({ name: "chat", conversationId: "c1", draft: null }, "Are you there?", []);
  await vi.waitFor(() => expect(store.state.outbox[0]?.state).toBe("waiting"));
  expect(JSON.parse(localStorage.getItem("helpdesk:key:contact-1:outbox")!)).toHaveLength(1);

  await vi.advanceTimersByTimeAsync(1000);
  await vi.waitFor(() => expect(store.state.outbox).toEqual([]));
  const [first, second] = reply.mock.calls;
  expect(second[2]).toBe(first[2]);
  store.receive({ seq: 9, type: "message.created", data: { message: sent } });
  expect(store.state.messages.c1).toEqual([sent]);
  expect(localStorage.getItem("helpdesk:key:contact-1:outbox")).toBeNull();
});

test("a message the server refuses is shown as refused and never resent", async () => {
  const store = await ready();
  const reply = vi.spyOn(store.api, "reply").mockRejectedValue(new ApiError(422, { detail: "too long" }));
  store.send({ name: "chat", conversationId: "c1", draft: null }, "x".repeat(20000), []);
  await vi.waitFor(() => expect(store.state.outbox[0]?.state).toBe("refused"));
  await vi.advanceTimersByTimeAsync(60_000);
  expect(reply).toHaveBeenCalledTimes(1);
  expect(store.state.outbox[0].reason).toBe("too long");
});

test("the first message starts the conversation and the next ones of the draft follow it", async () => {
  const store = await ready();
  const conversation = {
    id: "c2",
    number: 2,
    status: "open" as const,
    last_message_preview: "Hi",
    created_at: "2026-11-27T03:00:00Z",
    last_activity_at: "2026-11-27T03:00:00Z",
    rating: null,
    rating_comment: null,
    seen_up_to_seq: 0,
    queue_position: 1,
  };
  vi.spyOn(store.api, "start").mockResolvedValue({ conversation, messages: [{ ...sent, id: "m1", seq: 1, conversation_id: "c2", text: "Hi" }] });
  const reply = vi.spyOn(store.api, "reply").mockResolvedValue({ ...sent, conversation_id: "c2", seq: 2 });
  const view = { name: "chat", conversationId: null, draft: "draft-1" } as const;
  store.show(view);
  store.send(view, "Hi", []);
  store.send(view, "Anyone?", []);
  await vi.waitFor(() => expect(store.state.outbox).toEqual([]));
  expect(reply).toHaveBeenCalledWith("c2", { text: "Anyone?", attachment_ids: [] }, expect.any(String));
  expect(store.state.view).toEqual({ name: "chat", conversationId: "c2", draft: null });
});

test("only an anonymous visitor's token is kept for resuming", async () => {
  const store = await ready();
  expect(localStorage.getItem("helpdesk:key:token")).toBe('"token-1"');
  localStorage.clear();
  await store.start({ identifier: "cust-1", identifier_hash: "abc" });
  expect(localStorage.getItem("helpdesk:key:token")).toBeNull();
});
