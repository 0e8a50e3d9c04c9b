// What survives a reload, in the widget's own origin (never the host page's): the contact
// token, the last event seq seen, and messages not yet accepted by the server. Storage,
// not a cookie: browsers block third-party cookies in frames, and memory alone would lose
// an anonymous visitor's conversations on every reload.
import type { Outgoing } from "./state";

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked (private mode): the widget works, only without resuming.
  }
}

export class Stored {
  constructor(private readonly inboxKey: string) {}

  private key(name: string, contactId?: string): string {
    return ["helpdesk", this.inboxKey, contactId, name].filter(Boolean).join(":");
  }

  get token(): string | null {
    return read<string>(this.key("token"));
  }

  set token(value: string | null) {
    write(this.key("token"), value);
  }

  lastSeq(contactId: string): number | null {
    return read<number>(this.key("seq", contactId));
  }

  setLastSeq(contactId: string, seq: number): void {
    write(this.key("seq", contactId), seq);
  }

  outbox(contactId: string): Outgoing[] {
    return (read<Outgoing[]>(this.key("outbox", contactId)) ?? []).map((o) =>
      o.state === "refused" ? o : { ...o, state: "waiting" },
    );
  }

  setOutbox(contactId: string, outbox: Outgoing[]): void {
    write(this.key("outbox", contactId), outbox.length ? outbox : null);
  }
}
