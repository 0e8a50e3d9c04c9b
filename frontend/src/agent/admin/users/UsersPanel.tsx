// Staff of the account: add, edit, deactivate and reactivate (a soft delete).
import { useState } from "react";
import { Link } from "react-router";
import { useMe } from "../../context";
import { useT } from "../../i18n";
import { useToast } from "../../ui/Toasts";
import { useUsers, type User } from "../api";
import { useUpdateUser } from "../mutations";
import { AdminTable, ConfirmDialog, ListState, PanelHeader } from "../parts";
import { useDeactivateUser } from "./deactivate";
import { useUsersLive } from "./live";
import { UserForm } from "./UserForm";

type Editing = { user?: User } | null;

export function UsersPanel() {
  const t = useT();
  const query = useUsers();
  useUsersLive();
  const [editing, setEditing] = useState<Editing>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const deactivate = useDeactivateUser();
  const toast = useToast();
  return (
    <section aria-labelledby="admin-users-title">
      <PanelHeader title={t("admin.users.title")} id="admin-users-title">
        <button type="button" className="button primary" onClick={() => setEditing({})}>
          {t("admin.users.add")}
        </button>
      </PanelHeader>
      <ListState query={query} empty={t("admin.users.empty")}>
        {(users) => (
          <AdminTable caption={t("admin.users.title")} headers={[t("admin.users.name"), t("admin.users.email"), t("admin.users.role"), t("admin.users.availability"), t("admin.users.capacity"), t("admin.users.status")]}>
            {users.map((user) => (
              <UserRow key={user.id} user={user} onEdit={() => setEditing({ user })} onDeactivate={() => setDeactivating(user)} />
            ))}
          </AdminTable>
        )}
      </ListState>
      {editing ? <UserForm user={editing.user} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deactivating !== null}
        onOpenChange={(open) => (open ? undefined : setDeactivating(null))}
        title={t("admin.users.deactivateTitle", { name: deactivating?.name ?? "" })}
        description={t("admin.users.deactivateDescription")}
        confirm={t("admin.users.deactivate")}
        onConfirm={async () => {
          if (!deactivating) return;
          const user = await deactivate.mutateAsync(deactivating.id);
          toast(t("admin.users.deactivated", { name: user.name }));
        }}
      />
    </section>
  );
}

function UserRow({ user, onEdit, onDeactivate }: { user: User; onEdit: () => void; onDeactivate: () => void }) {
  const t = useT();
  const me = useMe();
  const toast = useToast();
  const update = useUpdateUser();
  function reactivate() {
    update.mutate(
      { id: user.id, change: { is_active: true } },
      {
        onSuccess: (saved) => toast(t("admin.users.reactivated", { name: saved.name })),
        onError: () => toast(t("admin.users.reactivateFailed", { name: user.name }), { tone: "error" }),
      },
    );
  }
  return (
    <tr className={user.is_active ? undefined : "inactive"}>
      <th scope="row">{user.name}</th>
      <td>{user.email}</td>
      <td>{t(`admin.roles.${user.role}`)}</td>
      <td>
        <span className={`availability ${user.availability}`}>{t(`admin.availability.${user.availability}`)}</span>
      </td>
      <td>{user.max_concurrent}</td>
      <td>{user.is_active ? t("admin.users.active") : t("admin.users.inactive")}</td>
      <td className="admin-row-actions">
        <button type="button" className="button small" aria-label={t("admin.editNamed", { name: user.name })} onClick={onEdit}>
          {t("common.edit")}
        </button>
        <Link className="button small" to={`/admin/schedules/${user.id}`} aria-label={t("admin.users.scheduleOf", { name: user.name })}>
          {t("admin.users.schedule")}
        </Link>
        {user.is_active ? (
          <button
            type="button"
            className="button small danger"
            disabled={user.id === me.id || user.role === "owner"}
            aria-label={t("admin.users.deactivateNamed", { name: user.name })}
            onClick={onDeactivate}
          >
            {t("admin.users.deactivate")}
          </button>
        ) : (
          <button
            type="button"
            className="button small"
            aria-label={t("admin.users.reactivateNamed", { name: user.name })}
            disabled={update.isPending}
            onClick={reactivate}
          >
            {t("admin.users.reactivate")}
          </button>
        )}
      </td>
    </tr>
  );
}
