// Inboxes: every channel customers write in through; add one or open one to edit.
import { Link } from "react-router";
import { useT } from "../../i18n";
import { useInboxes } from "../api";
import { AdminTable, ListState, PanelHeader } from "../parts";

export function InboxesPanel() {
  const t = useT();
  const query = useInboxes();
  return (
    <section aria-labelledby="admin-inboxes-title">
      <PanelHeader title={t("admin.inboxes.title")} id="admin-inboxes-title">
        <Link to="/admin/inboxes/new" className="button primary">
          {t("admin.inboxes.add")}
        </Link>
      </PanelHeader>
      <ListState query={query} empty={t("admin.inboxes.empty")}>
        {(inboxes) => (
          <AdminTable caption={t("admin.inboxes.title")} headers={[t("admin.inboxes.fields.name"), t("admin.inboxes.fields.channel"), t("admin.inboxes.fields.bot_enabled"), t("admin.users.status")]}>
            {inboxes.map((inbox) => (
              <tr key={inbox.id} className={inbox.is_active ? undefined : "inactive"}>
                <th scope="row">{inbox.name}</th>
                <td>{t(`admin.channels.${inbox.channel}`)}</td>
                <td>{inbox.bot_enabled ? t("admin.yes") : t("admin.no")}</td>
                <td>{inbox.is_active ? t("admin.users.active") : t("admin.users.inactive")}</td>
                <td className="admin-row-actions">
                  <Link
                    to={`/admin/inboxes/${inbox.id}`}
                    className="button small"
                    aria-label={t("admin.editNamed", { name: inbox.name })}
                  >
                    {t("common.edit")}
                  </Link>
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </ListState>
    </section>
  );
}
