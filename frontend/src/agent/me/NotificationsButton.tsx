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
        className="rail-link"
        aria-label={unread ? t("me.notificationsUnread", { count: unread }) : t("me.notifications")}
      >
        {t("nav.notifications")}
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
