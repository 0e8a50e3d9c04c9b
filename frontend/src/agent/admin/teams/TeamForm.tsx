// Add a team or change one: name, description, routing mode and its members.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { useToast } from "../../ui/Toasts";
import { adminKeys, storeItem, useUsers, type Hours, type Team } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { FormActions, FormError } from "../parts";
import { defaultHours, editableHours, HoursEditor, hoursErrors } from "../schedules/HoursEditor";
import { ROUTING_MODES } from "../users/options";

const CONFLICTS = { "team-name-taken": "name" };

interface Draft {
  name: string;
  description: string;
  routing_mode: Schemas["RoutingMode"];
  working_hours: Hours | null;
  reassign_after_minutes: number | null;
  member_ids: string[];
}

function sameMembers(team: Team, ids: string[]): boolean {
  const before = new Set(team.members.map((member) => member.id));
  return before.size === ids.length && ids.every((id) => before.has(id));
}

export function TeamForm({ team, onClose }: { team?: Team; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const [draft, setDraft] = useState<Draft>({
    name: team?.name ?? "",
    description: team?.description ?? "",
    routing_mode: team?.routing_mode ?? "round_robin",
    working_hours: team?.working_hours ? editableHours(team.working_hours) : null,
    reassign_after_minutes: team?.reassign_after_minutes ?? null,
    member_ids: team?.members.map((member) => member.id) ?? [],
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [hourErrors, setHourErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: async (draft: Draft): Promise<Team> => {
      if (!team) return unwrap(api.POST("/api/v1/teams", { body: draft }));
      const { member_ids, ...fields } = draft;
      const path = { params: { path: { team_id: team.id } } };
      const saved = await unwrap(api.PATCH("/api/v1/teams/{team_id}", { ...path, body: fields }));
      if (sameMembers(saved, member_ids)) return saved;
      return unwrap(api.PUT("/api/v1/teams/{team_id}/members", { ...path, body: { user_ids: member_ids } }));
    },
    onSuccess: (saved) => {
      storeItem(client, adminKeys.teams, saved);
      void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true });
      toast(t(team ? "admin.teams.saved" : "admin.teams.created", { name: saved.name }));
      onClose();
    },
    onError: (error) => {
      setErrors(formErrors(error, CONFLICTS));
      setHourErrors(hoursErrors(error, "working_hours"));
    },
  });

  function toggle(id: string, on: boolean) {
    setDraft((current) => ({
      ...current,
      member_ids: on ? [...current.member_ids, id] : current.member_ids.filter((other) => other !== id),
    }));
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    setHourErrors({});
    save.mutate(draft);
  }
  const candidates = (users.data ?? []).filter((user) => user.is_active || draft.member_ids.includes(user.id));

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={team ? t("admin.teams.editTitle", { name: team.name }) : t("admin.teams.createTitle")}
    >
      <form onSubmit={submit} noValidate>
        <Field label={t("admin.teams.name")} error={errors.fields.name}>
          <input className="input" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </Field>
        <Field label={t("admin.teams.description")} error={errors.fields.description}>
          <textarea
            className="input"
            rows={2}
            value={draft.description}
            onChange={(event) => setDraft({ ...draft, description: event.target.value })}
          />
        </Field>
        <Field label={t("admin.teams.routing")} hint={t("admin.teams.routingHint")} error={errors.fields.routing_mode}>
          <select
            className="input"
            value={draft.routing_mode}
            onChange={(event) => setDraft({ ...draft, routing_mode: event.target.value as Schemas["RoutingMode"] })}
          >
            {ROUTING_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`admin.routing.${mode}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t("admin.teams.reassignAfter")}
          hint={t("admin.teams.reassignHint")}
          error={errors.fields.reassign_after_minutes}
        >
          <input
            className="input"
            type="number"
            min={1}
            max={1440}
            value={draft.reassign_after_minutes ?? ""}
            onChange={(event) =>
              setDraft({ ...draft, reassign_after_minutes: event.target.value ? event.target.valueAsNumber : null })
            }
          />
        </Field>
        <fieldset className="admin-hours">
          <legend>{t("admin.teams.workingHours")}</legend>
          <label className="admin-check">
            <input
              type="checkbox"
              checked={draft.working_hours === null}
              onChange={(event) => setDraft({ ...draft, working_hours: event.target.checked ? null : defaultHours() })}
            />
            {t("admin.inboxes.alwaysOpen")}
          </label>
          {draft.working_hours ? (
            <HoursEditor
              value={draft.working_hours}
              onChange={(hours) => setDraft({ ...draft, working_hours: hours })}
              errors={hourErrors}
            />
          ) : null}
        </fieldset>
        <fieldset className="admin-members">
          <legend>{t("admin.teams.members")}</legend>
          {candidates.map((user) => (
            <label key={user.id} className="admin-check">
              <input
                type="checkbox"
                checked={draft.member_ids.includes(user.id)}
                onChange={(event) => toggle(user.id, event.target.checked)}
              />
              {user.name} <span className="muted">{user.email}</span>
            </label>
          ))}
          {errors.fields.member_ids || errors.fields.user_ids ? (
            <small className="field-error" role="alert">
              {errors.fields.member_ids ?? errors.fields.user_ids}
            </small>
          ) : null}
        </fieldset>
        <FormError message={errors.general} />
        <FormActions busy={save.isPending} submit={team ? t("common.save") : t("common.create")} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
