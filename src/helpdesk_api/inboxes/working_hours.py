"""An inbox's working hours: their validated structure and the "is it open now?" question.

Stored as JSON on the inbox; this module is the one place that knows the shape, so the
widget, auto-replies and routing ask :func:`is_open` instead of reading the dict.
"""

import functools
import itertools
import zoneinfo
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from helpdesk_api.kit.schemas import Schema

DayKey = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_KEYS: tuple[DayKey, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_INTERVALS_PER_DAY = 12

#: "HH:MM" on a 24-hour clock; "24:00" ends an interval at midnight.
LocalTime = Annotated[
    str,
    Field(pattern=r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$", examples=["09:00", "24:00"]),
]
Interval = tuple[LocalTime, LocalTime]


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class WorkingHours(Schema):
    """Open intervals per weekday in one time zone.

    Invariants after validation: ``timezone`` is an IANA name this server knows; each
    interval is ``[start, end]`` with ``start < end``; a day's intervals are sorted and do
    not overlap. A day that is left out (or has no intervals) is closed all day.
    """

    timezone: str = Field(
        max_length=64, description="IANA time zone name.", examples=["Europe/Berlin"]
    )
    days: dict[DayKey, list[Interval]] = Field(
        description='Per weekday, `[["HH:MM", "HH:MM"], …]` open intervals in local time.',
        examples=[{"mon": [["09:00", "12:30"], ["13:30", "17:00"]]}],
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in _known_zones():
            raise ValueError(f"unknown time zone {value!r}; use an IANA name like Europe/Berlin")
        return value

    @field_validator("days")
    @classmethod
    def _ordered_intervals(cls, days: dict[DayKey, list[Interval]]) -> dict[DayKey, list[Interval]]:
        ordered: dict[DayKey, list[Interval]] = {}
        for day in DAY_KEYS:
            intervals = sorted(days.get(day, []))
            if not intervals:
                continue
            if len(intervals) > MAX_INTERVALS_PER_DAY:
                raise ValueError(f"{day}: at most {MAX_INTERVALS_PER_DAY} intervals")
            for start, end in intervals:
                if start >= end:
                    raise ValueError(f"{day}: interval {start}-{end} must end after it starts")
            for (_, previous_end), (next_start, _) in itertools.pairwise(intervals):
                if next_start < previous_end:
                    raise ValueError(f"{day}: intervals overlap at {next_start}")
            ordered[day] = intervals
        return ordered


def is_open(working_hours: dict[str, Any] | None, at: datetime) -> bool:
    """Whether ``at`` (an aware datetime) falls in the stored working hours.

    No working hours means always open.
    """
    if working_hours is None:
        return True
    hours = WorkingHours.model_validate(working_hours)
    local = at.astimezone(zoneinfo.ZoneInfo(hours.timezone))
    now = local.strftime("%H:%M")
    intervals = hours.days.get(DAY_KEYS[local.weekday()], [])
    return any(start <= now < end for start, end in intervals)
