// The in-app notifications, newest first: each links to its conversation or chat channel
// and is marked read when followed.
import { Link } from "react-router";
import { channelName } from "../chat/names";
import { useChannels, useColleagues } from "../chat/queries";
import { useI18n, type Translate } from "../i18n";
import { problemText } from "../ui/problem";
import { useCurrentMe, useMarkNotificationsRead, useNotifications, unreadNotifications, type Notification } from "./queries";

const KINDS: Record<string, "assigned" | "transferred" | "escalated"> = {
  assigned: "assigned",
  routed: "assigned",
  reassigned: "assigned",
  transferred: "transferred",
  handed_over: "transferred",
  escalated: "escalated",
};

export function NotificationList({ onFollow }: { onFollow: () => void }) {
  const { t, language } = useI18n();
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const describe = useDescriber(t);
  const when = new Intl.DateTimeFormat(language, { dateStyle: "short", timeStyle: "short" });
  const items = notifications.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = unreadNotifications(notifications.data);
  return (
    <div className="notifications">
      <div className="notifications-head">
        <h2 id="notifications-title">{t("me.notifications")}</h2>
        <button type="button" className="button small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate("all")}>
          {t("me.markAllRead")}
        </button>
      </div>
      {notifications.isPending ? <p className="muted">{t("common.loading")}</p> : null}
      {notifications.isError ? (
        <p role="alert" className="field-error">
          {t("common.error", { detail: problemText(notifications.error) })}
        </p>
      ) : null}
      {notifications.isSuccess && items.length === 0 ? <p className="muted">{t("me.noNotifications")}</p> : null}
      <ul className="notification-items" aria-labelledby="notifications-title">
        {items.map((item) => (
          <li key={item.id} className={item.read_at ? "notification" : "notification unread"}>
            <Link
              to={target(item)}
              onClick={() => {
                if (!item.read_at) markRead.mutate([item.id]);
                onFollow();
              }}
            >
              {item.read_at ? null : <span className="visually-hidden">{t("me.unread")}: </span>}
              {describe(item)}
            </Link>
            <time dateTime={item.created_at} className="muted">
              {when.format(new Date(item.created_at))}
            </time>
          </li>
        ))}
      </ul>
      {notifications.hasNextPage ? (
        <button type="button" className="button small" onClick={() => void notifications.fetchNextPage()}>
          {t("me.loadMore")}
        </button>
      ) : null}
    </div>
  );
}

function target(item: Notification): string {
  const channel = item.data.channel_id;
  if (typeof channel === "string") return `/chat/${channel}`;
  return item.conversation_id ? `/inbox/${item.conversation_id}` : "/inbox";
}

function useDescriber(t: Translate): (item: Notification) => string {
  const me = useCurrentMe();
  const colleagues = useColleagues();
  const channels = useChannels();
  return (item) => {
    const actor = colleagues.data?.find((user) => user.id === item.actor_user_id)?.name ?? t("me.someone");
    const channelId = item.data.channel_id;
    if (typeof channelId === "string") {
      const channel = channels.data?.items.find((candidate) => candidate.id === channelId);
      const name = channel ? channelName(channel, me.id, t) : t("chat.title");
      if (item.type !== "team_chat.mention") return t("me.kinds.chat", { channel: name });
      if (channel?.kind === "direct") return t("me.kinds.mentionDirect", { actor });
      return t("me.kinds.mention", { actor, channel: name });
    }
    const number = String(item.data.number ?? "");
    const kind = KINDS[item.type];
    return kind ? t(`me.kinds.${kind}`, { actor, number }) : t("me.kinds.conversation", { number });
  };
}
