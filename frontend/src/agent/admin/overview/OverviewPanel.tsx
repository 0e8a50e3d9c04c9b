// Per-agent load, live: availability, open / waiting / snoozed conversations and capacity
// use, each team's queue, and per agent the actions an absence calls for.
import { useState } from "react";
import type { Schemas } from "../../../shared/api/client";
import { useI18n } from "../../i18n";
import { Menu } from "../../ui/Menu";
import { problemText } from "../../ui/problem";
import { useToast } from "../../ui/Toasts";
import { useOverview, type AgentLoad } from "../api";
import { useUpdateUser } from "../mutations";
import { AdminTable, PanelHeader, QueryState } from "../parts";
import { AVAILABILITIES } from "../users/options";
import { HandoverDialog } from "./HandoverDialog";
import { useOverviewLive } from "./live";
import { TakeOverDialog } from "./TakeOverDialog";

type Action = { kind: "handover" | "takeover"; agent: AgentLoad } | null;

export function OverviewPanel() {
  const { t } = useI18n();
  const query = useOverview();
  const [action, setAction] = useState<Action>(null);
  useOverviewLive();
  return (
    <section aria-labelledby="admin-overview-title">
      <PanelHeader title={t("admin.overview.title")} id="admin-overview-title" />
      <QueryState query={query}>
        {(overview) => (
          <>
            {overview.agents.length ? (
              <AgentsTable agents={overview.agents} onAction={setAction} />
            ) : (
              <p className="admin-empty">{t("admin.overview.empty")}</p>
            )}
            <TeamQueues teams={overview.teams} />
          </>
        )}
      </QueryState>
      {action?.kind === "handover" ? (
        <HandoverDialog agent={action.agent} agents={query.data?.agents ?? []} onClose={() => setAction(null)} />
      ) : null}
      {action?.kind === "takeover" ? <TakeOverDialog agent={action.agent} onClose={() => setAction(null)} /> : null}
    </section>
  );
}

function AgentsTable({ agents, onAction }: { agents: AgentLoad[]; onAction: (action: Action) => void }) {
  const { t } = useI18n();
  return (
    <AdminTable caption={t("admin.overview.agents")} headers={[t("admin.overview.agent"), t("admin.overview.availability"), t("admin.overview.open"), t("admin.overview.waiting"), t("admin.overview.snoozed"), t("admin.overview.capacity")]}>
      {agents.map((agent) => (
        <AgentRow key={agent.id} agent={agent} onAction={onAction} />
      ))}
    </AdminTable>
  );
}

function AgentRow({ agent, onAction }: { agent: AgentLoad; onAction: (action: Action) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const update = useUpdateUser();
  const busy = agent.open + agent.snoozed > 0;
  function setAvailability(availability: Schemas["Availability"]) {
    update.mutate(
      { id: agent.id, change: { availability } },
      {
        onSuccess: () =>
          toast(t("admin.overview.availabilitySet", { name: agent.name, availability: t(`admin.availability.${availability}`) })),
        onError: (error) => toast(problemText(error), { tone: "error" }),
      },
    );
  }
  return (
    <tr data-testid={`agent-${agent.id}`}>
      <th scope="row">
        {agent.name} <span className="muted">· {t(`admin.roles.${agent.role}`)}</span>
      </th>
      <td>
        <span className={`availability ${agent.availability}`}>{t(`admin.availability.${agent.availability}`)}</span>
      </td>
      <td>{agent.open}</td>
      <td>{agent.waiting}</td>
      <td>{agent.snoozed}</td>
      <td>
        <CapacityMeter agent={agent} />
      </td>
      <td className="admin-row-actions">
        <Menu
          label={t("admin.overview.actionsFor", { name: agent.name })}
          trigger={t("admin.actions")}
          items={[
            {
              label: t("admin.overview.handover"),
              onSelect: () => onAction({ kind: "handover", agent }),
              disabled: agent.open === 0,
            },
            { label: t("admin.overview.takeover"), onSelect: () => onAction({ kind: "takeover", agent }), disabled: !busy },
            ...AVAILABILITIES.filter((availability) => availability !== agent.availability).map((availability) => ({
              label: t(`admin.overview.setAvailability.${availability}`),
              onSelect: () => setAvailability(availability),
            })),
          ]}
        />
      </td>
    </tr>
  );
}

function CapacityMeter({ agent }: { agent: AgentLoad }) {
  const { t } = useI18n();
  const used = agent.open + agent.snoozed;
  const text = t("admin.overview.capacityOf", { used, max: agent.max_concurrent });
  if (agent.capacity_use === null) return <span className="muted">{text}</span>;
  const percent = Math.round(agent.capacity_use * 100);
  return (
    <span className="capacity">
      <meter min={0} max={1} low={0.7} high={0.99} optimum={0} value={Math.min(agent.capacity_use, 1)} aria-label={text} />
      <span>
        {text} ({percent}%)
      </span>
    </span>
  );
}

function TeamQueues({ teams }: { teams: Schemas["TeamQueue"][] }) {
  const { t } = useI18n();
  if (!teams.length) return null;
  return (
    <>
      <h3 className="admin-subtitle">{t("admin.overview.queues")}</h3>
      <table className="table admin-table">
        <caption className="visually-hidden">{t("admin.overview.queues")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.handover.team")}</th>
            <th scope="col">{t("admin.teams.routing")}</th>
            <th scope="col">{t("admin.overview.queued")}</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => (
            <tr key={team.id}>
              <th scope="row">{team.name}</th>
              <td>{t(`admin.routing.${team.routing_mode}`)}</td>
              <td>{team.queued}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
