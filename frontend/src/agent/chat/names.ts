// What a channel and an author are called on screen.
import type { Translate } from "../i18n";
import type { Channel } from "./queries";

export function channelName(channel: Channel, meId: string, t: Translate): string {
  if (channel.kind === "all_staff") return t("chat.allStaff");
  if (channel.kind === "group") return channel.name ?? t("chat.groups");
  const other = channel.members.find((member) => member.id !== meId);
  return other?.name ?? t("chat.you");
}

export function authorName(channel: Channel, authorId: string | null, meId: string, t: Translate): string {
  if (authorId === meId) return t("chat.you");
  return channel.members.find((member) => member.id === authorId)?.name ?? t("chat.formerColleague");
}
