// Messages between the widget's frame and the page embedding it. Only the page that
// framed us (its origin given by the loader) is heard, and only it is written to; nothing
// private (the contact token, messages) ever crosses.
import type { Identity } from "./api";

export type FromHost =
  | { type: "boot"; identity: Identity | null }
  | { type: "identify"; identity: Identity }
  | { type: "open"; phone: boolean }
  | { type: "close" };

export type ToHost =
  | { type: "ready"; color: string; position: string; label: string; title: string; closeLabel: string }
  | { type: "unread"; count: number; label: string }
  | { type: "size"; large: boolean }
  | { type: "close" };

export interface Bridge {
  embedded: boolean;
  post(message: ToHost): void;
}

export function connectHost(hostOrigin: string | null, onMessage: (message: FromHost) => void): Bridge {
  const embedded = window.parent !== window && !!hostOrigin;
  if (embedded) {
    window.addEventListener("message", (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== hostOrigin) return;
      const data = event.data as { helpdesk?: number } & FromHost;
      if (data?.helpdesk === 1) onMessage(data);
    });
  }
  return {
    embedded,
    post(message) {
      if (embedded && hostOrigin) window.parent.postMessage({ helpdesk: 1, ...message }, hostOrigin);
    },
  };
}
