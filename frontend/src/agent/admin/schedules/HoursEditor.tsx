// Weekly open periods in one time zone, with dated exceptions (holidays, one-off
// shifts): used for a user's schedule and an inbox's working hours.
import { useId } from "react";
import { ApiError, type Schemas } from "../../../shared/api/client";
import { useT } from "../../i18n";
import { Field } from "../../ui/Field";

type Hours = Schemas["Hours"];
type Period = [string, string];
type Exception = Schemas["HoursException"];

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

interface LoadedHours {
  timezone: string;
  days: Record<string, string[][]>;
  exceptions?: { date: string; periods?: string[][] }[];
}

const pair = (period: string[]): Period => [period[0] ?? "", period[1] ?? ""];

/** Hours as a response carries them, made editable (periods as `[start, end]` pairs). */
export function editableHours(hours: LoadedHours): Hours {
  return {
    timezone: hours.timezone,
    days: Object.fromEntries(Object.entries(hours.days).map(([day, periods]) => [day, periods.map(pair)])),
    exceptions: (hours.exceptions ?? []).map((exception) => ({
      date: exception.date,
      periods: (exception.periods ?? []).map(pair),
    })),
  };
}

/** Office hours in the browser's zone: a starting point an admin adjusts. */
export function defaultHours(): Hours {
  const office: Period[] = [["09:00", "17:00"]];
  return {
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    days: { mon: office, tue: office, wed: office, thu: office, fri: office },
    exceptions: [],
  };
}

interface Props {
  value: Hours;
  onChange: (hours: Hours) => void;
  /** Errors of the hours as a whole, by part: `timezone`, `days`, `exceptions`. */
  errors?: Record<string, string | undefined>;
}

export function HoursEditor({ value, onChange, errors = {} }: Props) {
  const t = useT();
  const zones = useId();
  const setDay = (day: string, periods: Period[]) => onChange({ ...value, days: { ...value.days, [day]: periods } });
  const exceptions = value.exceptions ?? [];
  const setExceptions = (next: Exception[]) => onChange({ ...value, exceptions: next });
  return (
    <div className="hours">
      <Field label={t("admin.hours.timezone")} error={errors.timezone}>
        <input
          className="input"
          list={zones}
          value={value.timezone}
          onChange={(event) => onChange({ ...value, timezone: event.target.value })}
        />
      </Field>
      <datalist id={zones}>
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <fieldset className="hours-week">
        <legend>{t("admin.hours.week")}</legend>
        {DAYS.map((day) => (
          <Periods
            key={day}
            label={t(`admin.hours.days.${day}`)}
            periods={(value.days[day] as Period[] | undefined) ?? []}
            onChange={(periods) => setDay(day, periods)}
            closed={t("admin.hours.closed")}
          />
        ))}
        {errors.days ? (
          <small className="field-error" role="alert">
            {errors.days}
          </small>
        ) : null}
      </fieldset>
      <fieldset className="hours-exceptions">
        <legend>{t("admin.hours.exceptions")}</legend>
        {exceptions.map((exception, index) => (
          <div key={index} className="hours-exception">
            <input
              className="input"
              type="date"
              aria-label={t("admin.hours.exceptionDate", { n: index + 1 })}
              value={exception.date}
              onChange={(event) =>
                setExceptions(exceptions.map((other, i) => (i === index ? { ...other, date: event.target.value } : other)))
              }
            />
            <Periods
              label={t("admin.hours.exceptionPeriods", { n: index + 1 })}
              periods={(exception.periods as Period[] | undefined) ?? []}
              closed={t("admin.hours.closedAllDay")}
              onChange={(periods) =>
                setExceptions(exceptions.map((other, i) => (i === index ? { ...other, periods } : other)))
              }
            />
            <button
              type="button"
              className="button small danger"
              aria-label={t("admin.hours.removeException", { n: index + 1 })}
              onClick={() => setExceptions(exceptions.filter((_, i) => i !== index))}
            >
              {t("admin.hours.remove")}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button small"
          onClick={() => setExceptions([...exceptions, { date: new Date().toISOString().slice(0, 10), periods: [] }])}
        >
          {t("admin.hours.addException")}
        </button>
        {errors.exceptions ? (
          <small className="field-error" role="alert">
            {errors.exceptions}
          </small>
        ) : null}
      </fieldset>
    </div>
  );
}

function Periods({
  label,
  periods,
  onChange,
  closed,
}: {
  label: string;
  periods: Period[];
  onChange: (periods: Period[]) => void;
  closed: string;
}) {
  const t = useT();
  const set = (index: number, part: 0 | 1, time: string) =>
    onChange(periods.map((period, i) => (i === index ? (part === 0 ? [time, period[1]] : [period[0], time]) : period)));
  return (
    <div className="hours-day" role="group" aria-label={label}>
      <span className="hours-day-name" aria-hidden="true">
        {label}
      </span>
      <div className="hours-periods">
        {periods.length === 0 ? <span className="muted">{closed}</span> : null}
        {periods.map((period, index) => (
          <span key={index} className="hours-period">
            <input
              className="input"
              type="time"
              aria-label={t("admin.hours.from", { day: label, n: index + 1 })}
              value={period[0]}
              onChange={(event) => set(index, 0, event.target.value)}
            />
            <span aria-hidden="true">–</span>
            <input
              className="input"
              type="time"
              aria-label={t("admin.hours.until", { day: label, n: index + 1 })}
              value={period[1]}
              onChange={(event) => set(index, 1, event.target.value)}
            />
            <button
              type="button"
              className="button small"
              aria-label={t("admin.hours.removePeriod", { day: label, n: index + 1 })}
              onClick={() => onChange(periods.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </span>
        ))}
        <button
          type="button"
          className="button small"
          aria-label={t("admin.hours.addPeriodTo", { day: label })}
          onClick={() => onChange([...periods, ["09:00", "17:00"]])}
        >
          {t("admin.hours.addPeriod")}
        </button>
      </div>
    </div>
  );
}

/** The hours' own errors out of a form's field errors (loc under `prefix`, if any). */
export function hoursErrors(error: unknown, prefix?: string): Record<string, string> {
  const found: Record<string, string> = {};
  if (!(error instanceof ApiError)) return found;
  for (const item of error.problem.errors ?? []) {
    let path = item.loc[0] === "body" ? item.loc.slice(1) : item.loc;
    if (prefix) {
      if (path[0] !== prefix) continue;
      path = path.slice(1);
    }
    const part = String(path[0] ?? "days");
    found[part] ??= item.msg;
  }
  return found;
}
