"""Working hours: the one model of "when are we open", for user schedules, teams and inboxes.

Stored as JSON and validated by :class:`Hours`::

    {"timezone": "Europe/Amsterdam",
     "days": {"mon": [["09:00", "12:30"], ["13:30", "17:00"]], "fri": [["22:00", "02:00"]]},
     "exceptions": [{"date": "2026-12-25", "periods": []},
                    {"date": "2026-12-27", "periods": [["10:00", "14:00"]]}]}

Everything is wall-clock time in ``timezone``:

- a period is open from its start (inclusive) to its end (exclusive); ``"24:00"`` ends it at
  midnight, and an end earlier than the start crosses midnight into the next day;
- a period belongs to the day it starts on. An exception replaces the periods that *start*
  on its date, so a holiday on Saturday does not cut Friday's 22:00-02:00 short, and a
  one-off shift that crosses midnight runs into the next day like a weekly one;
- a boundary happens the first time the clock shows its time. A time skipped when clocks
  go forward (02:30 on Amsterdam's spring-forward Sunday) happens at the jump itself (03:00
  CEST); a time shown twice when clocks go back happens at its first occurrence, and the
  repeated hour does not open or close anything again. Periods keep their wall-clock times,
  so on those days they last an hour less or more in real time.

Ask :func:`is_open`, :func:`last_boundary` and :func:`next_boundary`; nobody else reads the
dict.
"""

import bisect
import datetime as dt
import functools
import itertools
import re
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from helpdesk_api.kit.schemas import Schema

DayKey = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_KEYS: tuple[DayKey, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_PERIODS_PER_DAY = 12
MAX_EXCEPTIONS = 366
#: Exception dates; the margins keep every computation around them inside ``datetime``.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2999, 12, 31)
DAY = 24 * 60  # minutes
WEEK = 7 * DAY
#: How far a boundary is looked for: further than any realistic list of exceptions reaches.
SEARCH_DAYS = 20 * 366
#: "Always closed" for :func:`closed_since`: earlier than anything stored.
SINCE_EVER = datetime.min.replace(tzinfo=UTC)
_ONE = timedelta(days=1)

#: "HH:MM" on a 24-hour clock; "24:00" ends a period at midnight.
LocalTime = Annotated[
    str,
    Field(pattern=r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$", examples=["09:00", "24:00"]),
]
Period = tuple[LocalTime, LocalTime]
Periods = Annotated[list[Period], Field(max_length=MAX_PERIODS_PER_DAY)]
#: Minutes from the midnight of the period's day; an end past ``DAY`` crosses midnight.
Span = tuple[int, int]


def _calendar_date(value: object) -> object:
    """Only ``YYYY-MM-DD``: not the timestamps and datetimes pydantic would take for dates."""
    if isinstance(value, dt.date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date)]


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _span(period: Period) -> Span:
    start, end = _minutes(period[0]), _minutes(period[1])
    return start, end if end > start else end + DAY


def _checked(where: str, periods: list[Period]) -> list[Period]:
    """The periods in start order; ValueError when one is empty or they overlap."""
    for start, end in periods:
        if start == "24:00":
            raise ValueError(f"{where}: a period cannot start at 24:00")
        if start == end:
            raise ValueError(f"{where}: period {start}-{end} is empty (start equals end)")
    ordered = sorted(periods)
    _refuse_overlap([(f"{where} {s}-{e}", _span((s, e))) for s, e in ordered])
    return ordered


def _refuse_overlap(labelled: list[tuple[str, Span]]) -> None:
    ordered = sorted(labelled, key=lambda item: item[1])
    for (first, (_, first_end)), (second, (second_start, _)) in itertools.pairwise(ordered):
        if second_start < first_end:
            raise ValueError(f"periods overlap: {first} and {second}")


class HoursException(Schema):
    """One date's hours, replacing the weekly periods that start on that date."""

    date: CalendarDate = Field(
        description="A date in the hours' time zone, from 2000-01-01 to 2999-12-31."
    )
    periods: Periods = Field(
        default_factory=list,
        description="Empty: closed that whole day (a holiday). Otherwise exactly these "
        "periods that day (a one-off shift).",
    )

    @model_validator(mode="after")
    def _valid_periods(self) -> "HoursException":
        if not FIRST_DATE <= self.date <= LAST_DATE:
            raise ValueError(f"{self.date}: a date from {FIRST_DATE} to {LAST_DATE}")
        self.periods = _checked(self.date.isoformat(), self.periods)
        return self


class Hours(Schema):
    """Open periods per weekday in one time zone, with dated exceptions.

    Invariants after validation: ``timezone`` is an IANA name this server knows; a period
    never starts at 24:00 nor ends where it starts; each day's periods are sorted and no two
    periods overlap, also across midnight (Sunday night runs into Monday) and around
    exceptions; exceptions are sorted, one per date. A weekday left out is closed all day.
    """

    timezone: str = Field(
        max_length=64, description="IANA time zone name.", examples=["Europe/Amsterdam"]
    )
    days: dict[DayKey, Periods] = Field(
        description='Per weekday, `[["HH:MM", "HH:MM"], …]` open periods in local time. An '
        "end earlier than the start crosses midnight; `24:00` ends at midnight.",
        examples=[{"mon": [["09:00", "12:30"], ["13:30", "17:00"]], "fri": [["22:00", "02:00"]]}],
    )
    exceptions: list[HoursException] = Field(
        default_factory=list,
        max_length=MAX_EXCEPTIONS,
        exclude_if=lambda exceptions: not exceptions,
        description="Dated holidays and one-off shifts; omitted when there are none.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in _known_zones():
            raise ValueError(f"unknown time zone {value!r}; use an IANA name like Europe/Berlin")
        return value

    @field_validator("days")
    @classmethod
    def _ordered_days(cls, days: dict[DayKey, list[Period]]) -> dict[DayKey, list[Period]]:
        ordered = {day: _checked(day, days.get(day, [])) for day in DAY_KEYS}
        return {day: periods for day, periods in ordered.items() if periods}

    @field_validator("exceptions")
    @classmethod
    def _one_per_date(cls, exceptions: list[HoursException]) -> list[HoursException]:
        ordered = sorted(exceptions, key=lambda e: e.date)
        for first, second in itertools.pairwise(ordered):
            if first.date == second.date:
                raise ValueError(f"{first.date}: one exception per date")
        return ordered

    @model_validator(mode="after")
    def _no_overlap_across_days(self) -> "Hours":
        weekly = [
            (f"{day} {s}-{e}", (index * DAY + start, index * DAY + end))
            for index, day in enumerate(DAY_KEYS)
            for s, e in self.days.get(day, [])
            for start, end in [_span((s, e))]
        ]
        # Sunday night runs into Monday morning.
        weekly += [(label, (s - WEEK, e - WEEK)) for label, (s, e) in weekly if e > WEEK]
        _refuse_overlap(weekly)
        for exception in self.exceptions:
            _refuse_overlap(
                [
                    (f"{day} {s}-{e}", (offset * DAY + start, offset * DAY + end))
                    for offset in (-1, 0, 1)
                    for day in [exception.date + timedelta(days=offset)]
                    for s, e in self.periods_on(day)
                    for start, end in [_span((s, e))]
                ]
            )
        return self

    @functools.cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @functools.cached_property
    def _by_date(self) -> dict[dt.date, list[Period]]:
        return {e.date: e.periods for e in self.exceptions}

    def periods_on(self, day: dt.date) -> list[Period]:
        """The periods that start on ``day``: its exception's, else its weekday's."""
        special = self._by_date.get(day)
        return special if special is not None else self.days.get(DAY_KEYS[day.weekday()], [])

    @functools.cached_property
    def weekly_constant(self) -> bool:
        """True when the weekly periods alone never open or close: none at all, or open
        around the clock. Then only days near an exception can hold a boundary."""
        spans = sorted(
            (index * DAY + start, index * DAY + end)
            for index, day in enumerate(DAY_KEYS)
            for period in self.days.get(day, [])
            for start, end in [_span(period)]
        )
        if not spans:
            return True
        reach = max(e for _, e in spans) - WEEK  # what Sunday night covers of Monday
        for start, end in spans:
            if start > reach:
                return False
            reach = max(reach, end)
        return reach >= WEEK


HoursLike = Hours | Mapping[str, Any]


def parse(hours: HoursLike) -> Hours:
    return hours if isinstance(hours, Hours) else Hours.model_validate(hours)


def stored(hours: Hours | None) -> dict[str, Any] | None:
    """The JSON kept in a ``working_hours`` / ``hours`` column; None stays None."""
    return None if hours is None else hours.model_dump(mode="json")


def _instant(zone: zoneinfo.ZoneInfo, day: dt.date, minutes: int) -> datetime:
    """The first instant at which the clock in ``zone`` shows ``day`` + ``minutes`` or later."""
    wall = datetime.combine(day, dt.time()) + timedelta(minutes=minutes)
    earlier = wall.replace(tzinfo=zone)  # fold=0: the first of a time shown twice
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:
        return earlier.astimezone(UTC)
    # Skipped when the clocks jumped forward: the jump is the first instant past ``wall``.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())  # just before the jump
    high = int(earlier.timestamp())  # after it
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


@functools.lru_cache(maxsize=4096)
def _midnight(zone: zoneinfo.ZoneInfo, day: dt.date) -> datetime:
    return _instant(zone, day, 0)


def _intervals(hours: Hours, day: dt.date) -> list[tuple[datetime, datetime]]:
    """The open instants of the periods starting on ``day``, as ``[start, end)``."""
    found = []
    for period in hours.periods_on(day):
        start, end = _span(period)
        opens, closes = _instant(hours.zone, day, start), _instant(hours.zone, day, end)
        if opens < closes:  # a period inside a skipped hour never opens
            found.append((opens, closes))
    return found


def _around(hours: Hours, day: dt.date) -> list[tuple[datetime, datetime]]:
    """Every interval that can touch ``day``: the previous day's may cross midnight, and
    where clocks go back over midnight the next day's may start before this one ends."""
    return [i for offset in (-1, 0, 1) for i in _intervals(hours, day + timedelta(days=offset))]


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("working hours need an aware datetime")
    return at


def is_open(hours: HoursLike | None, at: datetime) -> bool:
    """Whether ``at`` (an aware datetime) falls in an open period; None is always open."""
    if hours is None:
        return True
    hours = parse(hours)
    day = _aware(at).astimezone(hours.zone).date()
    return any(opens <= at < closes for opens, closes in _around(hours, day))


def _changes(hours: Hours, day: dt.date) -> list[datetime]:
    """The instants of ``day`` (local midnight to midnight) at which the hours open or
    close, in order. Periods that touch (Monday until 24:00, Tuesday from 00:00) or overlap
    do not close in between."""
    intervals = _around(hours, day)
    window_start, window_end = _midnight(hours.zone, day), _midnight(hours.zone, day + _ONE)
    edges = sorted({t for i in intervals for t in i if window_start <= t < window_end})
    return [
        t
        for t in edges
        if any(o < t <= c for o, c in intervals) != any(o <= t < c for o, c in intervals)
    ]


def _days(hours: Hours, start: dt.date, step: int) -> Iterator[dt.date]:
    """Days that may hold a boundary, from ``start`` on, one way (``step`` ±1).

    When the weekly periods never change state, only days next to an exception can, and
    the walk jumps between those.
    """
    near_set = {e.date + timedelta(days=k) for e in hours.exceptions for k in (-1, 0, 1)}
    near = sorted(near_set)
    day = start
    for _ in range(SEARCH_DAYS):
        if not hours.weekly_constant or day in near_set:
            yield day
            day += timedelta(days=step)
            continue
        if step > 0:
            index = bisect.bisect_right(near, day)
            if index == len(near):
                return
            day = near[index]
        else:
            index = bisect.bisect_left(near, day)
            if index == 0:
                return
            day = near[index - 1]


def next_boundary(hours: HoursLike | None, at: datetime) -> datetime | None:
    """The first instant after ``at`` at which the hours open or close; None when they
    never change again (no hours, always open, always closed)."""
    if hours is None:
        return None
    hours = parse(hours)
    day = _aware(at).astimezone(hours.zone).date() - _ONE
    for candidate in _days(hours, day, +1):
        for t in _changes(hours, candidate):
            if t > at:
                return t
    return None


def last_boundary(hours: HoursLike | None, at: datetime) -> datetime | None:
    """The start of the open or closed stretch ``at`` is in: the last instant at or before
    ``at`` at which the hours opened or closed. None when they have been this way as far
    back as they reach."""
    if hours is None:
        return None
    hours = parse(hours)
    day = _aware(at).astimezone(hours.zone).date() + _ONE
    for candidate in _days(hours, day, -1):
        for t in reversed(_changes(hours, candidate)):
            if t <= at:
                return t
    return None


def closed_since(all_hours: Sequence[HoursLike | None], at: datetime) -> datetime | None:
    """When the stretch began in which at least one of ``all_hours`` is closed, up to
    ``at``; None when all of them are open at ``at``; :data:`SINCE_EVER` when closed as far
    back as they reach. (An inbox is away while its own or its team's hours are closed.)"""
    parsed = [parse(h) for h in all_hours if h is not None]
    since: datetime | None = None
    t = at
    for _ in range(64):
        closed = [h for h in parsed if not is_open(h, t)]
        if not closed:
            return since
        starts = [last_boundary(h, t) for h in closed]
        if any(start is None for start in starts):
            return SINCE_EVER
        since = min(s for s in starts if s is not None)
        t = since - timedelta(microseconds=1)
    return since
