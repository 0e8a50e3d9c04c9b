// An inbox's settings: name, channel (when adding), what customers are told, where new
// conversations go, the bot and the working hours.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { unwrap } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Field } from "../../ui/Field";
import { useToast } from "../../ui/Toasts";
import { adminKeys, storeItem, useTeams, type Inbox } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { FormError } from "../parts";
import { defaultHours, HoursEditor, hoursErrors } from "../schedules/HoursEditor";
import { changesOf, CHANNELS, createOf, draftOf, WIDGET_LANGUAGES, type Draft } from "./draft";

export function InboxForm({ inbox }: { inbox?: Inbox }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const teams = useTeams();
  const [draft, setDraft] = useState<Draft>(() => draftOf(inbox));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [hourErrors, setHourErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const save = useMutation({
    mutationFn: (draft: Draft) =>
      inbox
        ? unwrap(api.PATCH("/api/v1/inboxes/{inbox_id}", { params: { path: { inbox_id: inbox.id } }, body: changesOf(draft) }))
        : unwrap(api.POST("/api/v1/inboxes", { body: createOf(draft) })),
    onSuccess: (saved) => {
      storeItem(client, adminKeys.inboxes, saved);
      toast(t(inbox ? "admin.inboxes.saved" : "admin.inboxes.created", { name: saved.name }));
      if (!inbox) void navigate(`/admin/inboxes/${saved.id}`, { replace: true });
    },
    onError: (error) => {
      setErrors(formErrors(error));
      setHourErrors(hoursErrors(error, "working_hours"));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    setHourErrors({});
    save.mutate(draft);
  }

  const text = (key: "greeting" | "auto_reply" | "away_message", rows: number) => (
    <Field label={t(`admin.inboxes.fields.${key}`)} hint={t(`admin.inboxes.hints.${key}`)} error={errors.fields[key]}>
      <textarea className="input" rows={rows} value={draft[key]} onChange={(event) => set(key, event.target.value)} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate className="admin-form" aria-label={t("admin.inboxes.formLabel")}>
      <Field label={t("admin.inboxes.fields.name")} error={errors.fields.name}>
        <input className="input" value={draft.name} onChange={(event) => set("name", event.target.value)} />
      </Field>
      <Field label={t("admin.inboxes.fields.channel")} hint={inbox ? t("admin.inboxes.hints.channel") : undefined} error={errors.fields.channel}>
        <select
          className="input"
          value={draft.channel}
          disabled={Boolean(inbox)}
          onChange={(event) => set("channel", event.target.value as Draft["channel"])}
        >
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`admin.channels.${channel}`)}
            </option>
          ))}
        </select>
      </Field>
      {text("greeting", 2)}
      {text("auto_reply", 2)}
      {text("away_message", 2)}
      <Field label={t("admin.inboxes.fields.default_team_id")} hint={t("admin.inboxes.hints.default_team_id")} error={errors.fields.default_team_id}>
        <select
          className="input"
          value={draft.default_team_id ?? ""}
          onChange={(event) => set("default_team_id", event.target.value || null)}
        >
          <option value="">{t("common.none")}</option>
          {(teams.data ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </Field>
      <label className="admin-check">
        <input type="checkbox" checked={draft.bot_enabled} onChange={(event) => set("bot_enabled", event.target.checked)} />
        {t("admin.inboxes.fields.bot_enabled")}
      </label>
      <fieldset className="admin-hours">
        <legend>{t("admin.inboxes.fields.working_hours")}</legend>
        <label className="admin-check">
          <input
            type="checkbox"
            checked={draft.working_hours === null}
            onChange={(event) => set("working_hours", event.target.checked ? null : defaultHours())}
          />
          {t("admin.inboxes.alwaysOpen")}
        </label>
        {draft.working_hours ? (
          <HoursEditor value={draft.working_hours} onChange={(hours) => set("working_hours", hours)} errors={hourErrors} />
        ) : null}
      </fieldset>
      {draft.channel === "web_chat" ? (
        <fieldset className="admin-hours">
          <legend>{t("admin.inboxes.appearance")}</legend>
          <Field label={t("admin.inboxes.fields.widget_color")} error={errors.fields.widget_color}>
            <input className="input color-input" type="color" value={draft.widget_color} onChange={(event) => set("widget_color", event.target.value)} />
          </Field>
          <Field label={t("admin.inboxes.fields.widget_position")} error={errors.fields.widget_position}>
            <select className="input" value={draft.widget_position} onChange={(event) => set("widget_position", event.target.value as Draft["widget_position"])}>
              <option value="right">{t("admin.inboxes.positions.right")}</option>
              <option value="left">{t("admin.inboxes.positions.left")}</option>
            </select>
          </Field>
          <Field label={t("admin.inboxes.fields.widget_language")} error={errors.fields.widget_language}>
            <select
              className="input"
              value={draft.widget_language ?? ""}
              onChange={(event) => set("widget_language", (event.target.value || null) as Draft["widget_language"])}
            >
              <option value="">{t("admin.inboxes.browserLanguage")}</option>
              {WIDGET_LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`admin.inboxes.languages.${language}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("admin.inboxes.fields.widget_origins")} hint={t("admin.inboxes.hints.widget_origins")} error={errors.fields.widget_origins}>
            <textarea
              className="input"
              rows={3}
              placeholder="https://www.example.com"
              value={draft.widget_origins}
              onChange={(event) => set("widget_origins", event.target.value)}
            />
          </Field>
        </fieldset>
      ) : null}
      <FormError message={errors.general} />
      <div className="admin-form-actions">
        <button type="button" className="button" onClick={() => void navigate("/admin/inboxes")}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {inbox ? t("common.save") : t("common.create")}
        </button>
      </div>
    </form>
  );
}
