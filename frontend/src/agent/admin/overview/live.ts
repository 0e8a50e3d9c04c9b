// The overview follows the account live: availability changes are written into the
// cached overview as they arrive; changes of who handles what (whose counts are the
// server's to compute) refetch the overview once after a burst settles.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import type { Schemas } from "../../../shared/api/client";
import { useRealtimeEvent } from "../../realtime/cache";
import { adminKeys } from "../api";

type Overview = Schemas["AgentsOverview"];
type Availability = Schemas["Availability"];

interface UserChange {
  user_id: string;
  availability?: Availability;
  is_active?: boolean;
  max_concurrent?: number;
  role?: Schemas["Role"];
}

const SETTLE_MS = 400;

/** Write what is known about a user into the cached overview. */
export function patchAgent(client: QueryClient, change: UserChange): void {
  client.setQueryData<Overview>(adminKeys.overview, (overview) => {
    if (!overview) return overview;
    if (change.is_active === false) {
      return { ...overview, agents: overview.agents.filter((agent) => agent.id !== change.user_id) };
    }
    const agents = overview.agents.map((agent) => {
      if (agent.id !== change.user_id) return agent;
      const max = change.max_concurrent ?? agent.max_concurrent;
      return {
        ...agent,
        availability: change.availability ?? agent.availability,
        role: change.role ?? agent.role,
        max_concurrent: max,
        capacity_use: max > 0 ? (agent.open + agent.snoozed) / max : null,
      };
    });
    return { ...overview, agents };
  });
}

export function useOverviewLive(): void {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true }),
      SETTLE_MS,
    );
  }, [client]);
  useEffect(() => () => clearTimeout(timer.current), []);

  useRealtimeEvent("conversation.assigned", refresh);
  useRealtimeEvent("conversation.transferred", refresh);
  useRealtimeEvent("conversation.status_changed", refresh);
  useRealtimeEvent<UserChange>("presence.updated", (envelope) => patchAgent(client, envelope.data));
  useRealtimeEvent<UserChange>("user.updated", (envelope) => {
    const known = client.getQueryData<Overview>(adminKeys.overview);
    const listed = known?.agents.some((agent) => agent.id === envelope.data.user_id);
    // A reactivated or new user is not in the overview yet: only the server can add them.
    if (!listed && envelope.data.is_active !== false) refresh();
    else patchAgent(client, envelope.data);
  });
}
