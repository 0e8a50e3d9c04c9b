from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from helpdesk_api.schedules.hours import Hours, is_open

BERLIN_DAYS = {"mon": [["13:00", "17:00"], ["09:00", "12:00"]], "sat": [["20:00", "24:00"]]}
BERLIN_OFFICE = {"timezone": "Europe/Berlin", "days": BERLIN_DAYS}


def test_intervals_are_sorted_and_empty_days_dropped() -> None:
    hours = Hours.model_validate({"timezone": "UTC", "days": BERLIN_DAYS | {"tue": []}})
    assert hours.model_dump(mode="json")["days"] == {
        "mon": [["09:00", "12:00"], ["13:00", "17:00"]],
        "sat": [["20:00", "24:00"]],
    }


@pytest.mark.parametrize(
    "body",
    [
        {"timezone": "Mars/Olympus", "days": {}},
        {"timezone": "../etc/passwd", "days": {}},
        {"timezone": "UTC", "days": {"monday": [["09:00", "17:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["9:00", "17:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["09:00", "24:01"]]}},
        {"timezone": "UTC", "days": {"mon": [["09:00", "09:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["09:00", "13:00"], ["12:00", "17:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["09:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["09:00", "12:00", "17:00"]]}},
        {"timezone": "UTC"},
    ],
)
def test_invalid_working_hours_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Hours.model_validate(body)


def test_adjacent_intervals_are_allowed() -> None:
    Hours.model_validate(
        {"timezone": "UTC", "days": {"fri": [["09:00", "12:00"], ["12:00", "18:00"]]}}
    )


def test_no_working_hours_means_always_open() -> None:
    assert is_open(None, datetime(2024, 1, 6, 3, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Monday 2024-01-08; Berlin is UTC+1 in winter.
        (datetime(2024, 1, 8, 8, 0, tzinfo=UTC), True),  # 09:00 local, start is inclusive
        (datetime(2024, 1, 8, 7, 59, tzinfo=UTC), False),
        (datetime(2024, 1, 8, 11, 0, tzinfo=UTC), False),  # 12:00 local, end is exclusive
        (datetime(2024, 1, 8, 12, 30, tzinfo=UTC), True),  # 13:30 local
        (datetime(2024, 1, 9, 10, 0, tzinfo=UTC), False),  # Tuesday: not listed, closed
        (datetime(2024, 1, 13, 22, 59, tzinfo=UTC), True),  # Saturday 23:59 local
        (datetime(2024, 1, 13, 23, 0, tzinfo=UTC), False),  # Sunday 00:00 local
        (datetime(2024, 7, 1, 7, 0, tzinfo=UTC), True),  # summer, UTC+2: 09:00 local
    ],
)
def test_is_open_uses_the_inbox_time_zone(moment: datetime, expected: bool) -> None:
    assert is_open(BERLIN_OFFICE, moment) is expected
