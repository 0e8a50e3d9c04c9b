// How realtime events change this area's cached queries: a new notification joins the
// list and the badge; the user's own availability follows changes made elsewhere.
import type { QueryClient } from "@tanstack/react-query";
import type { EventHandlers } from "../realtime/cache";
import type { Envelope } from "../realtime/socket";
import { meKeys, type Me, type Notification, type NotificationPages } from "./queries";

function addNotification(client: QueryClient, envelope: Envelope): void {
  const notification = (envelope.data as { notification?: Notification }).notification;
  if (!notification) return;
  client.setQueryData<NotificationPages>(meKeys.notifications, (data) => {
    if (!data || data.pages.some((page) => page.items.some((item) => item.id === notification.id))) return data;
    const [first, ...rest] = data.pages;
    const unread = first.unread_count + (notification.read_at ? 0 : 1);
    return { ...data, pages: [{ ...first, items: [notification, ...first.items], unread_count: unread }, ...rest] };
  });
}

function followAvailability(client: QueryClient, envelope: Envelope): void {
  const { user_id, availability } = envelope.data as { user_id?: string; availability?: Me["availability"] };
  if (!availability) return;
  client.setQueryData<Me>(meKeys.me, (me) =>
    me && me.id === user_id && me.availability !== availability ? { ...me, availability } : me,
  );
}

export const meEvents: EventHandlers = {
  "notification.created": addNotification,
  "user.updated": followAvailability,
  "presence.updated": followAvailability,
};
