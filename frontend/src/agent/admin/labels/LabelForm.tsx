import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { useToast } from "../../ui/Toasts";
import { adminKeys, storeItem } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { FormActions, FormError } from "../parts";

type Label = Schemas["Label"];
const CONFLICTS = { "label-name-taken": "name" };

export function LabelForm({ label, onClose }: { label?: Label; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState({
    name: label?.name ?? "",
    color: label?.color ?? "#6b7280",
    description: label?.description ?? "",
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const save = useMutation({
    mutationFn: (body: typeof draft) =>
      label
        ? unwrap(api.PATCH("/api/v1/labels/{label_id}", { params: { path: { label_id: label.id } }, body }))
        : unwrap(api.POST("/api/v1/labels", { body })),
    onSuccess: (saved) => {
      storeItem(client, adminKeys.labels, saved);
      toast(t(label ? "admin.labels.saved" : "admin.labels.created", { name: saved.name }));
      onClose();
    },
    onError: (error) => setErrors(formErrors(error, CONFLICTS)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    save.mutate(draft);
  }
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={label ? t("admin.labels.editTitle", { name: label.name }) : t("admin.labels.createTitle")}
    >
      <form onSubmit={submit} noValidate>
        <Field label={t("admin.labels.name")} error={errors.fields.name}>
          <input className="input" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </Field>
        <Field label={t("admin.labels.color")} error={errors.fields.color}>
          <input
            className="input color-input"
            type="color"
            value={draft.color}
            onChange={(event) => setDraft({ ...draft, color: event.target.value })}
          />
        </Field>
        <Field label={t("admin.labels.description")} error={errors.fields.description}>
          <textarea
            className="input"
            rows={2}
            value={draft.description}
            onChange={(event) => setDraft({ ...draft, description: event.target.value })}
          />
        </Field>
        <FormError message={errors.general} />
        <FormActions busy={save.isPending} submit={label ? t("common.save") : t("common.create")} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
