import { act, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { afterEach, expect, test, vi } from "vitest";
import { chatKeys, type Channel, type ChannelPage, type ChatMessage, type MessagePages } from "./queries";
import { TeamChatScreen } from "./TeamChatScreen";
import { aMe, answerFetch, newTestClient, renderApp } from "../testing";

const me = aMe();
const bob = { id: "00000000-0000-4000-8000-00000000000b", name: "Bob Baker", email: "bob@example.com", role: "agent" as const, availability: "online" as const };
const alice = { id: me.id, name: me.name, email: me.email, role: me.role, availability: me.availability };

function aChannel(overrides: Partial<Channel>): Channel {
  return {
    id: "00000000-0000-4000-8000-0000000000c1",
    kind: "direct",
    name: null,
    members: [alice, bob],
    last_message_seq: 4,
    last_read_seq: 4,
    unread_count: 0,
    last_message: null,
    created_at: "2026-11-20T09:00:00Z",
    last_activity_at: "2026-11-20T09:00:00Z",
    ...overrides,
  };
}

const direct = aChannel({});
const everyone = aChannel({ id: "00000000-0000-4000-8000-0000000000c2", kind: "all_staff", last_message_seq: 7, last_read_seq: 5, unread_count: 2 });

function aMessage(seq: number, author: string, channel = direct.id): ChatMessage {
  return { id: `m-${channel}-${seq}`, channel_id: channel, seq, author_user_id: author, text: `message ${seq}`, mentions: [], created_at: "2026-11-27T10:00:00Z" };
}

function seeded() {
  const client = newTestClient(me);
  client.setQueryData<ChannelPage>(chatKeys.channels, { items: [direct, everyone], next_cursor: null, unread_count: 2 });
  client.setQueryData(chatKeys.colleagues, { items: [], next_cursor: null });
  return client;
}

afterEach(() => vi.unstubAllGlobals());

const screenAt = (
  <Routes>
    <Route path="/chat/:channelId?" element={<TeamChatScreen />} />
  </Routes>
);

test("others' messages raise a channel's unread count and the total in place; a repeat counts once", async () => {
  const fetch = answerFetch({});
  const { realtime, client } = renderApp(screenAt, { me, client: seeded(), path: "/chat" });
  expect(screen.getByRole("link", { name: "All staff, 2 unread" })).toBeTruthy();

  act(() => realtime.push("team_chat.message.created", { channel_id: direct.id, message: aMessage(5, bob.id) }));
  await screen.findByRole("link", { name: "Bob Baker, 1 unread" });
  act(() => realtime.push("team_chat.message.created", { channel_id: direct.id, message: aMessage(6, bob.id) }));
  act(() => realtime.push("team_chat.message.created", { channel_id: direct.id, message: aMessage(6, bob.id) }));
  await screen.findByRole("link", { name: "Bob Baker, 2 unread" });
  const page = client.getQueryData<ChannelPage>(chatKeys.channels)!;
  expect(page.unread_count).toBe(4);
  expect(page.items.find((channel) => channel.id === direct.id)?.last_message?.text).toBe("message 6");

  // The caller's own post (from another tab) moves their marker instead.
  act(() => realtime.push("team_chat.message.created", { channel_id: direct.id, message: aMessage(7, me.id) }));
  await screen.findByRole("link", { name: "Bob Baker" });
  expect(client.getQueryData<ChannelPage>(chatKeys.channels)!.unread_count).toBe(2);
  expect(fetch).not.toHaveBeenCalled();
});

test("a message of a channel not yet listed brings the list in once", async () => {
  const group = aChannel({ id: "00000000-0000-4000-8000-0000000000c3", kind: "group", name: "Night shift", last_message_seq: 1, last_read_seq: 0, unread_count: 1 });
  const fetch = answerFetch({
    "GET /api/v1/team-chat/channels": () => ({ items: [group, direct, everyone], next_cursor: null, unread_count: 3 }),
  });
  const { realtime } = renderApp(screenAt, { me, client: seeded(), path: "/chat" });
  act(() => realtime.push("team_chat.message.created", { channel_id: group.id, message: aMessage(1, bob.id, group.id) }));
  await screen.findByRole("link", { name: "Night shift, 1 unread" });
  expect(fetch).toHaveBeenCalledTimes(1);
});

test("an open channel shows a new message in place and moves the read marker to it", async () => {
  const reads: unknown[] = [];
  const fetch = answerFetch({
    "POST /api/v1/team-chat/channels/00000000-0000-4000-8000-0000000000c1/read": async (request) => {
      const body = (await request.json()) as { seq: number };
      reads.push(body);
      return { channel_id: direct.id, last_read_seq: body.seq, unread_count: 0 };
    },
  });
  const client = seeded();
  client.setQueryData<MessagePages>(chatKeys.messages(direct.id), {
    pages: [{ items: [aMessage(4, bob.id), aMessage(3, me.id)], next_cursor: null }],
    pageParams: [null],
  });
  const { realtime } = renderApp(screenAt, { me, client, path: `/chat/${direct.id}` });
  expect(screen.getByRole("log").textContent).toContain("message 4");

  act(() => realtime.push("team_chat.message.created", { channel_id: direct.id, message: aMessage(5, bob.id) }));
  await waitFor(() => expect(reads).toEqual([{ seq: 5 }]));
  await screen.findByRole("link", { name: "Bob Baker" });
  expect(screen.getByRole("log").textContent).toContain("message 5");
  expect(client.getQueryData<ChannelPage>(chatKeys.channels)!.unread_count).toBe(2);
  expect(fetch).toHaveBeenCalledTimes(1);

  // The colleague's availability in the header follows them.
  expect(screen.getByText("Online")).toBeTruthy();
  act(() => realtime.push("user.updated", { user_id: bob.id, availability: "away", by: "user" }));
  await screen.findByText("Away");
});
