// A channel's messages, oldest at the top: consecutive messages of one author within a
// few minutes share a heading; "load older" scrolls back a page at a time.
import { Fragment, useLayoutEffect, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n";
import { useCurrentMe } from "../me/queries";
import { authorName } from "./names";
import type { Channel, ChatMessage } from "./queries";

const GROUP_GAP_MS = 5 * 60_000;
const FOLLOW_PX = 120;

interface Props {
  channel: Channel;
  label: string;
  /** Newest first, as the pages come. */
  messages: ChatMessage[];
  /** The reader's marker when the channel opened; later messages of others are new. */
  readUpTo: number;
  older: ReactNode;
}

export function MessageList({ channel, label, messages, readUpTo, older }: Props) {
  const { t, language } = useI18n();
  const me = useCurrentMe();
  const scroller = useRef<HTMLDivElement>(null);
  const fromBottom = useRef(0);
  const newest = messages[0];
  const oldest = messages.at(-1)?.id;
  const chronological = [...messages].reverse();
  const time = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" });
  const day = new Intl.DateTimeFormat(language, { dateStyle: "full" });
  const firstNew = chronological.find((message) => message.seq > readUpTo && message.author_user_id !== me.id)?.id;

  // Follow new messages when the reader is at the bottom (or wrote it); keep the view
  // still when older ones come in above.
  const newestId = newest?.id;
  const newestMine = newest?.author_user_id === me.id;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && (fromBottom.current < FOLLOW_PX || newestMine)) element.scrollTop = element.scrollHeight;
  }, [newestId, newestMine, channel.id]);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight - element.clientHeight - fromBottom.current;
  }, [oldest]);

  return (
    <div
      ref={scroller}
      className="chat-scroller"
      onScroll={(event) => {
        const element = event.currentTarget;
        fromBottom.current = element.scrollHeight - element.clientHeight - element.scrollTop;
      }}
    >
      {older}
      {messages.length === 0 ? <p className="muted chat-empty">{t("chat.noMessages")}</p> : null}
      <div role="log" aria-label={t("chat.messages", { channel: label })}>
        <ol className="chat-messages">
          {chronological.map((message, index) => {
            const previous = chronological[index - 1];
            const at = new Date(message.created_at);
            const newDay = !previous || day.format(new Date(previous.created_at)) !== day.format(at);
            const isFirstNew = message.id === firstNew;
            const startsGroup =
              newDay ||
              isFirstNew ||
              previous.author_user_id !== message.author_user_id ||
              at.getTime() - new Date(previous.created_at).getTime() > GROUP_GAP_MS;
            return (
              <Fragment key={message.id}>
                {newDay ? (
                  <li className="chat-day" aria-hidden="true">
                    {day.format(at)}
                  </li>
                ) : null}
                {isFirstNew ? (
                  <li className="chat-new">
                    <span>{t("chat.newMessages")}</span>
                  </li>
                ) : null}
                <li className={startsGroup ? "chat-message first" : "chat-message"}>
                  {startsGroup ? (
                    <div className="chat-author">
                      <strong>{authorName(channel, message.author_user_id, me.id, t)}</strong>{" "}
                      <time dateTime={message.created_at} className="muted">
                        {time.format(at)}
                      </time>
                    </div>
                  ) : (
                    <span className="visually-hidden">
                      {authorName(channel, message.author_user_id, me.id, t)} {time.format(at)}
                    </span>
                  )}
                  <p className="chat-text">{withMentions(message, channel.members)}</p>
                </li>
              </Fragment>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

/** The text with each "@Name" of a mentioned member marked. */
function withMentions(message: ChatMessage, members: { id: string; name: string }[]): ReactNode {
  const named = members.filter((member) => message.mentions.includes(member.id)).map((member) => `@${member.name}`);
  if (!named.length) return message.text;
  const pattern = new RegExp(`(${named.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "g");
  return message.text.split(pattern).map((part, index) =>
    named.includes(part) ? (
      <mark key={index} className="mention">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}
