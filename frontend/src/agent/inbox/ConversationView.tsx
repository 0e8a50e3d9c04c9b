// The open conversation: who and what, the thread, who is viewing and typing, the
// composer. Opening it marks it read; new messages while open are read as they come.
import { useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError } from "../../shared/api/client";
import { useApi, useMe } from "../context";
import { useT } from "../i18n";
import { Composer, type Kind } from "./Composer";
import { ConversationActions } from "./ConversationActions";
import { openConversation, patchConversation } from "./live";
import { useTyping, useViewing } from "./presence";
import { useMessages, useTimeline, useUsers, type Conversation } from "./queries";
import { Thread } from "./Thread";

interface Props {
  id: string;
  query: UseQueryResult<Conversation>;
}

export function ConversationView({ id, query }: Props) {
  const t = useT();
  if (query.isError) {
    const gone = query.error instanceof ApiError && query.error.status === 404;
    return (
      <section className="conversation empty-state">
        <p className="muted">{gone ? t("inbox.gone") : t("common.error", { detail: String(query.error) })}</p>
      </section>
    );
  }
  if (!query.data) {
    return (
      <section className="conversation empty-state">
        <p className="muted">{t("common.loading")}</p>
      </section>
    );
  }
  return <Open conversation={query.data} key={id} />;
}

function Open({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const me = useMe();
  const api = useApi();
  const client = useQueryClient();
  const messages = useMessages(conversation.id);
  const timeline = useTimeline(conversation.id);
  const users = useUsers();
  const [monitoring, setMonitoring] = useState(false);
  const [kind, setKind] = useState<Kind>("reply");
  const viewers = useViewing(conversation.id, monitoring).filter((viewer) => viewer.id !== me.id);
  const typing = useTyping(conversation.id);
  const isAdmin = me.role === "owner" || me.role === "admin";
  const name = conversation.contact.name ?? conversation.contact.email ?? t("inbox.visitor");
  const assignee = users.data?.find((u) => u.id === conversation.assignee_id);
  const lastSeq = messages.data?.at(-1)?.seq ?? 0;

  useEffect(() => {
    openConversation.id = conversation.id;
    openConversation.userId = me.id;
    return () => {
      openConversation.id = null;
    };
  }, [conversation.id, me.id]);

  // "r" (outside text fields) puts the cursor in the composer.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.key !== "r" || event.altKey || event.ctrlKey || event.metaKey) return;
      if (target.closest("input, textarea, select, [contenteditable=true], [role=dialog]")) return;
      event.preventDefault();
      document.querySelector<HTMLTextAreaElement>("textarea[data-composer]")?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Read up to the newest message whenever one arrives while the conversation is open.
  useEffect(() => {
    if (!lastSeq || document.visibilityState === "hidden") return;
    void api
      .POST("/api/v1/conversations/{conversation_id}/read", { params: { path: { conversation_id: conversation.id } }, body: { seq: lastSeq } })
      .then(({ data }) => {
        if (data) patchConversation(client, conversation.id, (c) => ({ ...c, unread_count: data.unread_count }));
      });
  }, [api, client, conversation.id, lastSeq]);

  return (
    <section className="conversation" aria-label={t("inbox.conversationLabel", { name, number: conversation.number })}>
      <header className="conversation-head">
        <div>
          <h1>
            {name} <span className="muted">#{conversation.number}</span>
          </h1>
          <p className="muted head-meta">
            <span className={`chip status-${conversation.status}`}>{t(`inbox.status.${conversation.status}`)}</span>{" "}
            {conversation.handler === "bot" ? t("inbox.handledByBot") : assignee ? t("inbox.handledBy", { name: assignee.name }) : t("inbox.unassigned")}
            {conversation.queue_position ? ` · ${t("inbox.queuePosition", { position: conversation.queue_position })}` : null}
            {conversation.priority !== "none" ? ` · ${t(`inbox.priority.${conversation.priority}`)}` : null}
          </p>
        </div>
        <div className="head-side">
          {viewers.length ? (
            <p className="viewers" aria-live="polite">
              {t("inbox.alsoViewing", { names: viewers.map((v) => v.name).join(", ") })}
            </p>
          ) : null}
          {isAdmin ? (
            <button type="button" className={monitoring ? "button small active" : "button small"} aria-pressed={monitoring} onClick={() => setMonitoring((m) => !m)}>
              {monitoring ? t("inbox.monitoring") : t("inbox.monitor")}
            </button>
          ) : null}
          <ConversationActions conversation={conversation} />
        </div>
      </header>
      {messages.data && timeline.data ? (
        <Thread messages={messages.data} timeline={timeline.data} contactName={name} contactReadSeq={conversation.contact_read_seq} />
      ) : (
        <p className="muted pad">{t("common.loading")}</p>
      )}
      <p className="typing" aria-live="polite">
        {typing.length
          ? t(typing.some((p) => p.internal) ? "inbox.typingInternal" : "inbox.typing", {
              names: typing.map((p) => (p.type === "contact" ? name : p.name ?? t("inbox.someone"))).join(", "),
            })
          : " "}
      </p>
      <Composer conversationId={conversation.id} kind={kind} onKind={setKind} />
    </section>
  );
}
