// The caller's channels in three groups (direct messages, everyone, custom groups), each
// link with its unread count, newest activity first.
import { NavLink } from "react-router";
import { useT, type MessageKey } from "../i18n";
import { useCurrentMe } from "../me/queries";
import { channelName } from "./names";
import type { Channel } from "./queries";

const SECTIONS: { kind: Channel["kind"]; title: MessageKey }[] = [
  { kind: "direct", title: "chat.directMessages" },
  { kind: "all_staff", title: "chat.everyone" },
  { kind: "group", title: "chat.groups" },
];

export function ChannelList({ channels }: { channels: Channel[] }) {
  const t = useT();
  const me = useCurrentMe();
  const sorted = [...channels].sort((a, b) => b.last_activity_at.localeCompare(a.last_activity_at));
  return (
    <nav aria-label={t("chat.channels")} className="channel-nav">
      {SECTIONS.map((section) => {
        const items = sorted.filter((channel) => channel.kind === section.kind);
        const headingId = `channels-${section.kind}`;
        return (
          <section key={section.kind} aria-labelledby={headingId}>
            <h2 id={headingId} className="channel-section">
              {t(section.title)}
            </h2>
            {items.length === 0 ? <p className="muted channel-empty">{t("chat.noChannels")}</p> : null}
            <ul className="channel-list">
              {items.map((channel) => {
                const name = channelName(channel, me.id, t);
                const unread = channel.unread_count;
                return (
                  <li key={channel.id}>
                    <NavLink
                      to={`/chat/${channel.id}`}
                      className="channel-link"
                      aria-label={unread ? `${name}, ${t("chat.unread", { count: unread })}` : undefined}
                    >
                      <span className="channel-name">{name}</span>
                      {unread ? (
                        <span className="badge" aria-hidden="true">
                          {unread}
                        </span>
                      ) : null}
                    </NavLink>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
