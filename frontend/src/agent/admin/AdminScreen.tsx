// The admin area: a sub-navigation and one nested route per part of the account.
import { NavLink, Navigate, Route, Routes } from "react-router";
import { useT, type MessageKey } from "../i18n";
import "./admin.css";
import { CannedPanel } from "./canned/CannedPanel";
import { InboxPage } from "./inboxes/InboxPage";
import { InboxesPanel } from "./inboxes/InboxesPanel";
import { LabelsPanel } from "./labels/LabelsPanel";
import { OverviewPanel } from "./overview/OverviewPanel";
import { SchedulesPanel } from "./schedules/SchedulesPanel";
import { TeamsPanel } from "./teams/TeamsPanel";
import { TokensPanel } from "./tokens/TokensPanel";
import { UsersPanel } from "./users/UsersPanel";

const SECTIONS: { path: string; label: MessageKey }[] = [
  { path: "overview", label: "admin.nav.overview" },
  { path: "users", label: "admin.nav.users" },
  { path: "teams", label: "admin.nav.teams" },
  { path: "schedules", label: "admin.nav.schedules" },
  { path: "inboxes", label: "admin.nav.inboxes" },
  { path: "labels", label: "admin.nav.labels" },
  { path: "canned-responses", label: "admin.nav.canned" },
  { path: "api-tokens", label: "admin.nav.tokens" },
];

export function AdminScreen() {
  const t = useT();
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t("admin.nav.label")}>
        <h1>{t("admin.title")}</h1>
        {SECTIONS.map((section) => (
          <NavLink key={section.path} to={`/admin/${section.path}`} className="admin-nav-link">
            {t(section.label)}
          </NavLink>
        ))}
      </nav>
      <main className="admin-main">
        <Routes>
          <Route index element={<Navigate to="overview" replace />} />
          <Route path="overview" element={<OverviewPanel />} />
          <Route path="users" element={<UsersPanel />} />
          <Route path="teams" element={<TeamsPanel />} />
          <Route path="schedules/:userId?" element={<SchedulesPanel />} />
          <Route path="inboxes" element={<InboxesPanel />} />
          <Route path="inboxes/:inboxId" element={<InboxPage />} />
          <Route path="labels" element={<LabelsPanel />} />
          <Route path="canned-responses" element={<CannedPanel />} />
          <Route path="api-tokens" element={<TokensPanel />} />
          <Route path="*" element={<Navigate to="/admin/overview" replace />} />
        </Routes>
      </main>
    </div>
  );
}
