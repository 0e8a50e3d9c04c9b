// The admin area's queries: one precise key per list, every page of a list fetched (an
// account has tens of users, teams and inboxes, not thousands), and helpers that change
// a cached list in place after a write instead of refetching it.
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi } from "../context";

export const adminKeys = {
  overview: ["admin", "overview"] as const,
  users: ["admin", "users"] as const,
  teams: ["admin", "teams"] as const,
  inboxes: ["admin", "inboxes"] as const,
  labels: ["admin", "labels"] as const,
  canned: ["admin", "canned-responses"] as const,
  tokens: ["admin", "api-tokens"] as const,
  schedule: (userId: string) => ["admin", "schedule", userId] as const,
  userConversations: (userId: string) => ["admin", "user-conversations", userId] as const,
};

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Every item of a cursor-paginated list, page after page. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

const LIMIT = 100;

export function useOverview() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.overview,
    queryFn: () => unwrap(api.GET("/api/v1/overview/agents")),
  });
}

export function useUsers() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: () =>
      allPages((cursor) => unwrap(api.GET("/api/v1/users", { params: { query: { cursor, limit: LIMIT } } }))),
  });
}

export function useTeams() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.teams,
    queryFn: () =>
      allPages((cursor) => unwrap(api.GET("/api/v1/teams", { params: { query: { cursor, limit: LIMIT } } }))),
  });
}

export function useInboxes() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.inboxes,
    queryFn: () =>
      allPages((cursor) => unwrap(api.GET("/api/v1/inboxes", { params: { query: { cursor, limit: LIMIT } } }))),
  });
}

export function useLabels() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.labels,
    queryFn: () =>
      allPages((cursor) => unwrap(api.GET("/api/v1/labels", { params: { query: { cursor, limit: LIMIT } } }))),
  });
}

export function useCannedResponses() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.canned,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(api.GET("/api/v1/canned-responses", { params: { query: { cursor, limit: LIMIT } } })),
      ),
  });
}

export function useApiTokens() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.tokens,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(api.GET("/api/v1/api-tokens", { params: { query: { cursor, limit: LIMIT, include_revoked: true } } })),
      ),
  });
}

type WithId = { id: string };

/** Put `item` into the cached list under `key`: replace the one with its id, or append it. */
export function storeItem<T extends WithId>(client: QueryClient, key: readonly unknown[], item: T): void {
  client.setQueryData<T[]>(key, (list) => {
    if (!list) return list;
    return list.some((other) => other.id === item.id)
      ? list.map((other) => (other.id === item.id ? item : other))
      : [...list, item];
  });
}

export function dropItem(client: QueryClient, key: readonly unknown[], id: string): void {
  client.setQueryData<WithId[]>(key, (list) => list?.filter((other) => other.id !== id));
}

// The shapes as responses carry them (openapi-fetch reads `[start, end]` tuples as arrays).
type Loaded<T extends () => { data: unknown }> = NonNullable<ReturnType<T>["data"]>;
export type User = Loaded<typeof useUsers>[number];
export type Team = Loaded<typeof useTeams>[number];
export type Inbox = Loaded<typeof useInboxes>[number];
export type AgentLoad = Schemas["AgentLoad"];
/** Hours as a form edits and sends them. */
export type Hours = Schemas["Hours"];
