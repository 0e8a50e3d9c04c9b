// Who else has the conversation open, who is typing in it, and the view/monitor
// subscription that lets this socket hear both.
import { useEffect, useState } from "react";
import { useMe, useRealtime } from "../context";
import { useRealtimeEvent } from "../realtime/cache";

export interface Person {
  id: string;
  name: string;
}

/** Enter the conversation's room (view, or monitor unlisted) while mounted. */
export function useViewing(conversationId: string, monitor: boolean): Person[] {
  const realtime = useRealtime();
  const [viewers, setViewers] = useState<Person[]>([]);
  useEffect(() => {
    const enter = () =>
      realtime
        .emit<{ ok: boolean; viewers?: Person[] }>(monitor ? "monitor" : "view", { conversation_id: conversationId })
        .then((ack) => ack.ok && ack.viewers && setViewers(ack.viewers))
        .catch(() => undefined);
    void enter();
    // After a reconnect the server has forgotten the room: enter again.
    realtime.socket.on("connect", enter);
    return () => {
      realtime.socket.off("connect", enter);
      void realtime.emit("unview", { conversation_id: conversationId }).catch(() => undefined);
    };
  }, [realtime, conversationId, monitor]);
  useRealtimeEvent<{ conversation_id: string; users: Person[] }>("conversation.viewers", (envelope) => {
    if (envelope.data.conversation_id === conversationId) setViewers(envelope.data.users);
  });
  return viewers;
}

export interface Typist {
  type: "user" | "contact";
  id?: string;
  name?: string;
  internal: boolean;
}

/** Who is typing now (a signal not renewed in 6 s has ended). */
export function useTyping(conversationId: string): Typist[] {
  const me = useMe();
  const [typists, setTypists] = useState<Map<string, Typist & { until: number }>>(new Map());
  useRealtimeEvent<{ conversation_id: string; on: boolean; internal?: boolean; by: { type: "user" | "contact"; id?: string; name?: string } }>(
    "typing",
    (envelope) => {
      const { data } = envelope;
      if (data.conversation_id !== conversationId || (data.by.type === "user" && data.by.id === me.id)) return;
      const key = `${data.by.type}:${data.by.id ?? ""}`;
      setTypists((current) => {
        const next = new Map(current);
        if (data.on) next.set(key, { ...data.by, internal: !!data.internal, until: Date.now() + 6000 });
        else next.delete(key);
        return next;
      });
    },
  );
  useEffect(() => {
    if (typists.size === 0) return;
    const timer = setInterval(() => {
      setTypists((current) => {
        const now = Date.now();
        const next = new Map([...current].filter(([, typist]) => typist.until > now));
        return next.size === current.size ? current : next;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typists.size]);
  return [...typists.values()];
}
