import { DEFAULT_FILTERS, filtersFromSearch, listQuery, searchFromFilters, stillMatches, type Filters } from "./filters";
import type { Conversation } from "./queries";

test("filters survive the trip through the URL, and defaults stay out of it", () => {
  const filters: Filters = {
    ...DEFAULT_FILTERS,
    status: ["open", "snoozed"],
    assignee: "me",
    label: "vip",
    rating: 2,
    unanswered: true,
    q: "order 12",
    sort: "stream",
  };
  const search = searchFromFilters(filters);
  expect(filtersFromSearch(search)).toEqual(filters);
  expect(searchFromFilters(DEFAULT_FILTERS).toString()).toBe("");
  expect(filtersFromSearch(new URLSearchParams("status=")).status).toEqual([]);
});

test("nonsense in the URL falls back to defaults", () => {
  const filters = filtersFromSearch(new URLSearchParams("sort=random&rating=9&status=lost"));
  expect(filters.sort).toBe("last_activity");
  expect(filters.rating).toBeNull();
  expect(filters.status).toEqual([]);
});

test("the list query sends only what is set", () => {
  expect(listQuery(DEFAULT_FILTERS)).toEqual({ status: ["open"], sort: "last_activity", limit: 25, assignee: undefined, team_id: undefined, inbox_id: undefined, channel: undefined, label: undefined, rating: undefined, unanswered: undefined, following: undefined, q: undefined });
});

test("a conversation transferred away no longer matches 'mine'", () => {
  const conversation = { status: "open", assignee_id: "u-2", handler: "user", team_id: null, inbox_id: "i", channel: "web_chat" } as Conversation;
  expect(stillMatches({ ...DEFAULT_FILTERS, assignee: "me" }, conversation, "u-1")).toBe(false);
  expect(stillMatches({ ...DEFAULT_FILTERS, assignee: "me" }, { ...conversation, assignee_id: "u-1" }, "u-1")).toBe(true);
  expect(stillMatches({ ...DEFAULT_FILTERS }, { ...conversation, status: "closed" }, "u-1")).toBe(false);
});
