// My settings (/me): name, language, availability, what to be notified of, and the sound.
import { useState, type FormEvent } from "react";
import type { Schemas } from "../../shared/api/client";
import { useI18n, type Language } from "../i18n";
import { Field } from "../ui/Field";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { AVAILABILITIES } from "./AvailabilitySwitch";
import { useCurrentMe, useUpdateMe } from "./queries";
import { useSoundSetting } from "./sound";
import "./me.css";

type Preference = keyof Schemas["NotificationPreferences"];
const PREFERENCES: Preference[] = [
  "new_conversation",
  "assigned_to_me",
  "transferred_to_me",
  "new_message_in_mine",
  "team_chat",
  "email_when_unseen",
];
const LANGUAGES: { value: Language; key: "me.english" | "me.dutch"; lang: string }[] = [
  { value: "en", key: "me.english", lang: "en" },
  { value: "nl", key: "me.dutch", lang: "nl" },
];

export function MeScreen() {
  const { t, language, setLanguage } = useI18n();
  const me = useCurrentMe();
  const update = useUpdateMe();
  const toast = useToast();
  const [sound, setSound] = useSoundSetting();

  function save(body: Schemas["MeUpdate"], confirm = false) {
    update.mutate(body, {
      onSuccess: () => (confirm ? toast(t("me.saved")) : undefined),
      onError: (error) => toast(t("me.saveFailed"), { description: problemText(error), tone: "error" }),
    });
  }

  return (
    <div className="me">
      <h1>{t("me.title")}</h1>
      <div className="me-grid">
        <ProfileCard key={me.name} name={me.name} email={me.email} busy={update.isPending} onSave={(name) => save({ name }, true)} />

        <fieldset className="card me-card">
          <legend>{t("me.language")}</legend>
          {LANGUAGES.map((option) => (
            <label key={option.value} className="me-check" lang={option.lang}>
              <input type="radio" name="language" checked={language === option.value} onChange={() => setLanguage(option.value)} />
              {t(option.key)}
            </label>
          ))}
        </fieldset>

        {/* Uncontrolled, so a click shows at once; the key resets them to what the server keeps. */}
        <fieldset className="card me-card" aria-describedby="availability-help">
          <legend>{t("me.availability")}</legend>
          <p id="availability-help" className="muted">
            {t("me.availabilityHelp")}
          </p>
          {AVAILABILITIES.map((value) => (
            <label key={`${value}:${me.availability}`} className="me-check">
              <input
                type="radio"
                name="availability"
                defaultChecked={me.availability === value}
                onChange={() => save({ availability: value })}
              />
              {t(`me.${value}`)}
            </label>
          ))}
        </fieldset>

        <fieldset className="card me-card" aria-describedby="preferences-help">
          <legend>{t("me.preferences")}</legend>
          <p id="preferences-help" className="muted">
            {t("me.preferencesHelp")}
          </p>
          {PREFERENCES.map((preference) => (
            <label key={`${preference}:${String(me.notification_preferences[preference])}`} className="me-check">
              <input
                type="checkbox"
                defaultChecked={me.notification_preferences[preference] ?? true}
                onChange={(event) => save({ notification_preferences: { [preference]: event.target.checked } })}
              />
              {t(`me.prefs.${preference}`)}
            </label>
          ))}
        </fieldset>

        <fieldset className="card me-card">
          <legend>{t("me.sound")}</legend>
          <label className="me-check">
            <input type="checkbox" checked={sound} onChange={(event) => setSound(event.target.checked)} />
            {t("me.soundToggle")}
          </label>
        </fieldset>
      </div>
    </div>
  );
}

interface ProfileProps {
  name: string;
  email: string;
  busy: boolean;
  onSave: (name: string) => void;
}

function ProfileCard({ name: saved, email, busy, onSave }: ProfileProps) {
  const { t } = useI18n();
  const [name, setName] = useState(saved);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) onSave(name.trim());
  }
  return (
    <form className="card me-card" onSubmit={submit} aria-labelledby="profile-title">
      <h2 id="profile-title">{t("me.profile")}</h2>
      <Field label={t("me.name")}>
        <input className="input" value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field label={t("me.email")}>
        <input className="input" value={email} readOnly />
      </Field>
      <button type="submit" className="button primary" disabled={busy || !name.trim() || name.trim() === saved}>
        {t("me.save")}
      </button>
    </form>
  );
}
