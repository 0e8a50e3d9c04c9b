import { useMutation, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../../shared/api/client";
import { useApi } from "../../context";
import { adminKeys, storeItem } from "../api";
import { patchAgent } from "../overview/live";

/** Deactivate a user: kept in the users list as inactive, gone from the overview. */
export function useDeactivateUser() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/users/{user_id}", { params: { path: { user_id: id } } })),
    onSuccess: (user) => {
      storeItem(client, adminKeys.users, user);
      patchAgent(client, { user_id: user.id, is_active: false });
    },
  });
}
