// How realtime events change this area's cached queries: a posted message joins its
// channel's cached pages and moves that channel's preview and unread count, in place.
import type { QueryClient } from "@tanstack/react-query";
import type { EventHandlers } from "../realtime/cache";
import type { Envelope } from "../realtime/socket";
import { currentUserId } from "../me/queries";
import { addMessage, chatKeys, type Channel, type ChannelPage, type ChatMessage } from "./queries";

type Availability = Channel["members"][number]["availability"];

const PREVIEW = 200;

function messageCreated(client: QueryClient, envelope: Envelope): void {
  const { channel_id: channelId, message } = envelope.data as { channel_id: string; message: ChatMessage };
  addMessage(client, message);
  const page = client.getQueryData<ChannelPage>(chatKeys.channels);
  if (!page) return;
  const channel = page.items.find((item) => item.id === channelId);
  if (!channel) {
    // A channel someone just opened with us: the one list request that brings it in.
    void client.invalidateQueries({ queryKey: chatKeys.channels, exact: true });
    return;
  }
  if (message.seq <= channel.last_message_seq) return;
  const mine = message.author_user_id !== null && message.author_user_id === currentUserId(client);
  // The author's marker moves with their post, so only others' messages count as unread.
  const lastRead = mine ? message.seq : channel.last_read_seq;
  const unread = Math.max(message.seq - lastRead, 0);
  const updated = {
    ...channel,
    last_message_seq: message.seq,
    last_read_seq: lastRead,
    unread_count: unread,
    last_activity_at: message.created_at,
    last_message: {
      id: message.id,
      seq: message.seq,
      author_user_id: message.author_user_id,
      text: message.text.slice(0, PREVIEW),
      created_at: message.created_at,
    },
  };
  client.setQueryData<ChannelPage>(chatKeys.channels, {
    ...page,
    unread_count: Math.max(page.unread_count - channel.unread_count + unread, 0),
    items: page.items.map((item) => (item.id === channelId ? updated : item)),
  });
}

/** A colleague's availability, as the channel member lists show it. */
function availabilityChanged(client: QueryClient, envelope: Envelope): void {
  const { user_id: userId, availability } = envelope.data as { user_id?: string; availability?: Availability };
  if (!userId || !availability) return;
  client.setQueryData<ChannelPage>(chatKeys.channels, (page) => {
    if (!page?.items.some((channel) => channel.members.some((m) => m.id === userId && m.availability !== availability))) {
      return page;
    }
    const items = page.items.map((channel) => ({
      ...channel,
      members: channel.members.map((member) => (member.id === userId ? { ...member, availability } : member)),
    }));
    return { ...page, items };
  });
}

export const chatEvents: EventHandlers = {
  "team_chat.message.created": messageCreated,
  "user.updated": availabilityChanged,
  "presence.updated": availabilityChanged,
};
