// Choose who handles a conversation: assign, transfer or escalate. A transfer and an
// escalation need a note; each person shows their availability and load against capacity.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi, useMe } from "../context";
import { useT } from "../i18n";
import { Combobox, type Option } from "../ui/Combobox";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { problemText } from "../ui/problem";
import { keys, useTeams, useUsers } from "./queries";

export type HandlerMode = "assign" | "transfer" | "escalate";

export interface HandlerTarget {
  user_id?: string;
  team_id?: string;
  bot?: boolean;
  note?: string;
  force?: boolean;
  priority?: Schemas["Priority"];
}

interface Props {
  mode: HandlerMode;
  onClose: () => void;
  onSubmit: (target: HandlerTarget) => Promise<unknown>;
}

export function HandlerDialog({ mode, onClose, onSubmit }: Props) {
  const t = useT();
  const me = useMe();
  const api = useApi();
  const isAdmin = me.role === "owner" || me.role === "admin";
  const users = useUsers();
  const teams = useTeams();
  const load = useQuery({
    queryKey: keys.loads,
    queryFn: () => unwrap(api.GET("/api/v1/overview/load")),
    staleTime: 0,
  });
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [force, setForce] = useState(false);
  const [priority, setPriority] = useState<Schemas["Priority"]>("high");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loads = new Map(load.data?.items.map((colleague) => [colleague.id, colleague]) ?? []);
  const options: Option[] = [
    ...(mode === "assign" ? [{ value: "bot", label: t("inbox.handler.bot") }] : []),
    ...(teams.data ?? []).map((team) => ({ value: `team:${team.id}`, label: t("inbox.handler.team", { name: team.name }) })),
    ...(users.data ?? [])
      .filter((user) => user.is_active)
      .map((user) => {
        const agent = loads.get(user.id);
        const availability = t(`inbox.availability.${user.availability}`);
        return {
          value: `user:${user.id}`,
          label: user.id === me.id ? t("inbox.handler.me", { name: user.name }) : user.name,
          hint: agent ? `${availability} · ${t("inbox.handler.load", { load: agent.load, max: agent.max_concurrent })}` : availability,
        };
      }),
  ];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return setError(t("inbox.handler.pick"));
    if (mode !== "assign" && !note.trim()) return setError(t("inbox.handler.noteRequired"));
    const chosen: HandlerTarget =
      target === "bot" ? { bot: true } : target.startsWith("team:") ? { team_id: target.slice(5) } : { user_id: target.slice(5) };
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        ...chosen,
        ...(note.trim() && { note: note.trim() }),
        ...(mode === "assign" && force && { force }),
        ...(mode === "escalate" && { priority }),
      });
      onClose();
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t(`inbox.handler.title.${mode}`)} description={t(`inbox.handler.help.${mode}`)}>
      <form onSubmit={submit}>
        <div className="field">
          <span className="field-label">{t("inbox.handler.to")}</span>
          <Combobox label={t("inbox.handler.to")} placeholder={t("inbox.handler.search")} options={options} value={target} onChange={setTarget} empty={t("inbox.handler.nobody")} />
        </div>
        <Field label={mode === "assign" ? t("inbox.handler.noteOptional") : t("inbox.handler.note")}>
          <textarea className="input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} aria-required={mode !== "assign"} />
        </Field>
        {mode === "escalate" ? (
          <Field label={t("inbox.handler.priority")}>
            <select className="input" value={priority} onChange={(e) => setPriority(e.target.value as Schemas["Priority"])}>
              {(["medium", "high", "urgent"] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`inbox.priority.${p}`)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {mode === "assign" && isAdmin ? (
          <label className="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            {t("inbox.handler.force")}
          </label>
        ) : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <FormActions onCancel={onClose} busy={busy} submit={t(`inbox.action.${mode}`)} />
      </form>
    </Dialog>
  );
}
