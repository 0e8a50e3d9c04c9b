// The socket on /widget: events from where the widget left off (``after``), in order and
// once; a lost connection reconnects by itself and catches up from the last seq it has.
import { io, type Socket } from "socket.io-client";
import type { Envelope, Store } from "./store";

const TYPING_EVERY_MS = 3000;

export class Live {
  private readonly socket: Socket;
  private typingSent: Record<string, number> = {};

  constructor(store: Store) {
    this.socket = io(`${location.origin}/widget`, {
      path: "/socket.io",
      autoConnect: false,
      auth: (send) => {
        const after = store.after;
        send({ contact_token: store.contactToken, ...(after !== null && { after }) });
      },
    });
    this.socket.on("connect", () => store.setConnected(true));
    this.socket.on("disconnect", () => store.setConnected(false));
    this.socket.on("connect_error", (error: Error) => {
      store.setConnected(false);
      // An expired token: a new session, then the socket tries again with it.
      if (error.message === "invalid-contact-token") {
        void store.restart().then((ok) => ok && this.socket.connect());
      }
    });
    this.socket.onAny((_type: string, envelope: Envelope) => store.receive(envelope));
  }

  connect(): void {
    if (!this.socket.connected) this.socket.connect();
  }

  /** The reconnection after a new session (another contact): from its own last seq. */
  reconnect(): void {
    this.socket.disconnect();
    this.socket.connect();
  }

  typing(conversationId: string, on: boolean): void {
    const now = Date.now();
    if (on && now - (this.typingSent[conversationId] ?? 0) < TYPING_EVERY_MS) return;
    this.typingSent[conversationId] = on ? now : 0;
    if (this.socket.connected) this.socket.emit("typing", { conversation_id: conversationId, on });
  }
}
