// The rail's notifications button: its badge counts the unread ones; it opens the list.
import { Popover } from "radix-ui";
import { useState } from "react";
import { useT } from "../i18n";
import "./me.css";
import { NotificationList } from "./NotificationList";
import { unreadNotifications, useNotifications } from "./queries";

export function NotificationsButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const unread = unreadNotifications(useNotifications().data);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        className="rail-link rail-bell"
        title={t("nav.notifications")}
        aria-label={unread ? t("me.notificationsUnread", { count: unread }) : t("me.notifications")}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread ? (
          <span className="badge rail-badge" aria-hidden="true">
            {unread}
          </span>
        ) : null}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover notifications-popover" side="right" align="end" sideOffset={8}>
          <NotificationList onFollow={() => setOpen(false)} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
