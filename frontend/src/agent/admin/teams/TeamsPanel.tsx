// Teams: their routing mode and members; add, edit, delete.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { useToast } from "../../ui/Toasts";
import { adminKeys, dropItem, useTeams, type Team } from "../api";
import { AdminTable, ConfirmDialog, EditDeleteCell, ListState, PanelHeader } from "../parts";
import { TeamForm } from "./TeamForm";

export function TeamsPanel() {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const query = useTeams();
  const [editing, setEditing] = useState<{ team?: Team } | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const remove = useMutation({
    mutationFn: (team: Team) => unwrap(api.DELETE("/api/v1/teams/{team_id}", { params: { path: { team_id: team.id } } })),
    onSuccess: (_, team) => {
      dropItem(client, adminKeys.teams, team.id);
      void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true });
      toast(t("admin.teams.deleted", { name: team.name }));
    },
  });
  return (
    <section aria-labelledby="admin-teams-title">
      <PanelHeader title={t("admin.teams.title")} id="admin-teams-title">
        <button type="button" className="button primary" onClick={() => setEditing({})}>
          {t("admin.teams.add")}
        </button>
      </PanelHeader>
      <ListState query={query} empty={t("admin.teams.empty")}>
        {(teams) => (
          <AdminTable caption={t("admin.teams.title")} headers={[t("admin.teams.name"), t("admin.teams.routing"), t("admin.teams.members")]}>
            {teams.map((team) => (
              <tr key={team.id}>
                <th scope="row">
                  {team.name}
                  {team.description ? <div className="muted">{team.description}</div> : null}
                </th>
                <td>{t(`admin.routing.${team.routing_mode}`)}</td>
                <td>
                  {team.members.length ? (
                    <span className="admin-chips">
                      {team.members.map((member) => (
                        <span key={member.id} className="chip">
                          {member.name}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="muted">{t("admin.teams.noMembers")}</span>
                  )}
                </td>
                <EditDeleteCell name={team.name} onEdit={() => setEditing({ team })} onDelete={() => setDeleting(team)} />
              </tr>
            ))}
          </AdminTable>
        )}
      </ListState>
      {editing ? <TeamForm team={editing.team} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title={t("admin.teams.deleteTitle", { name: deleting?.name ?? "" })}
        description={t("admin.teams.deleteDescription")}
        confirm={t("common.delete")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : Promise.resolve())}
      />
    </section>
  );
}
