// An agent's open and snoozed conversations, each one taken over by the admin with a
// button (the server keeps the admin within their capacity).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { problemText } from "../../ui/problem";
import { useToast } from "../../ui/Toasts";
import { adminKeys, allPages, dropItem, type AgentLoad } from "../api";
import { ListState } from "../parts";

type Conversation = Schemas["Conversation"];

export function TakeOverDialog({ agent, onClose }: { agent: AgentLoad; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const key = adminKeys.userConversations(agent.id);
  const query = useQuery({
    queryKey: key,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/users/{user_id}/conversations", {
            params: { path: { user_id: agent.id }, query: { status: ["open", "snoozed"], cursor, limit: 100 } },
          }),
        ),
      ),
    staleTime: 0,
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t("admin.takeover.title", { name: agent.name })}
      description={t("admin.takeover.description")}
    >
      <ListState query={query} empty={t("admin.takeover.empty")}>
        {(conversations) => (
          <ul className="admin-conversations">
            {conversations.map((conversation) => (
              <ConversationItem key={conversation.id} conversation={conversation} agentId={agent.id} />
            ))}
          </ul>
        )}
      </ListState>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </Dialog>
  );
}

function ConversationItem({ conversation, agentId }: { conversation: Conversation; agentId: string }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const takeover = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/conversations/{conversation_id}/takeover", {
          params: { path: { conversation_id: conversation.id } },
        }),
      ),
    onSuccess: () => {
      dropItem(client, adminKeys.userConversations(agentId), conversation.id);
      void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true });
      toast(t("admin.takeover.done", { number: conversation.number }));
    },
    onError: (error) => toast(problemText(error), { tone: "error" }),
  });
  const who = conversation.contact.name ?? conversation.contact.email ?? conversation.contact.identifier ?? "";
  return (
    <li>
      <div className="admin-conversation-text">
        <Link to={`/inbox/${conversation.id}`}>
          #{conversation.number} {who}
        </Link>
        <span className="muted">{conversation.last_message_preview}</span>
      </div>
      <button
        type="button"
        className="button small"
        disabled={takeover.isPending}
        aria-label={t("admin.takeover.oneLabel", { number: conversation.number })}
        onClick={() => takeover.mutate()}
      >
        {t("admin.takeover.one")}
      </button>
    </li>
  );
}
