// Writes shared by several panels, each keeping the cached lists it touches current.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi } from "../context";
import { adminKeys, storeItem } from "./api";
import { patchAgent } from "./overview/live";

/** PATCH a user; the users list and the overview show the change at once. */
export function useUpdateUser() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: Schemas["UserUpdate"] }) =>
      unwrap(api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: id } }, body: change })),
    onSuccess: (user) => {
      storeItem(client, adminKeys.users, user);
      const overview = client.getQueryData<Schemas["AgentsOverview"]>(adminKeys.overview);
      if (overview && user.is_active && !overview.agents.some((agent) => agent.id === user.id)) {
        // Reactivated: only the server knows their load.
        void client.invalidateQueries({ queryKey: adminKeys.overview, exact: true });
        return;
      }
      patchAgent(client, {
        user_id: user.id,
        availability: user.availability,
        max_concurrent: user.max_concurrent,
        is_active: user.is_active,
        role: user.role,
      });
    },
  });
}
