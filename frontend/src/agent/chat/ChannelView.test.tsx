import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, expect, test, vi } from "vitest";
import { chatKeys, type Channel, type ChatMessage, type MessagePages } from "./queries";
import { TeamChatScreen } from "./TeamChatScreen";
import { aMe, answerFetch, newTestClient, renderApp } from "../testing";

const me = aMe();
const bob = { id: "00000000-0000-4000-8000-00000000000b", name: "Bob Baker", email: "bob@example.com", role: "agent" as const, availability: "online" as const };
const group: Channel = {
  id: "00000000-0000-4000-8000-0000000000c9",
  kind: "group",
  name: "Night shift",
  members: [{ id: me.id, name: me.name, email: me.email, role: me.role, availability: me.availability }, bob],
  last_message_seq: 42,
  last_read_seq: 40,
  unread_count: 2,
  last_message: null,
  created_at: "2026-11-20T09:00:00Z",
  last_activity_at: "2026-11-27T10:00:00Z",
};

function message(seq: number, author = bob.id): ChatMessage {
  return { id: `m${seq}`, channel_id: group.id, seq, author_user_id: author, text: `text ${seq}`, mentions: [], created_at: `2026-11-27T10:${String(seq).padStart(2, "0")}:00Z` };
}

afterEach(() => vi.unstubAllGlobals());

test("older messages load above with the cursor; the unread ones sit below a 'New' line; the marker moves", async () => {
  const requests: string[] = [];
  answerFetch({
    [`GET /api/v1/team-chat/channels/${group.id}/messages`]: (request) => {
      requests.push(new URL(request.url).search);
      return { items: [message(38), message(37)], next_cursor: null };
    },
    [`POST /api/v1/team-chat/channels/${group.id}/read`]: () => ({ channel_id: group.id, last_read_seq: 42, unread_count: 0 }),
  });
  const client = newTestClient(me);
  client.setQueryData(chatKeys.channels, { items: [group], next_cursor: null, unread_count: 2 });
  client.setQueryData(chatKeys.colleagues, { items: [], next_cursor: null });
  client.setQueryData<MessagePages>(chatKeys.messages(group.id), {
    pages: [{ items: [message(42), message(41), message(40, me.id), message(39)], next_cursor: "older-than-39" }],
    pageParams: [null],
  });
  renderApp(
    <Routes>
      <Route path="/chat/:channelId?" element={<TeamChatScreen />} />
    </Routes>,
    { me, client, path: `/chat/${group.id}` },
  );

  const log = screen.getByRole("log", { name: "Messages in Night shift" });
  const rows = () => within(log).getAllByRole("listitem").map((row) => row.textContent ?? "");
  expect(rows().filter((row) => /text|New/.test(row)).map((row) => row.match(/text \d+|^New$/)?.[0])).toEqual([
    "text 39",
    "text 40",
    "New",
    "text 41",
    "text 42",
  ]);
  await screen.findByRole("link", { name: "Night shift" });

  await userEvent.click(screen.getByRole("button", { name: "Load older messages" }));
  await within(log).findByText("text 37");
  expect(requests).toEqual(["?limit=40&cursor=older-than-39"]);
  expect(rows()[0]).toContain("text 37");
  expect(screen.queryByRole("button", { name: "Load older messages" })).toBeNull();
  await waitFor(() => expect(client.getQueryData<{ unread_count: number }>(chatKeys.channels)?.unread_count).toBe(0));
});
