// The widget's state and the pure changes made to it: merging what REST answers and what
// the socket delivers, so a message is shown once however often it arrives.
import type { Attachment, Conversation, Message, Session, Settings } from "./api";

export interface Outgoing {
  /** The Idempotency-Key: sending again after a lost answer never writes twice. */
  key: string;
  /** The conversation it goes to; null while it starts a new one (see ``draft``). */
  conversationId: string | null;
  draft: string | null;
  text: string;
  attachments: Attachment[];
  state: "sending" | "waiting" | "refused";
  reason?: string;
}

export type View = { name: "home" } | { name: "chat"; conversationId: string | null; draft: string | null };
export type Phase = "loading" | "ready" | "identity-failed" | "unavailable";

export interface State {
  phase: Phase;
  settings: Settings | null;
  contact: Session["contact"] | null;
  conversations: Conversation[];
  messages: Record<string, Message[]>;
  view: View;
  outbox: Outgoing[];
  typing: Record<string, string | null>;
  connected: boolean;
  open: boolean;
  /** Full screen on a phone; on a larger screen the visitor may make the panel larger. */
  phone: boolean;
  large: boolean;
  unread: number;
}

export const initialState: State = {
  phase: "loading",
  settings: null,
  contact: null,
  conversations: [],
  messages: {},
  view: { name: "home" },
  outbox: [],
  typing: {},
  connected: false,
  open: false,
  phone: false,
  large: false,
  unread: 0,
};

/** Latest activity first, as the API lists them. */
export function withConversation(list: Conversation[], conversation: Conversation): Conversation[] {
  const others = list.filter((c) => c.id !== conversation.id);
  return [conversation, ...others].sort((a, b) => b.last_activity_at.localeCompare(a.last_activity_at));
}

/** Messages by seq, each id once: a later copy of a message replaces the earlier one. */
export function withMessages(list: Message[] | undefined, added: Message[]): Message[] {
  const byId = new Map((list ?? []).map((m) => [m.id, m]));
  for (const message of added) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The customer's latest message the team has seen, which carries the "seen" mark. */
export function lastSeen(messages: Message[], seenUpTo: number): Message | undefined {
  const mine = messages.filter((m) => m.sender_type === "contact");
  const last = mine.at(-1);
  return last && last.seq <= seenUpTo ? last : undefined;
}

export function isClosed(conversation: Conversation | undefined): boolean {
  return conversation?.status === "closed" || conversation?.status === "archived";
}
