// Every filter of GET /conversations, the search box and the sort, kept in the URL.
import { useEffect, useState } from "react";
import { Popover } from "radix-ui";
import { useT } from "../i18n";
import { Shortcuts } from "./Shortcuts";
import type { Filters, Sort, Status } from "./filters";
import { useInboxes, useLabels, useTeams, useUsers } from "./queries";

const STATUSES: Status[] = ["open", "snoozed", "closed", "archived"];
const SORTS: Sort[] = ["last_activity", "created", "waiting", "stream"];
const CHANNELS = ["web_chat", "email", "whatsapp", "messenger", "api"] as const;

export function FilterBar({ filters, onFilters }: { filters: Filters; onFilters: (f: Filters) => void }) {
  const t = useT();
  // What is typed in the search box, sent to the URL once typing pauses.
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => {
    if (draft === null) return;
    const timer = setTimeout(() => {
      onFilters({ ...filters, q: draft });
      setDraft(null);
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, filters, onFilters]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onFilters({ ...filters, [key]: value });
  const status = filters.status.length === 1 ? filters.status[0] : filters.status.length === 0 ? "all" : "several";
  const extra = [filters.team_id, filters.inbox_id, filters.channel, filters.label, filters.rating, filters.unanswered || null, filters.following || null].filter(Boolean).length;

  return (
    <div className="filter-bar">
      <div className="search-row">
        <input
          className="input"
          type="search"
          placeholder={t("inbox.searchPlaceholder")}
          aria-label={t("common.search")}
          value={draft ?? filters.q}
          onChange={(event) => setDraft(event.target.value)}
        />
        <Shortcuts />
      </div>
      <div className="filter-row">
        <select className="input" aria-label={t("inbox.filter.status")} value={status} onChange={(e) => set("status", e.target.value === "all" ? [] : [e.target.value as Status])}>
          <option value="all">{t("inbox.filter.allStatuses")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`inbox.status.${s}`)}
            </option>
          ))}
          {status === "several" ? <option value="several">{filters.status.join(", ")}</option> : null}
        </select>
        <AssigneeSelect value={filters.assignee} onChange={(value) => set("assignee", value)} />
        <select className="input" aria-label={t("inbox.filter.sort")} value={filters.sort} onChange={(e) => set("sort", e.target.value as Sort)}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`inbox.sort.${s}`)}
            </option>
          ))}
        </select>
        <Popover.Root>
          <Popover.Trigger className="button small" aria-label={t("inbox.filter.more")}>
            {t("inbox.filter.more")}
            {extra ? <span className="badge">{extra}</span> : null}
          </Popover.Trigger>
          <Popover.Portal>
            <Popover.Content className="popover filter-popover" align="end" sideOffset={4}>
              <MoreFilters filters={filters} set={set} />
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
      </div>
    </div>
  );
}

function AssigneeSelect({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const t = useT();
  const users = useUsers();
  return (
    <select className="input" aria-label={t("inbox.filter.assignee")} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{t("inbox.filter.anyone")}</option>
      <option value="me">{t("inbox.filter.mine")}</option>
      <option value="unassigned">{t("inbox.filter.unassigned")}</option>
      <option value="bot">{t("inbox.filter.bot")}</option>
      {users.data
        ?.filter((u) => u.is_active)
        .map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
          </option>
        ))}
    </select>
  );
}

function MoreFilters({ filters, set }: { filters: Filters; set: <K extends keyof Filters>(key: K, value: Filters[K]) => void }) {
  const t = useT();
  const teams = useTeams();
  const inboxes = useInboxes();
  const labels = useLabels();
  return (
    <div className="more-filters">
      <label>
        {t("inbox.filter.team")}
        <select className="input" value={filters.team_id ?? ""} onChange={(e) => set("team_id", e.target.value || null)}>
          <option value="">{t("inbox.filter.any")}</option>
          {teams.data?.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("inbox.filter.inbox")}
        <select className="input" value={filters.inbox_id ?? ""} onChange={(e) => set("inbox_id", e.target.value || null)}>
          <option value="">{t("inbox.filter.any")}</option>
          {inboxes.data?.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("inbox.filter.channel")}
        <select className="input" value={filters.channel ?? ""} onChange={(e) => set("channel", (e.target.value || null) as Filters["channel"])}>
          <option value="">{t("inbox.filter.any")}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`inbox.channel.${channel}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("inbox.filter.label")}
        <select className="input" value={filters.label ?? ""} onChange={(e) => set("label", e.target.value || null)}>
          <option value="">{t("inbox.filter.any")}</option>
          {labels.data?.map((label) => (
            <option key={label.id} value={label.id}>
              {label.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("inbox.filter.rating")}
        <select className="input" value={filters.rating ?? ""} onChange={(e) => set("rating", e.target.value ? Number(e.target.value) : null)}>
          <option value="">{t("inbox.filter.any")}</option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {"★".repeat(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.unanswered} onChange={(e) => set("unanswered", e.target.checked)} />
        {t("inbox.filter.unanswered")}
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.following} onChange={(e) => set("following", e.target.checked)} />
        {t("inbox.filter.following")}
      </label>
    </div>
  );
}
