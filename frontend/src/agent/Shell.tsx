// The frame around every screen: the navigation rail and the routed screen.
import { NavLink, Navigate, Route, Routes } from "react-router";
import { AdminScreen } from "./admin/AdminScreen";
import { TeamChatScreen } from "./chat/TeamChatScreen";
import { useMe, useServices } from "./context";
import { useT } from "./i18n";
import { InboxScreen } from "./inbox/InboxScreen";
import { MeScreen } from "./me/MeScreen";

export function Shell() {
  const t = useT();
  const me = useMe();
  const { session } = useServices();
  const isAdmin = me.role === "owner" || me.role === "admin";
  return (
    <div className="shell">
      <nav className="rail" aria-label={t("nav.main")}>
        <span className="brand" aria-hidden="true">
          H
        </span>
        <NavLink to="/inbox" className="rail-link">
          {t("nav.inbox")}
        </NavLink>
        <NavLink to="/chat" className="rail-link">
          {t("nav.teamChat")}
        </NavLink>
        {isAdmin ? (
          <NavLink to="/admin" className="rail-link">
            {t("nav.admin")}
          </NavLink>
        ) : null}
        <span className="rail-spacer" />
        <NavLink to="/me" className="rail-link">
          {t("nav.me")}
        </NavLink>
        <button type="button" className="rail-link" onClick={() => void session.logout()}>
          {t("auth.logout")}
        </button>
      </nav>
      <div className="screen">
        <Routes>
          <Route path="/" element={<Navigate to="/inbox" replace />} />
          <Route path="/inbox/:conversationId?" element={<InboxScreen />} />
          <Route path="/chat/:channelId?" element={<TeamChatScreen />} />
          <Route path="/me" element={<MeScreen />} />
          {isAdmin ? <Route path="/admin/*" element={<AdminScreen />} /> : null}
          <Route path="*" element={<Navigate to="/inbox" replace />} />
        </Routes>
      </div>
    </div>
  );
}
