// Correct what is known of the customer: name, e-mail, phone. Only what changed is sent;
// an emptied field is cleared.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi } from "../context";
import { useT } from "../i18n";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { problemText } from "../ui/problem";
import { keys } from "./queries";

type Contact = Schemas["Contact"];
const FIELDS = ["name", "email", "phone"] as const;
type Editable = (typeof FIELDS)[number];

/** The fields whose value differs from the contact's, emptied ones as null. */
export function contactChanges(contact: Contact, draft: Record<Editable, string>): Schemas["ContactUpdate"] {
  const changes: Partial<Record<Editable, string | null>> = {};
  for (const field of FIELDS) {
    const value = draft[field].trim();
    if (value !== (contact[field] ?? "")) changes[field] = value || null;
  }
  return changes as Schemas["ContactUpdate"];
}

export function ContactDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Record<Editable, string>>({
    name: contact.name ?? "",
    email: contact.email ?? "",
    phone: contact.phone ?? "",
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH("/api/v1/contacts/{contact_id}", { params: { path: { contact_id: contact.id } }, body: contactChanges(contact, draft) })),
    onSuccess: (saved) => {
      client.setQueryData(keys.contact(contact.id), saved);
      // Lists and open conversations show the contact's name: they read it again once.
      void client.invalidateQueries({ queryKey: ["conversations"] });
      onClose();
    },
  });
  const labels: Record<Editable, string> = {
    name: t("inbox.customerPanel.name"),
    email: t("inbox.customerPanel.email"),
    phone: t("inbox.customerPanel.phone"),
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t("inbox.customerPanel.editTitle")}>
      <form onSubmit={(event: FormEvent) => (event.preventDefault(), save.mutate())}>
        {FIELDS.map((field) => (
          <Field key={field} label={labels[field]}>
            <input
              className="input"
              type={field === "email" ? "email" : field === "phone" ? "tel" : "text"}
              value={draft[field]}
              onChange={(event) => setDraft((current) => ({ ...current, [field]: event.target.value }))}
            />
          </Field>
        ))}
        {save.error ? (
          <p className="field-error" role="alert">
            {problemText(save.error)}
          </p>
        ) : null}
        <FormActions onCancel={onClose} busy={save.isPending} submit={t("common.save")} />
      </form>
    </Dialog>
  );
}
