// The frame around every screen: the navigation rail and the routed screen.
import { lazy, Suspense } from "react";
import { NavLink, Navigate, Route, Routes } from "react-router";
import { useChannels } from "./chat/queries";
import { useServices } from "./context";
import { useT } from "./i18n";
import { InboxScreen } from "./inbox/InboxScreen";
import { useNotificationAlerts } from "./me/alerts";
import { AvailabilitySwitch } from "./me/AvailabilitySwitch";
import { NotificationsButton } from "./me/NotificationsButton";
import { useCurrentMe } from "./me/queries";

// The inbox comes with the first load; the other screens are fetched when first opened.
const AdminScreen = lazy(() => import("./admin/AdminScreen").then((m) => ({ default: m.AdminScreen })));
const TeamChatScreen = lazy(() => import("./chat/TeamChatScreen").then((m) => ({ default: m.TeamChatScreen })));
const MeScreen = lazy(() => import("./me/MeScreen").then((m) => ({ default: m.MeScreen })));

export function Shell() {
  const t = useT();
  const me = useCurrentMe();
  const { session } = useServices();
  useNotificationAlerts();
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
        <TeamChatLink />
        {isAdmin ? (
          <NavLink to="/admin" className="rail-link">
            {t("nav.admin")}
          </NavLink>
        ) : null}
        <span className="rail-spacer" />
        <NotificationsButton />
        <AvailabilitySwitch />
        <NavLink to="/me" className="rail-link">
          {t("nav.me")}
        </NavLink>
        <button type="button" className="rail-link" onClick={() => void session.logout()}>
          {t("auth.logout")}
        </button>
      </nav>
      <div className="screen">
        <Suspense fallback={<p className="splash">{t("common.loading")}</p>}>
          <Routes>
            <Route path="/" element={<Navigate to="/inbox" replace />} />
            <Route path="/inbox/:conversationId?" element={<InboxScreen />} />
            <Route path="/chat/:channelId?" element={<TeamChatScreen />} />
            <Route path="/me" element={<MeScreen />} />
            {isAdmin ? <Route path="/admin/*" element={<AdminScreen />} /> : null}
            <Route path="*" element={<Navigate to="/inbox" replace />} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}

/** The "Team chat" link with the number of unread messages in all of the user's channels. */
function TeamChatLink() {
  const t = useT();
  const unread = useChannels().data?.unread_count ?? 0;
  return (
    <NavLink
      to="/chat"
      className="rail-link"
      aria-label={unread ? `${t("nav.teamChat")}, ${t("chat.unread", { count: unread })}` : undefined}
    >
      {t("nav.teamChat")}
      {unread ? (
        <span className="badge rail-badge" aria-hidden="true">
          {unread}
        </span>
      ) : null}
    </NavLink>
  );
}
