// Realtime events update the TanStack Query cache in place, each area with its own
// handlers, so a change shows everywhere at once without refetching lists.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useRealtime } from "../context";
import { chatEvents } from "../chat/live";
import { inboxEvents } from "../inbox/live";
import { meEvents } from "../me/live";
import type { Envelope } from "./socket";

export type EventHandlers = Record<string, (client: QueryClient, envelope: Envelope) => void>;

const AREAS: EventHandlers[] = [inboxEvents, chatEvents, meEvents];

export function useCacheFromEvents(): void {
  const realtime = useRealtime();
  const client = useQueryClient();
  useEffect(
    () =>
      realtime.listen((envelope) => {
        for (const area of AREAS) area[envelope.type]?.(client, envelope);
      }),
    [realtime, client],
  );
}

/** Call `handler` for every envelope of `type` while the component is mounted. */
export function useRealtimeEvent<T = Record<string, unknown>>(type: string, handler: (envelope: Envelope<T>) => void): void {
  const realtime = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      realtime.listen((envelope) => {
        if (envelope.type === type) latest.current(envelope as Envelope<T>);
      }),
    [realtime, type],
  );
}
