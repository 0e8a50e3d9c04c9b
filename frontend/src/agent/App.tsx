// The agent app: log in (or resume from the refresh cookie), then the shell and its screens.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { BrowserRouter } from "react-router";
import { createApi, unwrap, type Schemas } from "../shared/api/client";
import { Session } from "./auth/session";
import { LoginScreen } from "./auth/LoginScreen";
import { ServicesContext, type AppServices } from "./context";
import { I18nProvider, useT } from "./i18n";
import { Realtime } from "./realtime/socket";
import { useCacheFromEvents } from "./realtime/cache";
import { Shell } from "./Shell";
import { ToastProvider } from "./ui/Toasts";

export function App() {
  const session = useMemo(() => new Session(), []);
  return (
    <I18nProvider>
      <ToastProvider>
        <BrowserRouter>
          <Authenticated session={session} />
        </BrowserRouter>
      </ToastProvider>
    </I18nProvider>
  );
}

type State = { phase: "resuming" } | { phase: "anonymous" } | { phase: "in"; services: AppServices; queryClient: QueryClient };

function Authenticated({ session }: { session: Session }) {
  const t = useT();
  const [state, setState] = useState<State>({ phase: "resuming" });

  useEffect(() => {
    let stale = false;
    let current: AppServices | null = null;
    async function enter(token: string | null) {
      if (!token) {
        current?.realtime.close();
        current = null;
        if (!stale) setState({ phase: "anonymous" });
        return;
      }
      if (current) return;
      const api = createApi({ token: () => session.token(), renew: () => session.renew() });
      const me: Schemas["Me"] = await unwrap(api.GET("/api/v1/me"));
      const realtime = new Realtime(async () => session.token() ?? (await session.renew()));
      current = { api, session, realtime, me };
      if (!stale) setState({ phase: "in", services: current, queryClient: newQueryClient() });
    }
    const unsubscribe = session.subscribe((token) => void enter(token));
    void session.renew();
    return () => {
      stale = true;
      unsubscribe();
      current?.realtime.close();
    };
  }, [session]);

  if (state.phase === "resuming") return <p className="splash">{t("common.loading")}</p>;
  if (state.phase === "anonymous") return <LoginScreen session={session} />;
  return (
    <ServicesContext.Provider value={state.services}>
      <QueryClientProvider client={state.queryClient}>
        <Live />
        <Shell />
      </QueryClientProvider>
    </ServicesContext.Provider>
  );
}

function Live() {
  useCacheFromEvents();
  return null;
}

function newQueryClient(): QueryClient {
  // Realtime events keep the cache current, so nothing refetches on focus or on a timer.
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 },
    },
  });
}
