// The widget's frame: header, then home (greeting, earlier conversations) or a chat.
import { Chat } from "./Chat";
import { useWidget } from "./context";
import { Home } from "./Home";

export function App() {
  const { state, t, close, embedded, store } = useWidget();
  const settings = state.settings;
  const view = state.view;
  const inChat = view.name === "chat";
  return (
    <div class="hd-widget" onKeyDown={(e) => e.key === "Escape" && embedded && close()}>
      <header class="hd-header">
        {inChat && (
          <button type="button" class="hd-icon" aria-label={t("back")} onClick={() => store.show({ name: "home" })}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 5l-7 7 7 7" /></svg>
          </button>
        )}
        <h1 class="hd-title">{settings?.name ?? t("title")}</h1>
        {embedded && !state.phone && (
          <button
            type="button"
            class="hd-icon"
            aria-label={state.large ? t("shrink") : t("expand")}
            aria-pressed={state.large}
            onClick={() => store.setLarge(!state.large)}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d={state.large ? "M4 14h6v6M20 10h-6V4M14 10l7-7M3 21l7-7" : "M15 3h6v6M9 21H3v-6M21 3l-7 7M3 21l7-7"} />
            </svg>
          </button>
        )}
        {embedded && (
          <button type="button" class="hd-icon" aria-label={t("close")} onClick={close}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
          </button>
        )}
      </header>
      {!state.connected && state.phase === "ready" && (
        <p class="hd-banner hd-offline" role="status">{t("offline")}</p>
      )}
      {state.phase === "loading" && <div class="hd-body" aria-busy="true" />}
      {state.phase === "identity-failed" && <p class="hd-body hd-problem" role="alert">{t("identityFailed")}</p>}
      {state.phase === "unavailable" && <p class="hd-body hd-problem" role="alert">{t("unavailable")}</p>}
      {state.phase === "ready" && (view.name === "chat" ? <Chat view={view} /> : <Home />)}
    </div>
  );
}
