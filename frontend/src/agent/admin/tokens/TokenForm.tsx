// Create an API token; its secret is shown here once, with a copy button.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { adminKeys } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { CopyButton, FormActions, FormError } from "../parts";

export function TokenForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState<"admin" | "agent">("agent");
  const [days, setDays] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [created, setCreated] = useState<Schemas["ApiTokenCreated"] | null>(null);
  const create = useMutation({
    mutationFn: (body: Schemas["ApiTokenCreate"]) => unwrap(api.POST("/api/v1/api-tokens", { body })),
    onSuccess: (token) => {
      // The list never holds the secret.
      const { id, name, role, prefix, created_by_id, created_at, expires_at, last_used_at, revoked_at } = token;
      const listed = { id, name, role, prefix, created_by_id, created_at, expires_at, last_used_at, revoked_at };
      client.setQueryData<Schemas["ApiToken"][]>(adminKeys.tokens, (list) => (list ? [listed, ...list] : list));
      setCreated(token);
    },
    onError: (error) => setErrors(formErrors(error)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    create.mutate({ name, role, expires_in_days: days ? Number(days) : null });
  }
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={created ? t("admin.tokens.createdTitle") : t("admin.tokens.createTitle")}
      description={created ? t("admin.tokens.onlyOnce") : undefined}
    >
      {created ? (
        <>
          <pre className="admin-code" aria-label={t("admin.tokens.secret")}>
            <code>{created.token}</code>
          </pre>
          <CopyButton text={created.token} label={t("admin.tokens.copy")} />
          <div className="dialog-actions">
            <button type="button" className="button primary" onClick={onClose}>
              {t("admin.tokens.done")}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t("admin.tokens.name")} error={errors.fields.name}>
            <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <Field label={t("admin.tokens.role")} hint={t("admin.tokens.roleHint")} error={errors.fields.role}>
            <select className="input" value={role} onChange={(event) => setRole(event.target.value as "admin" | "agent")}>
              <option value="agent">{t("admin.roles.agent")}</option>
              <option value="admin">{t("admin.roles.admin")}</option>
            </select>
          </Field>
          <Field label={t("admin.tokens.expiresIn")} hint={t("admin.tokens.expiresHint")} error={errors.fields.expires_in_days}>
            <input className="input" type="number" min={1} max={3650} value={days} onChange={(event) => setDays(event.target.value)} />
          </Field>
          <FormError message={errors.general} />
          <FormActions busy={create.isPending} submit={t("common.create")} onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}
