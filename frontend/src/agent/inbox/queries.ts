// Query keys and hooks of the inbox. Keys are precise so realtime events can update
// exactly the cached data they touch.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useApi } from "../context";
import { listQuery, type Filters } from "./filters";

export const keys = {
  lists: ["conversations", "list"] as const,
  list: (filters: Filters) => ["conversations", "list", filters] as const,
  conversation: (id: string) => ["conversations", "one", id] as const,
  messages: (id: string) => ["conversations", "messages", id] as const,
  timeline: (id: string) => ["conversations", "timeline", id] as const,
  routing: (id: string) => ["conversations", "routing", id] as const,
  followers: (id: string) => ["conversations", "followers", id] as const,
  participants: (id: string) => ["conversations", "participants", id] as const,
  contact: (id: string) => ["contacts", id] as const,
  contactConversations: (id: string) => ["contacts", id, "conversations"] as const,
  contactActivities: (id: string) => ["contacts", id, "activities"] as const,
  contactNotes: (id: string) => ["contacts", id, "notes"] as const,
  users: ["users"] as const,
  teams: ["teams"] as const,
  inboxes: ["inboxes"] as const,
  labels: ["labels"] as const,
  canned: ["canned-responses"] as const,
  loads: ["overview", "load"] as const,
};

export type Conversation = Schemas["Conversation"];
export type Message = Schemas["Message"];
export type ListPage = Schemas["Page_Conversation_"];

export function useConversationList(filters: Filters) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: keys.list(filters),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/conversations", { params: { query: { ...listQuery(filters), cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function useConversation(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: keys.conversation(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/conversations/{conversation_id}", { params: { path: { conversation_id: id! } } })),
    enabled: !!id,
  });
}

/** Every message of a conversation, oldest first (pages of 100 until the end). */
export function useMessages(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.messages(id),
    queryFn: async () => {
      const all: Message[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET("/api/v1/conversations/{conversation_id}/messages", {
            params: { path: { conversation_id: id }, query: { limit: 100, cursor } },
          }),
        );
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

export function useTimeline(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.timeline(id),
    queryFn: async () => {
      const all: Schemas["TimelineEvent"][] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET("/api/v1/conversations/{conversation_id}/events", {
            params: { path: { conversation_id: id }, query: { limit: 100, cursor } },
          }),
        );
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

function useDirectory<T>(key: readonly string[], load: () => Promise<T>) {
  return useQuery({ queryKey: key, queryFn: load, staleTime: 60_000 });
}

export function useUsers() {
  const api = useApi();
  return useDirectory(keys.users, async () => (await unwrap(api.GET("/api/v1/users", { params: { query: { limit: 100 } } }))).items);
}

export function useTeams() {
  const api = useApi();
  return useDirectory(keys.teams, async () => (await unwrap(api.GET("/api/v1/teams", { params: { query: { limit: 100 } } }))).items);
}

export function useInboxes() {
  const api = useApi();
  return useDirectory(keys.inboxes, async () => (await unwrap(api.GET("/api/v1/inboxes", { params: { query: { limit: 100 } } }))).items);
}

export function useLabels() {
  const api = useApi();
  return useDirectory(keys.labels, async () => (await unwrap(api.GET("/api/v1/labels", { params: { query: { limit: 100 } } }))).items);
}

export function useCannedResponses() {
  const api = useApi();
  return useDirectory(keys.canned, async () => (await unwrap(api.GET("/api/v1/canned-responses", { params: { query: { limit: 100 } } }))).items);
}
