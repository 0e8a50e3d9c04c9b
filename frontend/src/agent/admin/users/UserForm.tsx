// Add a staff member or change one: every field's error from a 422 (or the e-mail's
// conflict) shows next to that field.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi, useMe } from "../../context";
import { useT } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { useToast } from "../../ui/Toasts";
import { adminKeys, storeItem, type User } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { useUpdateUser } from "../mutations";
import { FormActions, FormError } from "../parts";
import { AVAILABILITIES, ROLES } from "./options";

const CONFLICTS = { "email-taken": "email" };

interface Props {
  /** The user to edit; none to add one. */
  user?: User;
  onClose: () => void;
}

export function UserForm({ user, onClose }: Props) {
  const t = useT();
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={user ? t("admin.users.editTitle", { name: user.name }) : t("admin.users.createTitle")}
    >
      {user ? <EditUser user={user} onClose={onClose} /> : <CreateUser onClose={onClose} />}
    </Dialog>
  );
}

function CreateUser({ onClose }: { onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<Schemas["UserCreate"]>({
    name: "",
    email: "",
    password: "",
    role: "agent",
    max_concurrent: 5,
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const create = useMutation({
    mutationFn: (body: Schemas["UserCreate"]) => unwrap(api.POST("/api/v1/users", { body })),
    onSuccess: (user) => {
      storeItem(client, adminKeys.users, user);
      void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true });
      toast(t("admin.users.created", { name: user.name }));
      onClose();
    },
    onError: (error) => setErrors(formErrors(error, CONFLICTS)),
  });
  const set = <K extends keyof Schemas["UserCreate"]>(key: K, value: Schemas["UserCreate"][K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    create.mutate(form);
  }
  return (
    <form onSubmit={submit} noValidate>
      <Field label={t("admin.users.name")} error={errors.fields.name}>
        <input className="input" value={form.name} onChange={(event) => set("name", event.target.value)} />
      </Field>
      <Field label={t("admin.users.email")} error={errors.fields.email}>
        <input
          className="input"
          type="email"
          autoComplete="off"
          value={form.email}
          onChange={(event) => set("email", event.target.value)}
        />
      </Field>
      <Field label={t("admin.users.password")} hint={t("admin.users.passwordHint")} error={errors.fields.password}>
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(event) => set("password", event.target.value)}
        />
      </Field>
      <Field label={t("admin.users.role")} error={errors.fields.role}>
        <select
          className="input"
          value={form.role}
          onChange={(event) => set("role", event.target.value as "admin" | "agent")}
        >
          <option value="agent">{t("admin.roles.agent")}</option>
          <option value="admin">{t("admin.roles.admin")}</option>
        </select>
      </Field>
      <CapacityField value={form.max_concurrent ?? 0} error={errors.fields.max_concurrent} onChange={(value) => set("max_concurrent", value)} />
      <FormError message={errors.general} />
      <FormActions busy={create.isPending} submit={t("admin.users.create")} onCancel={onClose} />
    </form>
  );
}

function EditUser({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const me = useMe();
  const toast = useToast();
  const update = useUpdateUser();
  const [form, setForm] = useState({
    name: user.name,
    role: user.role,
    max_concurrent: user.max_concurrent,
    auto_assign: user.auto_assign,
    availability: user.availability,
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  // Only the owner hands ownership on; the owner's own role changes only that way.
  const roles = ROLES.filter((role) => role !== "owner" || me.role === "owner");
  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    // Only what changed: sending the owner's own role again would read as a handover.
    const change = Object.fromEntries(
      Object.entries(form).filter(([key, value]) => user[key as keyof typeof form] !== value),
    ) as Schemas["UserUpdate"];
    if (!Object.keys(change).length) {
      onClose();
      return;
    }
    update.mutate(
      { id: user.id, change },
      {
        onSuccess: (saved) => {
          toast(t("admin.users.saved", { name: saved.name }));
          onClose();
        },
        onError: (error) => setErrors(formErrors(error)),
      },
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Field label={t("admin.users.name")} error={errors.fields.name}>
        <input className="input" value={form.name} onChange={(event) => set("name", event.target.value)} />
      </Field>
      <Field label={t("admin.users.role")} hint={t("admin.users.roleHint")} error={errors.fields.role}>
        <select
          className="input"
          value={form.role}
          disabled={user.role === "owner"}
          onChange={(event) => set("role", event.target.value as Schemas["Role"])}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`admin.roles.${role}`)}
            </option>
          ))}
        </select>
      </Field>
      <CapacityField value={form.max_concurrent} error={errors.fields.max_concurrent} onChange={(value) => set("max_concurrent", value)} />
      <Field label={t("admin.users.availability")} error={errors.fields.availability}>
        <select
          className="input"
          value={form.availability}
          onChange={(event) => set("availability", event.target.value as Schemas["Availability"])}
        >
          {AVAILABILITIES.map((availability) => (
            <option key={availability} value={availability}>
              {t(`admin.availability.${availability}`)}
            </option>
          ))}
        </select>
      </Field>
      {form.role !== "agent" ? (
        <label className="admin-check">
          <input type="checkbox" checked={form.auto_assign} onChange={(event) => set("auto_assign", event.target.checked)} />
          {t("admin.users.autoAssign")}
        </label>
      ) : null}
      <FormError message={errors.general} />
      <FormActions busy={update.isPending} submit={t("common.save")} onCancel={onClose} />
    </form>
  );
}

function CapacityField({ value, error, onChange }: { value: number; error?: string; onChange: (value: number) => void }) {
  const t = useT();
  return (
    <Field label={t("admin.users.capacity")} hint={t("admin.users.capacityHint")} error={error}>
      <input
        className="input"
        type="number"
        min={0}
        max={1000}
        value={Number.isNaN(value) ? "" : value}
        onChange={(event) => onChange(event.target.valueAsNumber)}
      />
    </Field>
  );
}
