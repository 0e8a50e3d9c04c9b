// The inbox in three panels: the conversation list, the open conversation, the customer.
import { useCallback, useMemo } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { useT } from "../i18n";
import { ConversationList } from "./ConversationList";
import { ConversationView } from "./ConversationView";
import { CustomerPanel } from "./CustomerPanel";
import { filtersFromSearch, searchFromFilters, type Filters } from "./filters";
import { useConversation } from "./queries";
import "./inbox.css";

export function InboxScreen() {
  const { conversationId } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const setFilters = useCallback((next: Filters) => setSearch(searchFromFilters(next)), [setSearch]);
  const open = useCallback(
    (id: string) => navigate({ pathname: `/inbox/${id}`, search: search.toString() }),
    [navigate, search],
  );
  const conversation = useConversation(conversationId);

  return (
    <div className="inbox">
      <ConversationList filters={filters} onFilters={setFilters} selectedId={conversationId ?? null} onOpen={open} />
      {conversationId ? (
        <ConversationView key={conversationId} id={conversationId} query={conversation} />
      ) : (
        <EmptyConversation />
      )}
      {conversation.data ? <CustomerPanel key={conversation.data.contact.id} conversation={conversation.data} /> : <aside className="customer" />}
    </div>
  );
}


function EmptyConversation() {
  const t = useT();
  return (
    <section className="conversation empty-state">
      <p className="muted">{t("inbox.pickOne")}</p>
    </section>
  );
}
