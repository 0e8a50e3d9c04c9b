// Hand all of an absent agent's open conversations to a colleague or a team, then show
// what became of each one (assigned, queued with its position, or left unassigned).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { Combobox } from "../../ui/Combobox";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { useToast } from "../../ui/Toasts";
import { adminKeys, useTeams, type AgentLoad } from "../api";
import { formErrors, NO_ERRORS, type FormErrors } from "../formErrors";
import { ComboField, FormError } from "../parts";

type Target = "user" | "team";
type Result = Schemas["HandoverResult"];

interface Props {
  agent: AgentLoad;
  agents: AgentLoad[];
  onClose: () => void;
}

export function HandoverDialog({ agent, agents, onClose }: Props) {
  const t = useT();
  const [result, setResult] = useState<Result | null>(null);
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t("admin.handover.title", { name: agent.name })}
      description={t("admin.handover.description", { count: agent.open })}
    >
      {result ? (
        <HandoverOutcomes result={result} agents={agents} onClose={onClose} />
      ) : (
        <HandoverForm agent={agent} agents={agents} onDone={setResult} onCancel={onClose} />
      )}
    </Dialog>
  );
}

function HandoverForm({
  agent,
  agents,
  onDone,
  onCancel,
}: {
  agent: AgentLoad;
  agents: AgentLoad[];
  onDone: (result: Result) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const teams = useTeams();
  const [target, setTarget] = useState<Target>("user");
  const [userId, setUserId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [force, setForce] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const handover = useMutation({
    mutationFn: (body: Schemas["HandoverRequest"]) =>
      unwrap(api.POST("/api/v1/users/{user_id}/handover", { params: { path: { user_id: agent.id } }, body })),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true });
      void client.invalidateQueries({ queryKey: adminKeys.userConversations(agent.id), exact: true });
      toast(t("admin.handover.done", { count: result.conversations.length }));
      onDone(result);
    },
    onError: (error) => setErrors(formErrors(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = target === "user" ? userId : teamId;
    if (!chosen) {
      setErrors({ fields: { [`${target}_id`]: t("admin.handover.chooseTarget") }, general: null });
      return;
    }
    setErrors(NO_ERRORS);
    handover.mutate(target === "user" ? { user_id: chosen, note, force } : { team_id: chosen, note, force: false });
  }

  const colleagues = agents
    .filter((other) => other.id !== agent.id)
    .map((other) => ({
      value: other.id,
      label: other.name,
      hint: `${t(`admin.availability.${other.availability}`)} · ${other.open + other.snoozed}/${other.max_concurrent}`,
    }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));

  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="admin-choice">
        <legend>{t("admin.handover.to")}</legend>
        <label>
          <input type="radio" name="target" checked={target === "user"} onChange={() => setTarget("user")} />
          {t("admin.handover.toColleague")}
        </label>
        <label>
          <input type="radio" name="target" checked={target === "team"} onChange={() => setTarget("team")} />
          {t("admin.handover.toTeam")}
        </label>
      </fieldset>
      {target === "user" ? (
        <ComboField label={t("admin.handover.colleague")} error={errors.fields.user_id}>
          <Combobox
            label={t("admin.handover.colleague")}
            placeholder={t("admin.handover.pickColleague")}
            options={colleagues}
            value={userId}
            onChange={setUserId}
            empty={t("admin.handover.noColleagues")}
          />
        </ComboField>
      ) : (
        <ComboField label={t("admin.handover.team")} error={errors.fields.team_id}>
          <Combobox
            label={t("admin.handover.team")}
            placeholder={t("admin.handover.pickTeam")}
            options={teamOptions}
            value={teamId}
            onChange={setTeamId}
            empty={t("admin.handover.noTeams")}
          />
        </ComboField>
      )}
      <Field label={t("admin.handover.note")} hint={t("admin.handover.noteHint")} error={errors.fields.note}>
        <textarea className="input" rows={3} value={note} required onChange={(event) => setNote(event.target.value)} />
      </Field>
      {target === "user" ? (
        <label className="admin-check">
          <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
          {t("admin.handover.force")}
        </label>
      ) : null}
      <FormError message={errors.general} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button primary" disabled={handover.isPending}>
          {t("admin.handover.submit")}
        </button>
      </div>
    </form>
  );
}

function HandoverOutcomes({ result, agents, onClose }: { result: Result; agents: AgentLoad[]; onClose: () => void }) {
  const t = useT();
  const teams = useTeams();
  const nameOf = (id: string | null) => agents.find((agent) => agent.id === id)?.name ?? "";
  const teamOf = (id: string | null) => teams.data?.find((team) => team.id === id)?.name ?? "";
  return (
    <>
      {result.conversations.length ? (
        <ul className="admin-outcomes" aria-label={t("admin.handover.outcomes")}>
          {result.conversations.map((item) => (
            <li key={item.conversation_id}>
              <strong>#{item.number}</strong>{" "}
              {item.outcome === "assigned"
                ? t("admin.handover.assigned", { name: nameOf(item.assignee_id) })
                : item.outcome === "queued"
                  ? t("admin.handover.queued", { team: teamOf(item.team_id), position: item.queue_position ?? "–" })
                  : t("admin.handover.unassigned")}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("admin.handover.nothing")}</p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </>
  );
}
