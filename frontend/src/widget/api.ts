// The widget's calls to the REST API, from its own origin, with the visitor's contact token.
import { createApi, unwrap, type Schemas } from "../shared/api/client";

export type Settings = Schemas["WidgetSettings"];
export type Session = Schemas["WidgetSession"];
export type Conversation = Schemas["WidgetConversation"];
export type Message = Schemas["WidgetMessage"];
export type Attachment = Schemas["WidgetAttachment"];
export type Identity = Pick<Schemas["SessionCreate"], "identifier" | "identifier_hash" | "name" | "email">;

export interface Token {
  value: string | null;
  /** A new session when the token has expired; null when there is none to be had. */
  renew(): Promise<string | null>;
}

export function widgetApi(inboxKey: string, token: Token) {
  const client = createApi({ token: () => token.value, renew: () => token.renew() });
  const key = { params: { path: { inbox_key: inboxKey } } };
  const conversation = (id: string) => ({ params: { path: { conversation_id: id } } });
  const once = (idempotencyKey: string) => ({ "Idempotency-Key": idempotencyKey });
  return {
    settings: () => unwrap(client.GET("/api/v1/widget/{inbox_key}/settings", key)),
    session: (body: Schemas["SessionCreate"]) =>
      unwrap(client.POST("/api/v1/widget/{inbox_key}/sessions", { ...key, body })),
    conversations: (cursor?: string) =>
      unwrap(client.GET("/api/v1/widget/conversations", { params: { query: { limit: 50, cursor } } })),
    messages: (id: string, cursor?: string) =>
      unwrap(
        client.GET("/api/v1/widget/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: id }, query: { limit: 100, cursor } },
        }),
      ),
    start: (body: Schemas["WidgetConversationCreate"], idempotencyKey: string) =>
      unwrap(client.POST("/api/v1/widget/conversations", { body, headers: once(idempotencyKey) })),
    reply: (id: string, body: Schemas["WidgetMessageCreate"], idempotencyKey: string) =>
      unwrap(
        client.POST("/api/v1/widget/conversations/{conversation_id}/messages", {
          ...conversation(id),
          body,
          headers: once(idempotencyKey),
        }),
      ),
    rate: (id: string, body: Schemas["RatingCreate"]) =>
      unwrap(client.POST("/api/v1/widget/conversations/{conversation_id}/rating", { ...conversation(id), body })),
    read: (id: string, seq: number) =>
      unwrap(
        client.POST("/api/v1/widget/conversations/{conversation_id}/read", {
          ...conversation(id),
          body: { seq },
        }),
      ),
    upload: (file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return unwrap(
        client.POST("/api/v1/widget/attachments", {
          // The multipart body is built here; openapi-fetch must not serialise it.
          body: form as never,
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
    },
    /** A file as a blob: downloads need the contact token, so no plain link can fetch them. */
    download: async (url: string) => {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token.value ?? ""}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.blob();
    },
  };
}

export type WidgetApi = ReturnType<typeof widgetApi>;
