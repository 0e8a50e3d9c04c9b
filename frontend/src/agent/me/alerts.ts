// What a new notification does beyond the list and badge: a chime (when the sound is on)
// and a blinking title while the tab is hidden.
import { useEffect, useRef } from "react";
import { useT } from "../i18n";
import { useRealtimeEvent } from "../realtime/cache";
import { playChime, soundOn } from "./sound";
import { TitleBlinker } from "./titleBlink";

export function useNotificationAlerts(): void {
  const t = useT();
  const label = useRef(t);
  useEffect(() => {
    label.current = t;
  });
  const blinker = useRef<TitleBlinker | null>(null);
  useEffect(() => {
    const created = new TitleBlinker(document, (count) => label.current("me.blinkTitle", { count }));
    blinker.current = created;
    return () => created.dispose();
  }, []);
  const seen = useRef(new Set<string>());
  useRealtimeEvent<{ notification?: { id: string } }>("notification.created", ({ data }) => {
    const id = data.notification?.id;
    if (!id || seen.current.has(id)) return;
    seen.current.add(id);
    if (soundOn()) playChime();
    blinker.current?.notify();
  });
}
