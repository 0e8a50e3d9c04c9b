import type { Conversation, Message } from "./api";
import { lastSeen, withConversation, withMessages } from "./state";

const message = (seq: number, sender: Message["sender_type"] = "contact", text = `m${seq}`): Message => ({
  id: `id-${seq}`,
  conversation_id: "c",
  seq,
  sender_type: sender,
  sender_name: null,
  text,
  attachments: [],
  created_at: "2026-11-27T03:00:00Z",
});

test("a message arriving twice (REST answer and socket event) is kept once, in seq order", () => {
  const merged = withMessages([message(3), message(1)], [message(2), message(3, "contact", "m3 again")]);
  expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  expect(merged.at(-1)?.text).toBe("m3 again");
});

test("seen marks the customer's latest message once the team has read it", () => {
  const messages = [message(1), message(2, "user"), message(3)];
  expect(lastSeen(messages, 2)).toBeUndefined();
  expect(lastSeen(messages, 3)?.seq).toBe(3);
});

test("conversations stay latest activity first, each once", () => {
  const at = (id: string, time: string) => ({ id, last_activity_at: time }) as Conversation;
  const list = withConversation([at("a", "2026-01-02"), at("b", "2026-01-01")], at("b", "2026-01-03"));
  expect(list.map((c) => c.id)).toEqual(["b", "a"]);
});
