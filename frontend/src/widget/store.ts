// The widget's brain: the session, the visitor's conversations and messages, the outbox
// of messages being sent, and the socket's events merged into one state for the screens.
import { ApiError } from "../shared/api/client";
import type { Attachment, Conversation, Identity, Message, Token, WidgetApi } from "./api";
import { widgetApi } from "./api";
import {
  initialState,
  withConversation,
  withMessages,
  type Outgoing,
  type State,
  type View,
} from "./state";
import { Stored } from "./storage";

export interface Envelope {
  seq: number | null;
  type: string;
  data: Record<string, unknown>;
}

interface Host {
  /** Tells the host page how many replies arrived while the widget was closed. */
  unread(count: number): void;
  /** Asks the host page for the larger panel, or the usual one back. */
  resize(large: boolean): void;
}

/** A random idempotency key (``crypto.randomUUID`` needs a secure context; this does not). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];
const TYPING_SHOWN_MS = 8000;

export class Store {
  state: State = initialState;
  readonly api: WidgetApi;
  private readonly stored: Stored;
  private readonly listeners = new Set<() => void>();
  private identity: Identity | null = null;
  private lastSeq: number | null = null;
  private sending = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private typingTimers: Record<string, ReturnType<typeof setTimeout>> = {};
  private marked: Record<string, number> = {};
  private renewing = false;
  /** Conversations whose whole history was read over REST (events alone bring only news). */
  private loaded = new Set<string>();
  private readonly credential: Token = { value: null, renew: () => this.renew() };

  constructor(
    readonly inboxKey: string,
    private readonly host: Host,
  ) {
    this.stored = new Stored(inboxKey);
    this.credential.value = this.stored.token;
    this.api = widgetApi(inboxKey, this.credential);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<State>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  get contactToken(): string | null {
    return this.credential.value;
  }

  get after(): number | null {
    return this.lastSeq;
  }

  /** The inbox's look first (the launcher waits for it), then the visitor's session. */
  async loadSettings(): Promise<boolean> {
    try {
      this.set({ settings: await this.api.settings() });
      return true;
    } catch {
      this.set({ phase: "unavailable" });
      return false;
    }
  }

  async start(identity: Identity | null): Promise<boolean> {
    this.identity = identity?.identifier ? identity : null;
    try {
      await this.openSession();
    } catch (error) {
      const refused = error instanceof ApiError && error.status === 401;
      this.set({ phase: refused ? "identity-failed" : "unavailable" });
      return false;
    }
    await this.refresh();
    this.set({ phase: "ready" });
    void this.flush();
    return true;
  }

  /** A new session for the same visitor (their token expired). */
  restart(): Promise<boolean> {
    return this.start(this.identity);
  }

  private async openSession(): Promise<void> {
    const body = this.identity ?? { contact_token: this.credential.value ?? undefined };
    const session = await this.api.session(body);
    this.credential.value = session.contact_token;
    // Only an anonymous visitor resumes by token: an identified one is identified again,
    // so whoever uses this browser after them never gets their conversations.
    if (!this.identity) this.stored.token = session.contact_token;
    const contactId = session.contact.id;
    if (contactId !== this.state.contact?.id) {
      this.lastSeq = this.stored.lastSeq(contactId);
      this.loaded.clear();
      this.set({ contact: session.contact, conversations: [], messages: {}, view: { name: "home" } });
      this.set({ outbox: this.stored.outbox(contactId) });
    }
  }

  /** A refused session (a wrong identity hash) is final: it never renews itself. */
  private async renew(): Promise<string | null> {
    if (this.renewing) return null;
    this.renewing = true;
    try {
      await this.openSession();
      return this.credential.value;
    } catch {
      return null;
    } finally {
      this.renewing = false;
    }
  }

  /** Everything again from REST: on start, and when the socket says it cannot catch up. */
  async refresh(): Promise<void> {
    const page = await this.api.conversations();
    let conversations = this.state.conversations;
    for (const c of page.items) conversations = withConversation(conversations, c);
    this.set({ conversations });
    const view = this.state.view;
    if (view.name === "chat" && view.conversationId) await this.loadMessages(view.conversationId);
  }

  /** The whole history of a conversation; merged with whatever events brought meanwhile. */
  async loadMessages(conversationId: string): Promise<void> {
    this.loaded.add(conversationId);
    let cursor: string | undefined;
    try {
      do {
        const page = await this.api.messages(conversationId, cursor);
        this.addMessages(conversationId, page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    } catch {
      this.loaded.delete(conversationId); // opening it again tries again
    }
  }

  private addMessages(conversationId: string, messages: Message[]): void {
    const all = withMessages(this.state.messages[conversationId], messages);
    this.set({ messages: { ...this.state.messages, [conversationId]: all } });
  }

  private addConversation(conversation: Conversation): void {
    this.set({ conversations: withConversation(this.state.conversations, conversation) });
  }

  show(view: View): void {
    this.set({ view });
    if (view.name === "chat" && view.conversationId && !this.loaded.has(view.conversationId)) {
      void this.loadMessages(view.conversationId);
    }
  }

  setOpen(open: boolean, phone = this.state.phone): void {
    this.set({ open, phone, unread: open ? 0 : this.state.unread });
    if (open) this.host.unread(0);
  }

  setLarge(large: boolean): void {
    this.set({ large });
    this.host.resize(large);
  }

  setConnected(connected: boolean): void {
    this.set({ connected });
    if (connected) void this.flush();
  }

  // What the socket delivers.

  receive(envelope: Envelope): void {
    if (envelope.seq !== null) {
      if (this.lastSeq !== null && envelope.seq <= this.lastSeq) return;
      this.lastSeq = envelope.seq;
      if (this.state.contact) this.stored.setLastSeq(this.state.contact.id, envelope.seq);
    }
    const data = envelope.data;
    if (envelope.type === "resync") {
      this.lastSeq = typeof data.last_seq === "number" ? data.last_seq : this.lastSeq;
      void this.refresh();
      return;
    }
    if (envelope.type === "typing") return this.typing(data);
    if (envelope.type === "conversation.read") return this.seen(data);
    if (data.conversation) this.addConversation(data.conversation as Conversation);
    if (envelope.type === "message.created" && data.message) {
      const message = data.message as Message;
      this.addMessages(message.conversation_id, [message]);
      this.typingOff(message.conversation_id);
      if (message.sender_type !== "contact" && !this.state.open) {
        this.set({ unread: this.state.unread + 1 });
        this.host.unread(this.state.unread);
      }
    }
  }

  private typing(data: Record<string, unknown>): void {
    const id = String(data.conversation_id);
    if (!data.on) return this.typingOff(id);
    const by = data.by as { name?: string } | undefined;
    this.set({ typing: { ...this.state.typing, [id]: by?.name ?? null } });
    clearTimeout(this.typingTimers[id]);
    this.typingTimers[id] = setTimeout(() => this.typingOff(id), TYPING_SHOWN_MS);
  }

  private typingOff(id: string): void {
    if (!(id in this.state.typing)) return;
    const typing = { ...this.state.typing };
    delete typing[id];
    this.set({ typing });
  }

  private seen(data: Record<string, unknown>): void {
    const reader = data.reader as { type?: string } | undefined;
    const conversation = this.state.conversations.find((c) => c.id === data.conversation_id);
    if (reader?.type !== "team" || !conversation) return;
    const seq = Number(data.last_read_seq);
    if (seq > conversation.seen_up_to_seq) this.addConversation({ ...conversation, seen_up_to_seq: seq });
  }

  /** The customer has seen the conversation up to its latest message. */
  markRead(conversationId: string): void {
    const last = this.state.messages[conversationId]?.at(-1);
    if (!last || (this.marked[conversationId] ?? -1) >= last.seq) return;
    this.marked[conversationId] = last.seq;
    this.api.read(conversationId, last.seq).catch(() => delete this.marked[conversationId]);
  }

  // Sending: every message goes through the outbox, kept across reloads until accepted.

  send(view: Extract<View, { name: "chat" }>, text: string, attachments: Attachment[]): void {
    const outgoing: Outgoing = {
      key: newKey(),
      conversationId: view.conversationId,
      draft: view.conversationId ? null : view.draft,
      text,
      attachments,
      state: "sending",
    };
    this.saveOutbox([...this.state.outbox, outgoing]);
    void this.flush();
  }

  dismiss(key: string): void {
    this.saveOutbox(this.state.outbox.filter((o) => o.key !== key));
  }

  private saveOutbox(outbox: Outgoing[]): void {
    this.set({ outbox });
    if (this.state.contact) this.stored.setOutbox(this.state.contact.id, outbox);
  }

  /** Sends what waits, in order, one at a time; a lost connection waits and tries again. */
  async flush(): Promise<void> {
    if (this.sending || this.state.phase !== "ready") return;
    this.sending = true;
    clearTimeout(this.retryTimer);
    try {
      for (;;) {
        const next = this.state.outbox.find((o) => o.state !== "refused");
        if (!next) break;
        this.replace(next.key, { state: "sending" });
        const sent = await this.deliver(next);
        if (!sent) {
          this.replace(next.key, { state: "waiting" });
          const wait = RETRY_MS[Math.min(this.retries++, RETRY_MS.length - 1)];
          this.retryTimer = setTimeout(() => void this.flush(), wait);
          break;
        }
        this.retries = 0;
      }
    } finally {
      this.sending = false;
    }
  }

  private async deliver(outgoing: Outgoing): Promise<boolean> {
    const ids = outgoing.attachments.map((a) => a.id);
    try {
      if (outgoing.conversationId) {
        const body = { text: outgoing.text, attachment_ids: ids };
        const message = await this.api.reply(outgoing.conversationId, body, outgoing.key);
        this.addMessages(message.conversation_id, [message]);
      } else {
        const body = { message: outgoing.text, attachment_ids: ids };
        const started = await this.api.start(body, outgoing.key);
        this.started(outgoing.draft, started.conversation, started.messages);
      }
      this.saveOutbox(this.state.outbox.filter((o) => o.key !== outgoing.key));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        this.replace(outgoing.key, { state: "refused", reason: error.message });
        return true;
      }
      return false;
    }
  }

  /** A new conversation exists: its draft's other messages and the screen follow it. */
  private started(draft: string | null, conversation: Conversation, messages: Message[]): void {
    this.addConversation(conversation);
    this.addMessages(conversation.id, messages);
    this.saveOutbox(
      this.state.outbox.map((o) =>
        draft && o.draft === draft ? { ...o, conversationId: conversation.id, draft: null } : o,
      ),
    );
    const view = this.state.view;
    if (view.name === "chat" && view.draft === draft && !view.conversationId) {
      this.set({ view: { name: "chat", conversationId: conversation.id, draft: null } });
    }
  }

  private replace(key: string, patch: Partial<Outgoing>): void {
    this.saveOutbox(this.state.outbox.map((o) => (o.key === key ? { ...o, ...patch } : o)));
  }

  async rate(conversationId: string, rating: number, comment: string): Promise<void> {
    this.addConversation(await this.api.rate(conversationId, { rating, comment: comment.trim() || null }));
  }
}
