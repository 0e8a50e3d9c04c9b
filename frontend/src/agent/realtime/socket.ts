// The /agent socket: every stored event is an envelope {seq, type, occurred_at, data}.
// The client remembers the last seq it saw and passes it as `after` when it reconnects,
// so the server replays what it missed, in order and once.
import { io, type Socket } from "socket.io-client";

export interface Envelope<T = Record<string, unknown>> {
  seq: number | null;
  type: string;
  occurred_at: string;
  data: T;
}

export type EnvelopeListener = (envelope: Envelope) => void;

export class Realtime {
  readonly socket: Socket;
  private lastSeq: number | null = null;
  private listeners = new Set<EnvelopeListener>();

  constructor(token: () => Promise<string | null>, url = "/agent") {
    this.socket = io(url, {
      path: "/socket.io",
      transports: ["websocket"],
      auth: (send) => {
        void token().then((value) => send({ token: value, ...(this.lastSeq !== null && { after: this.lastSeq }) }));
      },
    });
    this.socket.onAny((type: string, envelope: Envelope) => {
      if (!envelope || typeof envelope !== "object" || !("data" in envelope)) return;
      if (envelope.seq !== null) {
        if (this.lastSeq !== null && envelope.seq <= this.lastSeq) return;
        this.lastSeq = envelope.seq;
      }
      for (const listener of this.listeners) listener({ ...envelope, type });
    });
  }

  /** Follow from this seq (the newest the screen already has) after a full reload. */
  startAfter(seq: number): void {
    if (this.lastSeq === null || seq > this.lastSeq) this.lastSeq = seq;
  }

  listen(listener: EnvelopeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<T = unknown>(event: string, payload: unknown): Promise<T> {
    return this.socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
  }

  close(): void {
    this.socket.close();
  }
}
