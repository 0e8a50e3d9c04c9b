// The users list follows availability and capacity changes as they happen (a schedule
// switching someone online, a colleague setting themselves away).
import { useQueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../../shared/api/client";
import { useRealtimeEvent } from "../../realtime/cache";
import { adminKeys, type User } from "../api";

interface UserChange {
  user_id: string;
  availability?: Schemas["Availability"];
  max_concurrent?: number;
  auto_assign?: boolean;
  is_active?: boolean;
}

export function useUsersLive(): void {
  const client = useQueryClient();
  const apply = ({ data }: { data: UserChange }) =>
    client.setQueryData<User[]>(adminKeys.users, (users) =>
      users?.map((user) =>
        user.id === data.user_id
          ? {
              ...user,
              availability: data.availability ?? user.availability,
              max_concurrent: data.max_concurrent ?? user.max_concurrent,
              auto_assign: data.auto_assign ?? user.auto_assign,
              is_active: data.is_active ?? user.is_active,
            }
          : user,
      ),
    );
  useRealtimeEvent<UserChange>("presence.updated", apply);
  useRealtimeEvent<UserChange>("user.updated", apply);
}
