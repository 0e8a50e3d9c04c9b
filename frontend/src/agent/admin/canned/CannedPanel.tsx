// Canned responses: shared ones for everyone and the admin's personal ones.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { useToast } from "../../ui/Toasts";
import { adminKeys, dropItem, useCannedResponses } from "../api";
import { AdminTable, ConfirmDialog, EditDeleteCell, ListState, PanelHeader } from "../parts";
import { CannedForm } from "./CannedForm";

type Canned = Schemas["CannedResponse"];

export function CannedPanel() {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const query = useCannedResponses();
  const [editing, setEditing] = useState<{ canned?: Canned } | null>(null);
  const [deleting, setDeleting] = useState<Canned | null>(null);
  const remove = useMutation({
    mutationFn: (canned: Canned) =>
      unwrap(api.DELETE("/api/v1/canned-responses/{response_id}", { params: { path: { response_id: canned.id } } })),
    onSuccess: (_, canned) => {
      dropItem(client, adminKeys.canned, canned.id);
      toast(t("admin.canned.deleted", { shortcut: canned.shortcut }));
    },
  });
  return (
    <section aria-labelledby="admin-canned-title">
      <PanelHeader title={t("admin.canned.title")} id="admin-canned-title">
        <button type="button" className="button primary" onClick={() => setEditing({})}>
          {t("admin.canned.add")}
        </button>
      </PanelHeader>
      <ListState query={query} empty={t("admin.canned.empty")}>
        {(responses) => (
          <AdminTable caption={t("admin.canned.title")} headers={[t("admin.canned.shortcut"), t("admin.canned.text"), t("admin.canned.scope")]}>
            {responses.map((canned) => (
              <tr key={canned.id}>
                <th scope="row">
                  <code>/{canned.shortcut}</code>
                </th>
                <td className="admin-clip">{canned.text}</td>
                <td>{canned.shared ? t("admin.canned.shared") : t("admin.canned.personal")}</td>
                <EditDeleteCell name={canned.shortcut} onEdit={() => setEditing({ canned })} onDelete={() => setDeleting(canned)} />
              </tr>
            ))}
          </AdminTable>
        )}
      </ListState>
      {editing ? <CannedForm canned={editing.canned} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title={t("admin.canned.deleteTitle", { shortcut: deleting?.shortcut ?? "" })}
        description={t("admin.canned.deleteDescription")}
        confirm={t("common.delete")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : Promise.resolve())}
      />
    </section>
  );
}
