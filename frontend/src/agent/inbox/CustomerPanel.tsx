// The customer beside the conversation: who they are, their attributes, what they did
// lately and how active they are, their other conversations, and what colleagues noted
// about them in earlier conversations (seed 003).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { unwrap } from "../../shared/api/client";
import { useApi } from "../context";
import { useT } from "../i18n";
import { ContactDialog } from "./ContactDialog";
import { timeAgo } from "./format";
import { keys, useUsers, type Conversation } from "./queries";

export function CustomerPanel({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const api = useApi();
  const users = useUsers();
  const id = conversation.contact.id;
  const path = { contact_id: id };
  const contact = useQuery({ queryKey: keys.contact(id), queryFn: () => unwrap(api.GET("/api/v1/contacts/{contact_id}", { params: { path } })) });
  const activities = useQuery({
    queryKey: keys.contactActivities(id),
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{contact_id}/activities", { params: { path, query: { limit: 10 } } })),
  });
  const others = useQuery({
    queryKey: keys.contactConversations(id),
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{contact_id}/conversations", { params: { path, query: { limit: 10 } } })),
  });
  const notes = useQuery({
    queryKey: keys.contactNotes(id),
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{contact_id}/notes", { params: { path, query: { limit: 10 } } })),
  });
  const person = contact.data;
  const names = new Map(users.data?.map((u) => [u.id, u.name]) ?? []);
  const attributes = Object.entries(person?.custom_attributes ?? {});
  const earlierNotes = notes.data?.items.filter((n) => n.conversation_id !== conversation.id) ?? [];
  const [editing, setEditing] = useState(false);

  return (
    <aside className="customer" aria-label={t("inbox.customerPanel.label")}>
      <section>
        <div className="panel-title">
          <h2>{person?.name ?? conversation.contact.name ?? t("inbox.visitor")}</h2>
          {person ? (
            <button type="button" className="button small" aria-label={t("inbox.customerPanel.editTitle")} onClick={() => setEditing(true)}>
              {t("common.edit")}
            </button>
          ) : null}
        </div>
        {editing && person ? <ContactDialog contact={person} onClose={() => setEditing(false)} /> : null}
        {person ? (
          <dl className="facts">
            {person.email ? (
              <>
                <dt>{t("inbox.customerPanel.email")}</dt>
                <dd>{person.email}</dd>
              </>
            ) : null}
            {person.phone ? (
              <>
                <dt>{t("inbox.customerPanel.phone")}</dt>
                <dd>{person.phone}</dd>
              </>
            ) : null}
            {person.identifier ? (
              <>
                <dt>{t("inbox.customerPanel.identifier")}</dt>
                <dd>{person.identifier}</dd>
              </>
            ) : null}
            <dt>{t("inbox.customerPanel.activity")}</dt>
            <dd>
              <span className={`chip activity-${person.activity_status}`}>{t(`inbox.customerPanel.status.${person.activity_status}`)}</span>
              {person.last_activity_at ? <span className="muted"> · {timeAgo(person.last_activity_at, t)}</span> : null}
            </dd>
          </dl>
        ) : null}
      </section>
      {attributes.length ? (
        <section>
          <h3>{t("inbox.customerPanel.attributes")}</h3>
          <dl className="facts">
            {attributes.map(([key, value]) => (
              <div key={key} className="fact">
                <dt>{key}</dt>
                <dd>{typeof value === "object" ? JSON.stringify(value) : String(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <section>
        <h3>{t("inbox.customerPanel.recentActivity")}</h3>
        {activities.data?.items.length ? (
          <ul className="plain">
            {activities.data.items.map((activity) => (
              <li key={activity.id}>
                {activity.type} <span className="muted">· {timeAgo(activity.occurred_at, t)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("inbox.customerPanel.noActivity")}</p>
        )}
      </section>
      <section>
        <h3>{t("inbox.customerPanel.otherConversations")}</h3>
        <ul className="plain">
          {others.data?.items
            .filter((other) => other.id !== conversation.id)
            .map((other) => (
              <li key={other.id}>
                <Link to={`/inbox/${other.id}`}>
                  #{other.number} · {t(`inbox.status.${other.status}`)}
                </Link>{" "}
                <span className="muted">{other.last_message_preview}</span>
              </li>
            ))}
        </ul>
        {others.data && others.data.items.length <= 1 ? <p className="muted">{t("inbox.customerPanel.firstConversation")}</p> : null}
      </section>
      <section>
        <h3>{t("inbox.customerPanel.earlierNotes")}</h3>
        {earlierNotes.length ? (
          <ul className="plain notes">
            {earlierNotes.map((n) => (
              <li key={n.id} className="earlier-note">
                <p>{n.text}</p>
                <span className="muted">
                  {names.get(n.sender_user_id ?? "") ?? t("inbox.someone")} · {timeAgo(n.created_at, t)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("inbox.customerPanel.noNotes")}</p>
        )}
      </section>
    </aside>
  );
}
