// Labels: name, colour and description; add, edit, delete.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { useToast } from "../../ui/Toasts";
import { adminKeys, dropItem, useLabels } from "../api";
import { ConfirmDialog, ListState, PanelHeader } from "../parts";
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
          <table className="table admin-table">
            <caption className="visually-hidden">{t("admin.labels.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.labels.name")}</th>
                <th scope="col">{t("admin.labels.description")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("admin.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {labels.map((label) => (
                <tr key={label.id}>
                  <th scope="row">
                    <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
                    {label.name}
                  </th>
                  <td>{label.description}</td>
                  <td className="admin-row-actions">
                    <button
                      type="button"
                      className="button small"
                      aria-label={t("admin.editNamed", { name: label.name })}
                      onClick={() => setEditing({ label })}
                    >
                      {t("common.edit")}
                    </button>
                    <button
                      type="button"
                      className="button small danger"
                      aria-label={t("admin.deleteNamed", { name: label.name })}
                      onClick={() => setDeleting(label)}
                    >
                      {t("common.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
