// Realtime events applied to the inbox's cached queries in place: a conversation's new
// state is merged into every list and its detail, a message is appended to its thread.
// Only a conversation no list has seen yet makes the lists load again (once, debounced).
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { EventHandlers } from "../realtime/cache";
import type { Envelope } from "../realtime/socket";
import { keys, type Conversation, type ListPage, type Message } from "./queries";

type Snapshot = Partial<Conversation> & { id: string };

/** The conversation currently open on screen: its messages count as read. */
export const openConversation = { id: null as string | null, userId: null as string | null };

const reloadTimers = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

function reloadListsSoon(client: QueryClient): void {
  clearTimeout(reloadTimers.get(client));
  reloadTimers.set(
    client,
    setTimeout(() => void client.invalidateQueries({ queryKey: keys.lists }), 250),
  );
}

/** Apply `change` to the conversation wherever it is cached; whether any list had it. */
export function patchConversation(
  client: QueryClient,
  id: string,
  change: (conversation: Conversation) => Conversation,
): boolean {
  let found = false;
  client.setQueriesData<InfiniteData<ListPage>>({ queryKey: keys.lists }, (data) => {
    if (!data) return data;
    let touched = false;
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => {
        if (item.id !== id) return item;
        touched = found = true;
        return change(item);
      }),
    }));
    return touched ? { ...data, pages } : data;
  });
  client.setQueryData<Conversation>(keys.conversation(id), (current) => (current ? change(current) : current));
  return found;
}

function onConversation(client: QueryClient, envelope: Envelope): void {
  const { conversation: snapshot, changed } = envelope.data as { conversation?: Snapshot; changed?: string[] };
  if (!snapshot) return;
  const found = patchConversation(client, snapshot.id, (current) => ({ ...current, ...withoutContactId(snapshot) }));
  // A conversation new to every list, one whose handler or status changed (it may leave
  // a filtered list), or a move in a queue (places are counted by the server): the lists
  // ask the server once for the whole burst.
  const queueMoved = changed?.includes("queue_position");
  if (!found || queueMoved || envelope.type !== "conversation.updated") reloadListsSoon(client);
  if (queueMoved) return;
  void client.invalidateQueries({ queryKey: keys.timeline(snapshot.id), refetchType: "active" });
  void client.invalidateQueries({ queryKey: keys.routing(snapshot.id), refetchType: "active" });
}

function withoutContactId(snapshot: Snapshot): Partial<Conversation> {
  const copy: Snapshot & { contact_id?: string } = { ...snapshot };
  delete copy.contact_id;
  return copy;
}

function onMessage(client: QueryClient, envelope: Envelope): void {
  const { message, conversation } = envelope.data as { message: Message; conversation?: Snapshot };
  client.setQueryData<Message[]>(keys.messages(message.conversation_id), (current) =>
    !current || current.some((m) => m.id === message.id) ? current : [...current, message],
  );
  const mine = message.sender_type === "user" && message.sender_user_id === openConversation.userId;
  const seenHere = openConversation.id === message.conversation_id;
  const found = patchConversation(client, message.conversation_id, (current) => ({
    ...current,
    ...(conversation ? withoutContactId(conversation) : {}),
    unread_count: mine || seenHere ? current.unread_count : current.unread_count + 1,
  }));
  if (!found) reloadListsSoon(client);
}

function onRead(client: QueryClient, envelope: Envelope): void {
  const data = envelope.data as {
    conversation_id: string;
    last_read_seq: number;
    unread_count?: number;
    reader: { type: string; id?: string };
  };
  patchConversation(client, data.conversation_id, (current) =>
    data.reader.type === "contact"
      ? { ...current, contact_read_seq: Math.max(current.contact_read_seq, data.last_read_seq) }
      : data.unread_count !== undefined && data.reader.id === openConversation.userId
        ? { ...current, unread_count: data.unread_count }
        : current,
  );
}

export const inboxEvents: EventHandlers = {
  "conversation.created": onConversation,
  "conversation.updated": onConversation,
  "conversation.assigned": onConversation,
  "conversation.transferred": onConversation,
  "conversation.status_changed": onConversation,
  "message.created": onMessage,
  "message.updated": (client, envelope) => {
    const { message } = envelope.data as { message: Message };
    client.setQueryData<Message[]>(keys.messages(message.conversation_id), (current) =>
      current?.map((m) => (m.id === message.id ? message : m)),
    );
  },
  "conversation.read": onRead,
};
