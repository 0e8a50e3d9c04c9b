// The list panel: filters, search, sort, the conversations (live), bulk selection.
// ArrowUp/ArrowDown move between conversations, Enter opens, Space selects.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useMe } from "../context";
import { useT, type MessageKey } from "../i18n";
import { BulkBar } from "./BulkBar";
import { FilterBar } from "./FilterBar";
import type { Filters } from "./filters";
import { timeAgo } from "./format";
import { useConversationList, type Conversation } from "./queries";

interface Props {
  filters: Filters;
  onFilters: (filters: Filters) => void;
  selectedId: string | null;
  onOpen: (id: string) => void;
}

type Group = "mine" | "others" | "bot" | "unassigned" | "closed";

function groupOf(conversation: Conversation, meId: string): Group {
  if (conversation.status === "closed" || conversation.status === "archived") return "closed";
  if (conversation.assignee_id === meId) return "mine";
  if (conversation.assignee_id) return "others";
  return conversation.handler === "bot" ? "bot" : "unassigned";
}

export function ConversationList({ filters, onFilters, selectedId, onOpen }: Props) {
  const t = useT();
  const me = useMe();
  const list = useConversationList(filters);
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  // The selection belongs to the filters it was made under: new filters, no selection.
  const filterKey = JSON.stringify(filters);
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: filterKey, ids: new Set() });
  const checked = selection.key === filterKey ? selection.ids : new Set<string>();
  const setChecked = (update: Set<string> | ((current: Set<string>) => Set<string>)) =>
    setSelection({ key: filterKey, ids: typeof update === "function" ? update(checked) : update });
  const refs = useRef(new Map<string, HTMLButtonElement>());

  // j / k (outside text fields) open the next / previous conversation.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable=true], [role=dialog]")) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== "j" && event.key !== "k") return;
      const index = items.findIndex((item) => item.id === selectedId);
      const next = items[event.key === "j" ? index + 1 : Math.max(index - 1, 0)];
      if (next) {
        event.preventDefault();
        onOpen(next.id);
        refs.current.get(next.id)?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selectedId, onOpen]);

  function onListKey(event: KeyboardEvent<HTMLUListElement>, index: number) {
    const move = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    if (move) {
      event.preventDefault();
      const next = items[index + move];
      if (next) refs.current.get(next.id)?.focus();
    } else if (event.key === " ") {
      event.preventDefault();
      toggle(items[index].id);
    }
  }

  function toggle(id: string) {
    setChecked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <section className="list-panel" aria-label={t("inbox.listLabel")}>
      <FilterBar filters={filters} onFilters={onFilters} />
      {checked.size > 0 ? <BulkBar ids={[...checked]} onDone={() => setChecked(new Set())} /> : null}
      {list.isPending ? <p className="muted pad">{t("common.loading")}</p> : null}
      {list.isError ? <p className="field-error pad">{t("common.error", { detail: String(list.error) })}</p> : null}
      {list.isSuccess && items.length === 0 ? <p className="muted pad">{t("inbox.noneHere")}</p> : null}
      <ul className="conversation-list" aria-label={t("inbox.listLabel")}>
        {items.map((conversation, index) => {
          const group = filters.sort === "stream" ? groupOf(conversation, me.id) : null;
          const previous = index > 0 && filters.sort === "stream" ? groupOf(items[index - 1], me.id) : null;
          return (
            <li key={conversation.id} onKeyDown={(event) => onListKey(event as never, index)}>
              {group && group !== previous ? <h3 className="stream-group">{t(`inbox.stream.${group}` as MessageKey)}</h3> : null}
              <div className={conversation.id === selectedId ? "conversation-row selected" : "conversation-row"}>
                <input
                  type="checkbox"
                  aria-label={t("inbox.select", { number: conversation.number })}
                  checked={checked.has(conversation.id)}
                  onChange={() => toggle(conversation.id)}
                  tabIndex={-1}
                />
                <button
                  type="button"
                  className="conversation-open"
                  ref={(node) => {
                    if (node) refs.current.set(conversation.id, node);
                    else refs.current.delete(conversation.id);
                  }}
                  aria-current={conversation.id === selectedId ? "true" : undefined}
                  onClick={() => onOpen(conversation.id)}
                >
                  <Row conversation={conversation} />
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {list.hasNextPage ? (
        <button type="button" className="button load-more" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("inbox.loadMore")}
        </button>
      ) : null}
    </section>
  );
}

function Row({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const name = conversation.contact.name ?? conversation.contact.email ?? t("inbox.visitor");
  return (
    <>
      <span className="row-top">
        <strong className="row-name">{name}</strong>
        <time className="muted" dateTime={conversation.last_activity_at}>
          {timeAgo(conversation.last_activity_at, t)}
        </time>
      </span>
      <span className="row-preview muted">{conversation.last_message_preview || t("inbox.noMessages")}</span>
      <span className="row-meta">
        <span className="muted">#{conversation.number}</span>
        {conversation.status !== "open" ? <span className="chip">{t(`inbox.status.${conversation.status}`)}</span> : null}
        {conversation.priority !== "none" ? <span className={`chip priority-${conversation.priority}`}>{t(`inbox.priority.${conversation.priority}`)}</span> : null}
        {conversation.queue_position ? <span className="chip queue">{t("inbox.queuePosition", { position: conversation.queue_position })}</span> : null}
        {conversation.labels.map((label) => (
          <span key={label.id} className="chip label" style={{ borderColor: label.color ?? undefined }}>
            {label.name}
          </span>
        ))}
        {conversation.unread_count > 0 ? (
          <span className="badge" aria-label={t("inbox.unread", { count: conversation.unread_count })}>
            {conversation.unread_count}
          </span>
        ) : null}
      </span>
    </>
  );
}
