import { render } from "preact";
import { act } from "preact/test-utils";
import type { Conversation, Message } from "./api";
import { Chat } from "./Chat";
import { WidgetContext, type Widget } from "./context";
import { translator } from "./i18n";
import { Store } from "./store";

const conversation: Conversation = {
  id: "c1",
  number: 7,
  status: "open",
  last_message_preview: "Hello",
  created_at: "2026-11-27T03:00:00Z",
  last_activity_at: "2026-11-27T03:00:00Z",
  rating: null,
  rating_comment: null,
  seen_up_to_seq: 0,
  queue_position: 3,
};
const reply: Message = {
  id: "m2",
  conversation_id: "c1",
  seq: 2,
  sender_type: "user",
  sender_name: "Anna",
  text: "How can I help?",
  attachments: [],
  created_at: "2026-11-27T03:01:00Z",
};

function setUp(language: "en" | "nl" = "en") {
  const store = new Store("key", { unread: () => undefined, resize: () => undefined });
  const typing = vi.fn();
  const widget: Widget = { store, live: { typing }, t: translator(language), close: () => undefined, embedded: true };
  const root = document.createElement("div");
  document.body.append(root);
  const view = { name: "chat", conversationId: "c1", draft: null } as const;
  act(() => {
    store.receive({ seq: 1, type: "conversation.updated", data: { conversation } });
    render(
      <WidgetContext.Provider value={widget}>
        <Chat view={view} />
      </WidgetContext.Provider>,
      root,
    );
  });
  return { store, root, typing };
}

test("a reply shows once however often it arrives, and old events are ignored", () => {
  const { store, root } = setUp();
  act(() => {
    store.receive({ seq: 2, type: "message.created", data: { message: reply, conversation } });
    store.receive({ seq: 2, type: "message.created", data: { message: reply, conversation } });
    store.receive({ seq: 1, type: "message.created", data: { message: { ...reply, id: "old" }, conversation } });
  });
  expect(root.querySelectorAll(".hd-from-team .hd-text")).toHaveLength(1);
  expect(root.textContent).toContain("Anna");
});

test("the place in the queue falls live, and typing and seen show", () => {
  const { store, root } = setUp("nl");
  expect(root.textContent).toContain("Je bent nummer 3 in de wachtrij.");
  act(() => store.receive({ seq: 5, type: "conversation.updated", data: { conversation: { ...conversation, queue_position: 1 } } }));
  expect(root.textContent).toContain("Je bent de volgende in de wachtrij.");
  act(() => store.receive({ seq: null, type: "typing", data: { conversation_id: "c1", on: true, by: { name: "Anna" } } }));
  expect(root.textContent).toContain("Anna typt…");
  const mine: Message = { ...reply, id: "m3", seq: 3, sender_type: "contact", sender_name: null, text: "Thanks" };
  act(() => {
    store.receive({ seq: 6, type: "message.created", data: { message: mine, conversation } });
    store.receive({ seq: 7, type: "conversation.read", data: { conversation_id: "c1", reader: { type: "team" }, last_read_seq: 3 } });
  });
  expect(root.textContent).not.toContain("Anna typt…");
  expect(root.querySelector(".hd-from-me .hd-seen")?.textContent).toBe("Gezien");
});

test("a closed conversation asks for a rating with five named choices", () => {
  const { store, root } = setUp();
  act(() => store.receive({ seq: 9, type: "conversation.status_changed", data: { conversation: { ...conversation, status: "closed", queue_position: null } } }));
  const stars = root.querySelectorAll<HTMLInputElement>(".hd-rating input[type=radio]");
  expect([...stars].map((s) => s.getAttribute("aria-label"))).toEqual(["1 of 5", "2 of 5", "3 of 5", "4 of 5", "5 of 5"]);
  expect(root.textContent).not.toContain("in the queue");
  expect(root.querySelector<HTMLButtonElement>(".hd-rating button")?.disabled).toBe(true);
});

test("writing tells the team the customer is typing", () => {
  const { root, typing } = setUp();
  const input = root.querySelector("textarea")!;
  act(() => {
    input.value = "Hel";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  expect(typing).toHaveBeenCalledWith("c1", true);
});

test("opening a conversation reads its whole history even when events already brought news", async () => {
  const { store } = setUp();
  const earlier: Message = { ...reply, id: "m1", seq: 1, sender_type: "contact", text: "Hello" };
  const messages = vi
    .spyOn(store.api, "messages")
    .mockResolvedValue({ items: [earlier, reply], next_cursor: null });
  act(() => store.receive({ seq: 3, type: "message.created", data: { message: reply, conversation } }));
  await act(async () => store.show({ name: "chat", conversationId: "c1", draft: null }));
  expect(messages).toHaveBeenCalledWith("c1", undefined);
  expect(store.state.messages.c1.map((m) => m.seq)).toEqual([1, 2]);
});
