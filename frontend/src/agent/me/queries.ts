// The signed-in user and their notifications as cached queries. The user starts from the
// profile the app loaded at sign-in; events and PATCH answers keep it current.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../shared/api/client";
import { useServices } from "../context";

export type Me = Schemas["Me"];
export type Notification = Schemas["Notification"];
export type NotificationPage = Schemas["NotificationPage"];
export type NotificationPages = InfiniteData<NotificationPage, string | null>;

export const meKeys = {
  me: ["me"] as const,
  notifications: ["notifications", "list"] as const,
};

const PAGE = 30;

/** The signed-in user, current with every change made here or elsewhere. */
export function useCurrentMe(): Me {
  const { api, me } = useServices();
  return useQuery({
    queryKey: meKeys.me,
    queryFn: () => unwrap(api.GET("/api/v1/me")),
    initialData: me,
  }).data;
}

export function currentUserId(client: QueryClient): string | undefined {
  return client.getQueryData<Me>(meKeys.me)?.id;
}

export function useUpdateMe() {
  const api = useServices().api;
  const client = useQueryClient();
  return useMutation({
    mutationKey: meKeys.me,
    mutationFn: (body: Schemas["MeUpdate"]) => unwrap(api.PATCH("/api/v1/me", { body })),
    // Switches and checkboxes show the choice at once; a refusal puts the old one back.
    onMutate: async (body) => {
      await client.cancelQueries({ queryKey: meKeys.me });
      const before = client.getQueryData<Me>(meKeys.me);
      if (before) client.setQueryData<Me>(meKeys.me, withChanges(before, body));
      return { before };
    },
    onError: (_error, _body, context) => {
      if (context?.before) client.setQueryData(meKeys.me, context.before);
    },
    // The server's answer, with the changes still on their way on top of it.
    onSuccess: (me, body) => {
      const pending = client
        .getMutationCache()
        .findAll({ mutationKey: meKeys.me, status: "pending" })
        .map((mutation) => mutation.state.variables as Schemas["MeUpdate"])
        .filter((variables) => variables !== body);
      client.setQueryData(meKeys.me, pending.reduce(withChanges, me));
    },
  });
}

function withChanges(me: Me, body: Schemas["MeUpdate"]): Me {
  const preferences = { ...me.notification_preferences };
  for (const [key, value] of Object.entries(body.notification_preferences ?? {})) {
    if (typeof value === "boolean") preferences[key as keyof typeof preferences] = value;
  }
  return {
    ...me,
    name: body.name ?? me.name,
    availability: body.availability ?? me.availability,
    notification_preferences: preferences,
  };
}

export function useNotifications() {
  const api = useServices().api;
  return useInfiniteQuery({
    queryKey: meKeys.notifications,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: PAGE, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function unreadNotifications(data: { pages: NotificationPage[] } | undefined): number {
  return data?.pages[0]?.unread_count ?? 0;
}

/** Mark some notifications (or all of them) read, in the cache as soon as the server agrees. */
export function useMarkNotificationsRead() {
  const api = useServices().api;
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | "all") =>
      unwrap(api.POST("/api/v1/notifications/read", { body: ids === "all" ? { all: true } : { ids, all: false } })),
    onSuccess: (result, ids) => {
      const now = new Date().toISOString();
      client.setQueryData<NotificationPages>(meKeys.notifications, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page, index) => ({
                ...page,
                unread_count: index === 0 ? result.unread_count : page.unread_count,
                items: page.items.map((item) =>
                  !item.read_at && (ids === "all" || ids.includes(item.id)) ? { ...item, read_at: now } : item,
                ),
              })),
            }
          : data,
      );
    },
  });
}
