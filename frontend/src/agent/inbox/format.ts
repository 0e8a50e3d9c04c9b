import type { Translate } from "../i18n";

/** "now", "5 min", "3 h", "2 d", then the date. */
export function timeAgo(iso: string, t: Translate, now = Date.now()): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return t("inbox.time.now");
  if (seconds < 3600) return t("inbox.time.minutes", { n: Math.floor(seconds / 60) });
  if (seconds < 86400) return t("inbox.time.hours", { n: Math.floor(seconds / 3600) });
  if (seconds < 7 * 86400) return t("inbox.time.days", { n: Math.floor(seconds / 86400) });
  return new Date(iso).toLocaleDateString();
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
