// An inbox as its form edits it, and the request bodies made from it. A new field is one
// line in each of `Draft`, `draftOf` and `changesOf` (or `createOf`), and one `Field`.
import type { Schemas } from "../../../shared/api/client";
import type { Inbox } from "../api";
import { editableHours } from "../schedules/HoursEditor";

export const CHANNELS: Schemas["Channel"][] = ["web_chat", "email", "whatsapp", "messenger", "api"];

export interface Draft {
  name: string;
  channel: Schemas["Channel"];
  greeting: string;
  auto_reply: string;
  away_message: string;
  default_team_id: string | null;
  bot_enabled: boolean;
  working_hours: Schemas["Hours"] | null;
  widget_color: string;
  widget_position: Schemas["WidgetPosition"];
  widget_language: Schemas["WidgetLanguage"] | null;
  /** One origin per line, as typed. */
  widget_origins: string;
}

export const WIDGET_LANGUAGES: Schemas["WidgetLanguage"][] = ["en", "nl", "pl", "sv", "es"];
const DEFAULT_COLOR = "#2f5bea";

function origins(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function draftOf(inbox?: Inbox): Draft {
  return {
    name: inbox?.name ?? "",
    channel: inbox?.channel ?? "web_chat",
    greeting: inbox?.greeting ?? "",
    auto_reply: inbox?.auto_reply ?? "",
    away_message: inbox?.away_message ?? "",
    default_team_id: inbox?.default_team_id ?? null,
    bot_enabled: inbox?.bot_enabled ?? false,
    working_hours: inbox?.working_hours ? editableHours(inbox.working_hours) : null,
    widget_color: inbox?.widget_color ?? DEFAULT_COLOR,
    widget_position: inbox?.widget_position ?? "right",
    widget_language: inbox?.widget_language ?? null,
    widget_origins: (inbox?.widget_origins ?? []).join("\n"),
  };
}

export function createOf(draft: Draft): Schemas["InboxCreate"] {
  return { ...draft, widget_origins: origins(draft.widget_origins) };
}

/** Every editable field (the channel never changes; null clears team and hours). */
export function changesOf(draft: Draft): Schemas["InboxUpdate"] {
  return {
    name: draft.name,
    greeting: draft.greeting,
    auto_reply: draft.auto_reply,
    away_message: draft.away_message,
    default_team_id: draft.default_team_id,
    bot_enabled: draft.bot_enabled,
    working_hours: draft.working_hours,
    widget_color: draft.widget_color,
    widget_position: draft.widget_position,
    widget_language: draft.widget_language,
    widget_origins: origins(draft.widget_origins),
  };
}

export function widgetSnippet(origin: string, widgetKey: string): string {
  return `<script src="${origin}/widget.js" data-inbox="${widgetKey}" async></script>`;
}
