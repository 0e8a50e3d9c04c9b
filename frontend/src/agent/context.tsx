// What every screen reaches for: the REST client, the session, the socket and the
// signed-in user.
import { createContext, useContext } from "react";
import type { Api, Schemas } from "../shared/api/client";
import type { Session } from "./auth/session";
import type { Realtime } from "./realtime/socket";

export interface AppServices {
  api: Api;
  session: Session;
  realtime: Realtime;
  me: Schemas["Me"];
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const value = useContext(ServicesContext);
  if (!value) throw new Error("useServices outside ServicesContext");
  return value;
}

export const useApi = () => useServices().api;
export const useMe = () => useServices().me;
export const useRealtime = () => useServices().realtime;
