// The conversation list's filters live in the URL, so a view can be linked and reloaded.
import type { Schemas } from "../../shared/api/client";

export type Sort = "last_activity" | "created" | "waiting" | "stream";
export type Status = Schemas["ConversationStatus"];

export interface Filters {
  status: Status[];
  assignee: string | null; // me | unassigned | bot | a user id
  team_id: string | null;
  inbox_id: string | null;
  channel: Schemas["Channel"] | null;
  label: string | null;
  rating: number | null;
  unanswered: boolean;
  following: boolean;
  q: string;
  sort: Sort;
}

export const DEFAULT_FILTERS: Filters = {
  status: ["open"],
  assignee: null,
  team_id: null,
  inbox_id: null,
  channel: null,
  label: null,
  rating: null,
  unanswered: false,
  following: false,
  q: "",
  sort: "last_activity",
};

const SORTS: Sort[] = ["last_activity", "created", "waiting", "stream"];
const STATUSES: Status[] = ["open", "snoozed", "closed", "archived"];

export function filtersFromSearch(params: URLSearchParams): Filters {
  const status = params.has("status")
    ? params.getAll("status").filter((s): s is Status => STATUSES.includes(s as Status))
    : DEFAULT_FILTERS.status;
  const sort = params.get("sort") as Sort | null;
  const rating = Number(params.get("rating"));
  return {
    status,
    assignee: params.get("assignee"),
    team_id: params.get("team_id"),
    inbox_id: params.get("inbox_id"),
    channel: params.get("channel") as Filters["channel"],
    label: params.get("label"),
    rating: rating >= 1 && rating <= 5 ? rating : null,
    unanswered: params.get("unanswered") === "true",
    following: params.get("following") === "true",
    q: params.get("q") ?? "",
    sort: sort && SORTS.includes(sort) ? sort : "last_activity",
  };
}

export function searchFromFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.join() !== DEFAULT_FILTERS.status.join()) {
    if (filters.status.length === 0) params.append("status", "");
    for (const status of filters.status) params.append("status", status);
  }
  for (const key of ["assignee", "team_id", "inbox_id", "channel", "label"] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (filters.rating) params.set("rating", String(filters.rating));
  if (filters.unanswered) params.set("unanswered", "true");
  if (filters.following) params.set("following", "true");
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== "last_activity") params.set("sort", filters.sort);
  return params;
}

/** The query of GET /conversations for these filters (only what is set). */
export function listQuery(filters: Filters) {
  return {
    status: filters.status.length ? filters.status : undefined,
    assignee: filters.assignee ?? undefined,
    team_id: filters.team_id ?? undefined,
    inbox_id: filters.inbox_id ?? undefined,
    channel: filters.channel ?? undefined,
    label: filters.label ?? undefined,
    rating: filters.rating ?? undefined,
    unanswered: filters.unanswered || undefined,
    following: filters.following || undefined,
    q: filters.q || undefined,
    sort: filters.sort,
    limit: 25,
  };
}

type Conversation = Schemas["Conversation"];

/** Whether a conversation (as an event left it) still belongs in a list with these
 * filters, judged by what the client knows; the server decides on the next full load. */
export function stillMatches(filters: Filters, conversation: Conversation, meId: string): boolean {
  if (filters.status.length && !filters.status.includes(conversation.status)) return false;
  if (filters.assignee === "me" && conversation.assignee_id !== meId) return false;
  if (filters.assignee === "unassigned" && conversation.assignee_id !== null) return false;
  if (filters.assignee === "bot" && conversation.handler !== "bot") return false;
  if (filters.assignee && !["me", "unassigned", "bot"].includes(filters.assignee) && conversation.assignee_id !== filters.assignee) return false;
  if (filters.team_id && conversation.team_id !== filters.team_id) return false;
  if (filters.inbox_id && conversation.inbox_id !== filters.inbox_id) return false;
  if (filters.channel && conversation.channel !== filters.channel) return false;
  return true;
}
