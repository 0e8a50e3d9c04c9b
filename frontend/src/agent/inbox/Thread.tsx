// Messages, notes, whispers and timeline events in one column, in time order, each kind
// told apart at a glance (internal ones tinted and labelled).
import { useEffect, useMemo, useRef } from "react";
import type { Schemas } from "../../shared/api/client";
import { useT, type MessageKey, type Translate } from "../i18n";
import { AttachmentView } from "./AttachmentView";
import { clock } from "./format";
import type { Message } from "./queries";
import { useTeams, useUsers } from "./queries";

type TimelineEvent = Schemas["TimelineEvent"];
type Item = { at: string; message: Message } | { at: string; event: TimelineEvent };

/** Timeline rows not worth a line of their own in the thread. */
const SHOWN_ELSEWHERE = new Set(["seen"]);

interface Props {
  messages: Message[];
  timeline: TimelineEvent[];
  contactName: string;
  contactReadSeq: number;
}

export function Thread({ messages, timeline, contactName, contactReadSeq }: Props) {
  const t = useT();
  const users = useUsers();
  const teamList = useTeams();
  const names = useMemo(() => new Map(users.data?.map((u) => [u.id, u.name]) ?? []), [users.data]);
  const teams = useMemo(() => new Map(teamList.data?.map((team) => [team.id, team.name]) ?? []), [teamList.data]);
  const items = useMemo<Item[]>(() => {
    const all: Item[] = [
      ...messages.map((message) => ({ at: message.created_at, message })),
      ...timeline.filter((event) => !SHOWN_ELSEWHERE.has(event.type)).map((event) => ({ at: event.created_at, event })),
    ];
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }, [messages, timeline]);
  const lastSeenReply = useMemo(
    () => [...messages].reverse().find((m) => m.kind === "reply" && m.sender_type !== "contact" && m.seq <= contactReadSeq)?.id,
    [messages, contactReadSeq],
  );
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block body: newer browsers return a promise from scrollIntoView.
    void end.current?.scrollIntoView({ block: "end" });
  }, [items.length]);

  return (
    <div className="thread" role="log" aria-live="polite" aria-label={t("inbox.thread")}>
      {items.map((item) =>
        "message" in item ? (
          <MessageItem key={item.message.id} message={item.message} author={authorOf(item.message, names, contactName, t)} seen={item.message.id === lastSeenReply} />
        ) : (
          <p key={item.event.id} className="timeline-event">
            <span>{describe(item.event, names, teams, t)}</span> <time dateTime={item.at}>{clock(item.at)}</time>
          </p>
        ),
      )}
      <div ref={end} />
    </div>
  );
}

function authorOf(message: Message, names: Map<string, string>, contactName: string, t: Translate): string {
  if (message.sender_type === "contact") return contactName;
  if (message.sender_type === "bot") return t("inbox.handler.bot");
  if (message.sender_type === "system") return t("inbox.system");
  return names.get(message.sender_user_id ?? "") ?? t("inbox.someone");
}

function MessageItem({ message, author, seen }: { message: Message; author: string; seen: boolean }) {
  const t = useT();
  const side = message.sender_type === "contact" ? "incoming" : "outgoing";
  const internal = message.kind === "note" || message.kind === "whisper";
  return (
    <article className={`message ${side} kind-${message.kind}`} aria-label={internal ? t(`inbox.kind.${message.kind}`) : undefined}>
      <header className="message-head">
        <strong>{author}</strong>
        {internal ? <span className={`chip kind-chip ${message.kind}`}>{t(`inbox.kind.${message.kind}`)}</span> : null}
        <time className="muted" dateTime={message.created_at}>
          {clock(message.created_at)}
        </time>
      </header>
      {message.text ? <p className="message-text">{message.text}</p> : null}
      {message.attachments.length ? (
        <ul className="attachments">
          {message.attachments.map((file) => (
            <li key={file.id}>
              <AttachmentView file={file} />
            </li>
          ))}
        </ul>
      ) : null}
      {seen ? <span className="seen muted">{t("inbox.seen")}</span> : null}
    </article>
  );
}

const HANDLER_CHANGES = new Set([
  "assigned",
  "unassigned",
  "transferred",
  "escalated",
  "taken_over",
  "handed_to_bot",
  "routed",
  "queued",
  "reassigned",
  "handed_over",
]);
const PLAIN = new Set(["created", "updated", "seen", "labelled", "followers_changed", "participants_changed"]);

function describe(event: TimelineEvent, names: Map<string, string>, teams: Map<string, string>, t: Translate): string {
  const data = event.data as Record<string, unknown>;
  const actor =
    event.actor_type === "contact"
      ? t("inbox.customer")
      : event.actor_type === "user"
        ? names.get(event.actor_user_id ?? "") ?? t("inbox.someone")
        : t("inbox.system");
  const to =
    typeof data.assignee_id === "string"
      ? names.get(data.assignee_id) ?? t("inbox.someone")
      : data.bot
        ? t("inbox.handler.bot")
        : typeof data.team_id === "string"
          ? teams.get(data.team_id) ?? t("inbox.someone")
          : t("inbox.nobody");
  const note = typeof data.note === "string" && data.note ? ` — “${data.note}”` : "";
  if (HANDLER_CHANGES.has(event.type)) return t(`inbox.timeline.${event.type}` as MessageKey, { actor, to }) + note;
  if (event.type === "status_changed") {
    return t("inbox.timeline.status_changed", { actor, status: t(`inbox.status.${String(data.new)}` as MessageKey) });
  }
  if (event.type === "rated") return t("inbox.timeline.rated", { rating: String(data.rating ?? "") });
  if (PLAIN.has(event.type)) return t(`inbox.timeline.${event.type}` as MessageKey, { actor });
  return t("inbox.timeline.other", { actor, type: event.type });
}
