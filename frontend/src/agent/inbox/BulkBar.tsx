// Actions on the selected conversations at once (POST /conversations/bulk).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi } from "../context";
import { useT } from "../i18n";
import { Menu } from "../ui/Menu";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { HandlerDialog } from "./HandlerDialog";
import { keys, useLabels } from "./queries";

type Bulk = Schemas["BulkRequest"];

export function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const toast = useToast();
  const client = useQueryClient();
  const labels = useLabels();
  const [dialog, setDialog] = useState<"assign" | "transfer" | null>(null);
  const run = useMutation({
    mutationFn: (body: Omit<Bulk, "conversation_ids">) =>
      unwrap(api.POST("/api/v1/conversations/bulk", { body: { ...body, conversation_ids: ids } as Bulk })),
    onSuccess: (result) => {
      toast(t("inbox.bulk.done", { count: result.updated }));
      void client.invalidateQueries({ queryKey: keys.lists });
      onDone();
    },
    onError: (error) => toast(problemText(error), { tone: "error" }),
  });
  const status = (value: Schemas["ConversationStatus"]) => () => run.mutate({ action: "status", status: value } as never);
  return (
    <div className="bulk-bar" role="region" aria-label={t("inbox.bulk.label")}>
      <span>{t("inbox.bulk.selected", { count: ids.length })}</span>
      <button type="button" className="button small" onClick={status("closed")}>
        {t("inbox.action.close")}
      </button>
      <button type="button" className="button small" onClick={status("open")}>
        {t("inbox.action.reopen")}
      </button>
      <button type="button" className="button small" onClick={() => setDialog("assign")}>
        {t("inbox.action.assign")}
      </button>
      <button type="button" className="button small" onClick={() => setDialog("transfer")}>
        {t("inbox.action.transfer")}
      </button>
      <Menu
        label={t("inbox.action.labels")}
        trigger={t("inbox.action.labels")}
        items={(labels.data ?? []).flatMap((label) => [
          { label: t("inbox.bulk.addLabel", { name: label.name }), onSelect: () => run.mutate({ action: "add_labels", label_ids: [label.id] } as never) },
          { label: t("inbox.bulk.removeLabel", { name: label.name }), onSelect: () => run.mutate({ action: "remove_labels", label_ids: [label.id] } as never) },
        ])}
      />
      <button type="button" className="button small" onClick={onDone}>
        {t("common.cancel")}
      </button>
      {dialog ? (
        <HandlerDialog
          mode={dialog}
          onClose={() => setDialog(null)}
          onSubmit={async (target) => {
            await run.mutateAsync({ action: dialog, ...target } as never);
          }}
        />
      ) : null}
    </div>
  );
}
