// A canned response: its shortcut and its text, with buttons that insert the variables
// the server fills in when an agent uses it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { useToast } from "../../ui/Toasts";
import { adminKeys, storeItem } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { FormActions, FormError } from "../parts";

type Canned = Schemas["CannedResponse"];
const CONFLICTS = { "shortcut-taken": "shortcut" };

/** The variables of the canned-responses schema, written `{{name}}` in the text. */
export const VARIABLES = [
  "contact.name",
  "contact.email",
  "contact.phone",
  "agent.name",
  "agent.email",
  "conversation.number",
  "inbox.name",
  "account.name",
] as const;

export function CannedForm({ canned, onClose }: { canned?: Canned; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const text = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState({ shortcut: canned?.shortcut ?? "", text: canned?.text ?? "", shared: canned?.shared ?? true });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const save = useMutation({
    mutationFn: ({ shortcut, text, shared }: typeof draft) =>
      canned
        ? unwrap(
            api.PATCH("/api/v1/canned-responses/{response_id}", {
              params: { path: { response_id: canned.id } },
              body: { shortcut, text },
            }),
          )
        : unwrap(api.POST("/api/v1/canned-responses", { body: { shortcut, text, shared } })),
    onSuccess: (saved) => {
      storeItem(client, adminKeys.canned, saved);
      toast(t(canned ? "admin.canned.saved" : "admin.canned.created", { shortcut: saved.shortcut }));
      onClose();
    },
    onError: (error) => setErrors(formErrors(error, CONFLICTS)),
  });

  function insert(variable: string) {
    const token = `{{${variable}}}`;
    const area = text.current;
    const start = area?.selectionStart ?? draft.text.length;
    const end = area?.selectionEnd ?? draft.text.length;
    setDraft((current) => ({ ...current, text: current.text.slice(0, start) + token + current.text.slice(end) }));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    save.mutate(draft);
  }
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={canned ? t("admin.canned.editTitle", { shortcut: canned.shortcut }) : t("admin.canned.createTitle")}
    >
      <form onSubmit={submit} noValidate>
        <Field label={t("admin.canned.shortcut")} hint={t("admin.canned.shortcutHint")} error={errors.fields.shortcut}>
          <input className="input" value={draft.shortcut} onChange={(event) => setDraft({ ...draft, shortcut: event.target.value })} />
        </Field>
        <Field label={t("admin.canned.text")} error={errors.fields.text}>
          <textarea
            ref={text}
            className="input"
            rows={5}
            value={draft.text}
            onChange={(event) => setDraft({ ...draft, text: event.target.value })}
          />
        </Field>
        <div className="admin-variables" role="group" aria-label={t("admin.canned.variables")}>
          <span className="muted" aria-hidden="true">
            {t("admin.canned.variables")}
          </span>
          {VARIABLES.map((variable) => (
            <button
              key={variable}
              type="button"
              className="button small"
              aria-label={t("admin.canned.insert", { variable: `{{${variable}}}` })}
              onClick={() => insert(variable)}
            >
              {`{{${variable}}}`}
            </button>
          ))}
        </div>
        {canned ? null : (
          <label className="admin-check">
            <input type="checkbox" checked={draft.shared} onChange={(event) => setDraft({ ...draft, shared: event.target.checked })} />
            {t("admin.canned.sharedLabel")}
          </label>
        )}
        <FormError message={errors.general} />
        <FormActions busy={save.isPending} submit={canned ? t("common.save") : t("common.create")} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
