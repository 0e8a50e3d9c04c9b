// Team-chat queries: the caller's channels (with unread counts) and each channel's
// messages, newest page first. Realtime events and the answers of writes keep them current.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useServices } from "../context";

export type Channel = Schemas["TeamChatChannel"];
export type ChannelPage = Schemas["TeamChatChannelPage"];
export type ChatMessage = Schemas["TeamChatMessage"];
export type MessagePages = InfiniteData<Schemas["Page_TeamChatMessage_"], string | null>;
export type Colleague = Schemas["User"];

export const chatKeys = {
  channels: ["team-chat", "channels"] as const,
  messages: (channelId: string) => ["team-chat", "channels", channelId, "messages"] as const,
  colleagues: ["team-chat", "colleagues"] as const,
};

const MESSAGES_PAGE = 40;

export function useChannels() {
  const api = useServices().api;
  return useQuery({
    queryKey: chatKeys.channels,
    queryFn: () => unwrap(api.GET("/api/v1/team-chat/channels", { params: { query: { limit: 100 } } })),
  });
}

/** One channel by id, for a link to a channel the list does not hold (yet). */
export function useChannel(channelId: string | undefined, enabled: boolean) {
  const api = useServices().api;
  const client = useQueryClient();
  return useQuery({
    queryKey: ["team-chat", "channel", channelId],
    queryFn: async () => {
      const channel = await unwrap(
        api.GET("/api/v1/team-chat/channels/{channel_id}", { params: { path: { channel_id: channelId! } } }),
      );
      upsertChannel(client, channel);
      return channel;
    },
    enabled: enabled && !!channelId,
    retry: false,
  });
}

export function useChannelMessages(channelId: string) {
  const api = useServices().api;
  return useInfiniteQuery({
    queryKey: chatKeys.messages(channelId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/team-chat/channels/{channel_id}/messages", {
          params: { path: { channel_id: channelId }, query: { limit: MESSAGES_PAGE, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

/** Active colleagues (everyone may list them), for direct messages and groups. */
export function useColleagues() {
  const api = useServices().api;
  return useQuery({
    queryKey: chatKeys.colleagues,
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { active: true, limit: 100 } } })),
    select: (page) => page.items,
  });
}

/** Put a channel the server answered with into the list (new, or fresher than ours). */
export function upsertChannel(client: QueryClient, channel: Channel): void {
  client.setQueryData<ChannelPage>(chatKeys.channels, (page) => {
    if (!page) return page;
    const old = page.items.find((item) => item.id === channel.id);
    const items = old ? page.items.map((item) => (item.id === channel.id ? channel : item)) : [channel, ...page.items];
    return { ...page, items, unread_count: page.unread_count - (old?.unread_count ?? 0) + channel.unread_count };
  });
}

/** Add a message to a channel's cached pages once (the post's answer and its event both come). */
export function addMessage(client: QueryClient, message: ChatMessage): void {
  client.setQueryData<MessagePages>(chatKeys.messages(message.channel_id), (data) => {
    if (!data || data.pages.some((page) => page.items.some((item) => item.id === message.id))) return data;
    const [first, ...rest] = data.pages;
    return { ...data, pages: [{ ...first, items: [message, ...first.items] }, ...rest] };
  });
}

/** Move the caller's read marker; the list shows the server's count. */
export function useMarkChannelRead() {
  const api = useServices().api;
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ channelId, seq }: { channelId: string; seq: number }) =>
      unwrap(
        api.POST("/api/v1/team-chat/channels/{channel_id}/read", {
          params: { path: { channel_id: channelId } },
          body: { seq },
        }),
      ),
    onSuccess: (state) =>
      client.setQueryData<ChannelPage>(chatKeys.channels, (page) => {
        const old = page?.items.find((item) => item.id === state.channel_id);
        if (!page || !old || old.last_read_seq > state.last_read_seq) return page;
        const unread = Math.max(old.last_message_seq - state.last_read_seq, 0);
        return {
          ...page,
          unread_count: Math.max(page.unread_count - old.unread_count + unread, 0),
          items: page.items.map((item) =>
            item.id === state.channel_id ? { ...item, last_read_seq: state.last_read_seq, unread_count: unread } : item,
          ),
        };
      }),
  });
}

export function useSendMessage(channelId: string) {
  const api = useServices().api;
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["TeamChatMessageCreate"]) =>
      unwrap(
        api.POST("/api/v1/team-chat/channels/{channel_id}/messages", {
          params: { path: { channel_id: channelId }, header: { "Idempotency-Key": crypto.randomUUID() } },
          body,
        }),
      ),
    onSuccess: (message) => addMessage(client, message),
  });
}

export function useCreateChannel() {
  const api = useServices().api;
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DirectChannelCreate"] | Schemas["GroupChannelCreate"]) =>
      unwrap(api.POST("/api/v1/team-chat/channels", { body })),
    onSuccess: (channel) => upsertChannel(client, channel),
  });
}
