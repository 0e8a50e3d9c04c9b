// Everything that can be done to the open conversation: its handler (assign, transfer,
// escalate, take over, back to the bot), its status (close, reopen, snooze, archive),
// labels, following, cc, unread, priority, the linked item and the routing explanation.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi, useMe } from "../context";
import { useT } from "../i18n";
import { Menu } from "../ui/Menu";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { CcDialog, LabelsDialog, LinkDialog, RoutingDialog, SnoozeDialog } from "./ConversationDialogs";
import { HandlerDialog, type HandlerMode, type HandlerTarget } from "./HandlerDialog";
import { keys, type Conversation } from "./queries";

type Dialog = HandlerMode | "snooze" | "labels" | "cc" | "link" | "routing";
const PRIORITIES: Schemas["Priority"][] = ["none", "low", "medium", "high", "urgent"];

export function ConversationActions({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const toast = useToast();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const path = { conversation_id: conversation.id };

  const act = useMutation({
    mutationFn: (work: () => Promise<unknown>) => work(),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.conversation(conversation.id) });
      void client.invalidateQueries({ queryKey: keys.timeline(conversation.id) });
    },
    onError: (error) => toast(problemText(error), { tone: "error" }),
  });
  const status = (value: Schemas["ConversationStatus"], snoozed_until: string | null = null) =>
    unwrap(api.POST("/api/v1/conversations/{conversation_id}/status", { params: { path }, body: { status: value, snoozed_until } }));
  const handler = (mode: HandlerMode) => (target: HandlerTarget) =>
    act.mutateAsync(() =>
      unwrap(api.POST(`/api/v1/conversations/{conversation_id}/${mode}`, { params: { path }, body: target as never })),
    );

  const follow = () =>
    act.mutate(async () => {
      const current = await unwrap(api.GET("/api/v1/conversations/{conversation_id}/followers", { params: { path } }));
      const user_ids = conversation.following ? current.user_ids.filter((id) => id !== me.id) : [...current.user_ids, me.id];
      await unwrap(api.PUT("/api/v1/conversations/{conversation_id}/followers", { params: { path }, body: { user_ids } }));
      void client.invalidateQueries({ queryKey: keys.lists });
    });

  const open = conversation.status === "open";
  return (
    <div className="actions" role="toolbar" aria-label={t("inbox.action.label")}>
      {conversation.assignee_id !== me.id ? (
        <button type="button" className="button small" onClick={() => act.mutate(() => unwrap(api.POST("/api/v1/conversations/{conversation_id}/takeover", { params: { path } })))}>
          {t("inbox.action.takeover")}
        </button>
      ) : null}
      {open ? (
        <button type="button" className="button small" onClick={() => act.mutate(() => status("closed"))}>
          {t("inbox.action.close")}
        </button>
      ) : (
        <button type="button" className="button small" onClick={() => act.mutate(() => status("open"))}>
          {t("inbox.action.reopen")}
        </button>
      )}
      <Menu
        label={t("inbox.action.handler")}
        trigger={t("inbox.action.handler")}
        items={[
          { label: t("inbox.action.assign"), onSelect: () => setDialog("assign") },
          { label: t("inbox.action.transfer"), onSelect: () => setDialog("transfer") },
          { label: t("inbox.action.escalate"), onSelect: () => setDialog("escalate") },
          {
            label: t("inbox.action.toBot"),
            onSelect: () => act.mutate(() => unwrap(api.POST("/api/v1/conversations/{conversation_id}/assign", { params: { path }, body: { bot: true, force: false } }))),
          },
          { label: t("inbox.action.routing"), onSelect: () => setDialog("routing") },
        ]}
      />
      <Menu
        label={t("inbox.action.more")}
        trigger={t("inbox.action.more")}
        items={[
          { label: t("inbox.action.snooze"), onSelect: () => setDialog("snooze") },
          { label: t("inbox.action.archive"), onSelect: () => act.mutate(() => status("archived")), disabled: conversation.status === "archived" },
          { label: t("inbox.action.labels"), onSelect: () => setDialog("labels") },
          { label: conversation.following ? t("inbox.action.unfollow") : t("inbox.action.follow"), onSelect: follow },
          { label: t("inbox.action.cc"), onSelect: () => setDialog("cc") },
          { label: t("inbox.action.link"), onSelect: () => setDialog("link") },
          {
            label: t("inbox.action.markUnread"),
            onSelect: () =>
              act.mutate(async () => {
                await unwrap(api.POST("/api/v1/conversations/{conversation_id}/unread", { params: { path } }));
                navigate("/inbox");
              }),
          },
          ...PRIORITIES.filter((p) => p !== conversation.priority).map((priority) => ({
            label: t("inbox.action.priority", { priority: t(`inbox.priority.${priority}`) }),
            onSelect: () => act.mutate(() => unwrap(api.PATCH("/api/v1/conversations/{conversation_id}", { params: { path }, body: { priority } }))),
          })),
        ]}
      />
      {dialog === "assign" || dialog === "transfer" || dialog === "escalate" ? (
        <HandlerDialog mode={dialog} onClose={() => setDialog(null)} onSubmit={handler(dialog)} />
      ) : null}
      {dialog === "snooze" ? <SnoozeDialog onClose={() => setDialog(null)} onSnooze={(until) => act.mutateAsync(() => status("snoozed", until))} /> : null}
      {dialog === "labels" ? <LabelsDialog conversation={conversation} onClose={() => setDialog(null)} /> : null}
      {dialog === "cc" ? <CcDialog conversationId={conversation.id} onClose={() => setDialog(null)} /> : null}
      {dialog === "link" ? <LinkDialog conversation={conversation} onClose={() => setDialog(null)} /> : null}
      {dialog === "routing" ? <RoutingDialog conversationId={conversation.id} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
