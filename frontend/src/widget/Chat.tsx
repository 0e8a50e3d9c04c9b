// One conversation: its messages live, the team typing and "seen", the place in the
// queue, the away notice, the composer, and the rating once it is closed.
import { useEffect, useRef } from "preact/hooks";
import type { Message } from "./api";
import { Composer } from "./Composer";
import { useWidget } from "./context";
import { Files } from "./Files";
import { Rating } from "./Rating";
import { isClosed, lastSeen, type Outgoing, type View } from "./state";

type ChatView = Extract<View, { name: "chat" }>;

export function Chat({ view }: { view: ChatView }) {
  const { state, t, store } = useWidget();
  const id = view.conversationId;
  const conversation = state.conversations.find((c) => c.id === id);
  const messages = (id && state.messages[id]) || [];
  const pending = state.outbox.filter((o) => (id ? o.conversationId === id : o.draft === view.draft));
  const seen = conversation && lastSeen(messages, conversation.seen_up_to_seq);
  const typing = id !== null && id in state.typing ? state.typing[id] : undefined;
  const log = useRef<HTMLDivElement>(null);
  const latest = messages.at(-1)?.id;

  useEffect(() => {
    scrollToEnd(log.current);
  }, [latest, pending.length, typing]);

  useEffect(() => {
    if (id && state.open && document.visibilityState === "visible") store.markRead(id);
  }, [id, latest, state.open, store]);

  const position = conversation?.queue_position;
  return (
    <div class="hd-chat">
      <div class="hd-log" ref={log} role="log" aria-live="polite" aria-label={t("messages")} tabIndex={0}>
        {state.settings?.greeting && <p class="hd-message hd-from-team">{state.settings.greeting}</p>}
        {messages.map((m) => (
          <Bubble key={m.id} message={m} seen={seen?.id === m.id} />
        ))}
        {pending.map((o) => (
          <Pending key={o.key} outgoing={o} />
        ))}
        {typing !== undefined && (
          <p class="hd-typing" role="status">
            {typing ? t("typing", { name: typing }) : t("someoneTyping")}
          </p>
        )}
      </div>
      {position != null && (
        <p class="hd-banner hd-queue" role="status">
          {position <= 1 ? t("queueNext") : t("queue", { n: position })}
        </p>
      )}
      {state.settings && !state.settings.open_now && !isClosed(conversation) && (
        <p class="hd-banner hd-away">{state.settings.away_message || t("away")}</p>
      )}
      {conversation && isClosed(conversation) && (
        <>
          <Rating conversation={conversation} />
          <p class="hd-muted hd-closed">{t("closedNote")}</p>
        </>
      )}
      <Composer view={view} />
    </div>
  );
}

function scrollToEnd(element: HTMLElement | null): void {
  if (element) element.scrollTop = element.scrollHeight;
}

function Bubble({ message, seen }: { message: Message; seen: boolean }) {
  const { t } = useWidget();
  const mine = message.sender_type === "contact";
  const from = mine ? t("you") : (message.sender_name ?? t("team"));
  const kind = mine ? "hd-from-me" : message.sender_type === "system" ? "hd-from-system" : "hd-from-team";
  return (
    <div class={`hd-message ${kind}`} data-seq={message.seq}>
      {!mine && message.sender_type !== "system" && <span class="hd-sender">{from}</span>}
      {message.text && <p class="hd-text">{message.text}</p>}
      <Files attachments={message.attachments} />
      {seen && <span class="hd-seen">{t("seen")}</span>}
    </div>
  );
}

function Pending({ outgoing }: { outgoing: Outgoing }) {
  const { t, store } = useWidget();
  return (
    <div class="hd-message hd-from-me hd-pending" data-state={outgoing.state}>
      {outgoing.text && <p class="hd-text">{outgoing.text}</p>}
      <Files attachments={outgoing.attachments} />
      {outgoing.state === "refused" ? (
        <span class="hd-problem">
          {t("refused", { reason: outgoing.reason ?? "" })}{" "}
          <button type="button" class="hd-link" onClick={() => store.dismiss(outgoing.key)}>
            {t("dismiss")}
          </button>
        </span>
      ) : (
        <span class="hd-seen">{outgoing.state === "sending" ? t("sending") : t("notSent")}</span>
      )}
    </div>
  );
}
