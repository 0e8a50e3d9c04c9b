import { act, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { aMe, answerFetch, newTestClient, renderApp } from "../testing";
import { useNotificationAlerts } from "./alerts";
import { AvailabilitySwitch } from "./AvailabilitySwitch";
import { NotificationsButton } from "./NotificationsButton";
import { meKeys, type Notification, type NotificationPages } from "./queries";

const me = aMe({ availability: "online" });

function aNotification(id: string): Notification {
  return {
    id,
    type: "team_chat.mention",
    conversation_id: null,
    actor_user_id: "00000000-0000-4000-8000-00000000000b",
    data: { channel_id: "00000000-0000-4000-8000-0000000000c1" },
    created_at: "2026-11-27T10:00:00Z",
    read_at: null,
  };
}

function seeded() {
  const client = newTestClient(me);
  client.setQueryData<NotificationPages>(meKeys.notifications, {
    pages: [{ items: [{ ...aNotification("old"), read_at: "2026-11-26T10:00:00Z" }], next_cursor: null, unread_count: 0 }],
    pageParams: [null],
  });
  return client;
}

function Alerts() {
  useNotificationAlerts();
  return null;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test("a new notification raises the badge once, and blinks the title while the tab is hidden", async () => {
  const fetch = answerFetch({});
  localStorage.setItem("helpdesk.sound", "off");
  vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
  document.title = "Helpdesk";
  const { realtime, client } = renderApp(
    <>
      <Alerts />
      <NotificationsButton />
    </>,
    { me, client: seeded() },
  );
  expect(screen.getByRole("button", { name: "Notifications" })).toBeTruthy();

  act(() => realtime.push("notification.created", { notification: aNotification("n1") }));
  act(() => realtime.push("notification.created", { notification: aNotification("n1") }));
  await screen.findByRole("button", { name: "Notifications, 1 unread" });
  expect(document.title).toBe("(1) New message — Helpdesk");
  expect(client.getQueryData<NotificationPages>(meKeys.notifications)!.pages[0].items.map((item) => item.id)).toEqual(["n1", "old"]);
  expect(fetch).not.toHaveBeenCalled();
});

test("the availability switch follows the user's own changes made elsewhere, not a colleague's", async () => {
  answerFetch({});
  const { realtime } = renderApp(<AvailabilitySwitch />, { me, client: seeded() });
  expect(screen.getByRole("combobox", { name: "Availability: Online" })).toBeTruthy();

  act(() => realtime.push("user.updated", { user_id: "someone-else", availability: "offline" }));
  expect(screen.getByRole("combobox", { name: "Availability: Online" })).toBeTruthy();
  act(() => realtime.push("presence.updated", { user_id: me.id, online: true, availability: "away" }));
  await screen.findByRole("combobox", { name: "Availability: Away" });
});
