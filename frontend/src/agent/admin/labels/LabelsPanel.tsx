// Labels: name, colour and description; add, edit, delete.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { useToast } from "../../ui/Toasts";
import { adminKeys, dropItem, useLabels } from "../api";
import { AdminTable, ConfirmDialog, EditDeleteCell, ListState, PanelHeader } from "../parts";
import { LabelForm } from "./LabelForm";

type Label = Schemas["Label"];

export function LabelsPanel() {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const query = useLabels();
  const [editing, setEditing] = useState<{ label?: Label } | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  const remove = useMutation({
    mutationFn: (label: Label) =>
      unwrap(api.DELETE("/api/v1/labels/{label_id}", { params: { path: { label_id: label.id } } })),
    onSuccess: (_, label) => {
      dropItem(client, adminKeys.labels, label.id);
      toast(t("admin.labels.deleted", { name: label.name }));
    },
  });
  return (
    <section aria-labelledby="admin-labels-title">
      <PanelHeader title={t("admin.labels.title")} id="admin-labels-title">
        <button type="button" className="button primary" onClick={() => setEditing({})}>
          {t("admin.labels.add")}
        </button>
      </PanelHeader>
      <ListState query={query} empty={t("admin.labels.empty")}>
        {(labels) => (
          <AdminTable caption={t("admin.labels.title")} headers={[t("admin.labels.name"), t("admin.labels.description")]}>
            {labels.map((label) => (
              <tr key={label.id}>
                <th scope="row">
                  <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
                  {label.name}
                </th>
                <td>{label.description}</td>
                <EditDeleteCell name={label.name} onEdit={() => setEditing({ label })} onDelete={() => setDeleting(label)} />
              </tr>
            ))}
          </AdminTable>
        )}
      </ListState>
      {editing ? <LabelForm label={editing.label} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title={t("admin.labels.deleteTitle", { name: deleting?.name ?? "" })}
        description={t("admin.labels.deleteDescription")}
        confirm={t("common.delete")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : Promise.resolve())}
      />
    </section>
  );
}
