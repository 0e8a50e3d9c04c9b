from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from helpdesk_api.schedules.hours import (
    SINCE_EVER,
    Hours,
    closed_since,
    is_open,
    last_boundary,
    next_boundary,
)

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def hours(zone: str = "Europe/Amsterdam", **days: Any) -> dict[str, Any]:
    exceptions = days.pop("exceptions", [])
    return {"timezone": zone, "days": days, "exceptions": exceptions}


def days_off(count: int) -> dict[str, Any]:
    first = date(2026, 1, 1)
    return hours("UTC", exceptions=[{"date": str(first + timedelta(days=n))} for n in range(count)])


OFFICE = hours(mon=[["09:00", "17:00"]], tue=[["09:00", "17:00"]])
# 2026-03-30 is a Monday (after Amsterdam's switch to summer time).
MONDAY = (2026, 3, 30)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (ams(*MONDAY, 9, 0), True),  # the start is inclusive
        (ams(*MONDAY, 8, 59), False),
        (ams(*MONDAY, 16, 59), True),
        (ams(*MONDAY, 17, 0), False),  # the end is exclusive
        (ams(2026, 4, 1, 10, 0), False),  # Wednesday: not listed
    ],
)
def test_a_period_opens_at_its_start_and_closes_at_its_end(
    moment: datetime, expected: bool
) -> None:
    assert is_open(OFFICE, moment) is expected


def test_boundaries_of_an_office_day() -> None:
    assert last_boundary(OFFICE, ams(*MONDAY, 12, 0)) == ams(*MONDAY, 9, 0)
    assert next_boundary(OFFICE, ams(*MONDAY, 12, 0)) == ams(*MONDAY, 17, 0)
    assert last_boundary(OFFICE, ams(*MONDAY, 9, 0)) == ams(*MONDAY, 9, 0)
    assert next_boundary(OFFICE, ams(*MONDAY, 9, 0)) == ams(*MONDAY, 17, 0)
    # Tuesday evening to next Monday morning is one closed stretch.
    assert last_boundary(OFFICE, ams(2026, 4, 3, 12, 0)) == ams(2026, 3, 31, 17, 0)
    assert next_boundary(OFFICE, ams(2026, 4, 3, 12, 0)) == ams(2026, 4, 6, 9, 0)


def test_several_periods_a_day() -> None:
    split = hours(mon=[["13:00", "17:00"], ["09:00", "12:00"]])
    assert is_open(split, ams(*MONDAY, 11, 59))
    assert not is_open(split, ams(*MONDAY, 12, 30))
    assert is_open(split, ams(*MONDAY, 13, 0))
    assert last_boundary(split, ams(*MONDAY, 12, 30)) == ams(*MONDAY, 12, 0)
    assert next_boundary(split, ams(*MONDAY, 12, 30)) == ams(*MONDAY, 13, 0)


def test_a_period_ending_before_its_start_crosses_midnight() -> None:
    night = hours(fri=[["22:00", "02:00"]], sun=[["23:00", "01:00"]])
    assert not is_open(night, ams(2026, 4, 3, 21, 59))
    assert is_open(night, ams(2026, 4, 3, 22, 0))
    assert is_open(night, ams(2026, 4, 4, 1, 0))  # Saturday 01:00
    assert not is_open(night, ams(2026, 4, 4, 2, 0))
    assert next_boundary(night, ams(2026, 4, 3, 23, 0)) == ams(2026, 4, 4, 2, 0)
    # Sunday night runs into Monday: the week wraps around.
    assert is_open(night, ams(2026, 4, 6, 0, 30))
    assert not is_open(night, ams(2026, 4, 6, 1, 0))


def test_periods_that_touch_at_midnight_are_one_stretch() -> None:
    late = hours(mon=[["18:00", "24:00"]], tue=[["00:00", "06:00"]])
    assert last_boundary(late, ams(2026, 3, 31, 3, 0)) == ams(*MONDAY, 18, 0)
    assert next_boundary(late, ams(*MONDAY, 20, 0)) == ams(2026, 3, 31, 6, 0)


def test_an_exception_without_periods_is_a_day_off() -> None:
    holiday = OFFICE | {"exceptions": [{"date": "2026-03-30", "periods": []}]}
    assert not is_open(holiday, ams(*MONDAY, 10, 0))
    assert is_open(holiday, ams(2026, 3, 31, 10, 0))
    assert is_open(holiday, ams(2026, 4, 6, 10, 0))  # only that Monday
    assert next_boundary(holiday, ams(*MONDAY, 10, 0)) == ams(2026, 3, 31, 9, 0)


def test_an_exception_with_periods_is_a_one_off_shift() -> None:
    shifts = OFFICE | {
        "exceptions": [
            {"date": "2026-03-30", "periods": [["12:00", "13:00"]]},
            {"date": "2026-04-05", "periods": [["22:00", "03:00"]]},  # a Sunday, crossing
        ]
    }
    assert not is_open(shifts, ams(*MONDAY, 10, 0))
    assert is_open(shifts, ams(*MONDAY, 12, 30))
    assert not is_open(shifts, ams(*MONDAY, 13, 0))
    assert is_open(shifts, ams(2026, 4, 5, 22, 0))
    assert is_open(shifts, ams(2026, 4, 6, 2, 59))
    assert not is_open(shifts, ams(2026, 4, 6, 3, 0))
    assert is_open(shifts, ams(2026, 4, 6, 9, 0))  # the Monday after is an ordinary one


def test_an_exception_does_not_cut_the_previous_nights_period() -> None:
    night = hours(fri=[["22:00", "02:00"]], sat=[["10:00", "12:00"]])
    saturday_off = night | {"exceptions": [{"date": "2026-04-04", "periods": []}]}
    assert is_open(saturday_off, ams(2026, 4, 4, 1, 0))
    assert not is_open(saturday_off, ams(2026, 4, 4, 10, 0))
    friday_off = night | {"exceptions": [{"date": "2026-04-03", "periods": []}]}
    assert not is_open(friday_off, ams(2026, 4, 4, 1, 0))


def test_always_closed_or_always_open_hours_have_no_boundaries() -> None:
    closed = hours()
    around_the_clock = hours(**{day: [["00:00", "24:00"]] for day in EVERY_DAY})
    at = ams(*MONDAY, 10, 0)
    assert not is_open(closed, at)
    assert is_open(around_the_clock, at)
    for always in (closed, around_the_clock, None):
        assert (last_boundary(always, at), next_boundary(always, at)) == (None, None)
    assert is_open(None, at)


def test_far_exceptions_are_found_when_the_week_never_changes() -> None:
    closed = hours(exceptions=[{"date": "2029-01-02", "periods": [["10:00", "11:00"]]}])
    at = ams(*MONDAY, 10, 0)
    assert next_boundary(closed, at) == ams(2029, 1, 2, 10, 0)
    assert last_boundary(closed, at) is None
    assert last_boundary(closed, ams(2029, 1, 3, 0, 0)) == ams(2029, 1, 2, 11, 0)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_open(OFFICE, datetime(2026, 3, 30, 10, 0))


# Europe/Amsterdam: 2026-03-29 02:00 CET jumps to 03:00 CEST (01:00 UTC);
# 2026-10-25 03:00 CEST falls back to 02:00 CET (01:00 UTC), so 02:00-03:00 happens twice.


def test_amsterdam_spring_forward_shortens_a_period_by_the_skipped_hour() -> None:
    early = hours(sun=[["01:00", "05:00"]])
    assert last_boundary(early, utc(2026, 3, 29, 1, 30)) == utc(2026, 3, 29, 0, 0)  # 01:00 CET
    assert next_boundary(early, utc(2026, 3, 29, 1, 30)) == utc(2026, 3, 29, 3, 0)  # 05:00 CEST


def test_amsterdam_a_skipped_time_happens_at_the_jump() -> None:
    # Saturday night until 02:30 and Sunday from 02:30: both happen at 03:00 CEST, so the
    # two periods still touch and nothing closes in between.
    around_jump = hours(sat=[["22:00", "02:30"]], sun=[["02:30", "04:00"]])
    assert is_open(around_jump, utc(2026, 3, 29, 0, 59))
    assert is_open(around_jump, utc(2026, 3, 29, 1, 0))
    assert next_boundary(around_jump, utc(2026, 3, 29, 0, 0)) == utc(2026, 3, 29, 2, 0)
    ends_in_gap = hours(sat=[["22:00", "02:30"]])
    assert next_boundary(ends_in_gap, utc(2026, 3, 29, 0, 0)) == utc(2026, 3, 29, 1, 0)
    inside_gap = hours(sun=[["02:00", "03:00"]])
    assert not is_open(inside_gap, utc(2026, 3, 29, 1, 0))
    assert next_boundary(inside_gap, utc(2026, 3, 28, 12, 0)) == utc(2026, 4, 5, 0, 0)


def test_amsterdam_fall_back_lengthens_a_period_and_counts_a_repeated_time_once() -> None:
    long_night = hours(sun=[["01:00", "04:00"]])
    assert last_boundary(long_night, utc(2026, 10, 25, 2, 0)) == utc(2026, 10, 24, 23, 0)
    assert next_boundary(long_night, utc(2026, 10, 25, 2, 0)) == utc(2026, 10, 25, 3, 0)
    until_half_past_two = hours(sun=[["00:00", "02:30"]])
    assert is_open(until_half_past_two, utc(2026, 10, 25, 0, 29))  # 02:29 CEST
    assert not is_open(until_half_past_two, utc(2026, 10, 25, 0, 30))  # 02:30 CEST
    assert not is_open(until_half_past_two, utc(2026, 10, 25, 1, 15))  # 02:15 CET, again
    assert last_boundary(until_half_past_two, utc(2026, 10, 25, 1, 15)) == utc(2026, 10, 25, 0, 30)


def test_amsterdam_office_hours_follow_the_local_clock_across_the_change() -> None:
    weekdays = hours(fri=[["09:00", "17:00"]], mon=[["09:00", "17:00"]])
    assert last_boundary(weekdays, utc(2026, 3, 27, 12, 0)) == utc(2026, 3, 27, 8, 0)  # CET
    assert next_boundary(weekdays, utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 30, 7, 0)  # CEST


# America/New_York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00 UTC);
# 2026-11-01 02:00 EDT falls back to 01:00 EST (06:00 UTC), so 01:00-02:00 happens twice.


def test_new_york_spring_forward() -> None:
    from_half_past_two = hours("America/New_York", sun=[["02:30", "05:00"]])
    assert not is_open(from_half_past_two, utc(2026, 3, 8, 6, 59))  # 01:59 EST
    assert is_open(from_half_past_two, utc(2026, 3, 8, 7, 0))  # 03:00 EDT
    assert last_boundary(from_half_past_two, utc(2026, 3, 8, 8, 0)) == utc(2026, 3, 8, 7, 0)
    assert next_boundary(from_half_past_two, utc(2026, 3, 8, 8, 0)) == utc(2026, 3, 8, 9, 0)
    daily = hours("America/New_York", **{day: [["09:00", "17:00"]] for day in EVERY_DAY})
    assert is_open(daily, datetime(2026, 3, 7, 9, 0, tzinfo=NYC))
    assert last_boundary(daily, utc(2026, 3, 7, 15, 0)) == utc(2026, 3, 7, 14, 0)  # EST
    assert last_boundary(daily, utc(2026, 3, 9, 15, 0)) == utc(2026, 3, 9, 13, 0)  # EDT


def test_new_york_fall_back() -> None:
    from_half_past_one = hours("America/New_York", sun=[["01:30", "08:00"]])
    assert is_open(from_half_past_one, utc(2026, 11, 1, 5, 30))  # 01:30 EDT, the first
    assert is_open(from_half_past_one, utc(2026, 11, 1, 6, 30))  # 01:30 EST: still open
    assert last_boundary(from_half_past_one, utc(2026, 11, 1, 6, 30)) == utc(2026, 11, 1, 5, 30)
    until_half_past_one = hours("America/New_York", sun=[["00:00", "01:30"]])
    assert not is_open(until_half_past_one, utc(2026, 11, 1, 6, 15))  # 01:15 EST
    assert next_boundary(until_half_past_one, utc(2026, 11, 1, 4, 0)) == utc(2026, 11, 1, 5, 30)
    assert next_boundary(until_half_past_one, utc(2026, 11, 1, 5, 30)) == utc(2026, 11, 8, 5, 0)


def test_closed_since_spans_every_closed_hours() -> None:
    inbox = hours("UTC", mon=[["09:00", "17:00"]])
    team = hours("UTC", mon=[["08:00", "16:00"]])
    monday = (2026, 3, 30)
    assert closed_since([inbox, team], utc(*monday, 12, 0)) is None
    assert closed_since([inbox, None], utc(*monday, 12, 0)) is None
    assert closed_since([inbox, team], utc(*monday, 16, 30)) == utc(*monday, 16, 0)
    # The team closed at 16:00, the inbox at 17:00: one stretch since 16:00.
    assert closed_since([inbox, team], utc(*monday, 18, 0)) == utc(*monday, 16, 0)
    # Before Monday's opening the stretch began the Monday before.
    assert closed_since([inbox, team], utc(*monday, 8, 30)) == utc(2026, 3, 23, 16, 0)
    assert closed_since([hours("UTC")], utc(*monday, 12, 0)) == SINCE_EVER


def test_hours_are_normalised_and_exceptions_omitted_when_none() -> None:
    given = hours(
        mon=[["13:00", "17:00"], ["09:00", "12:00"]],
        tue=[],
        exceptions=[
            {"date": "2026-12-26", "periods": []},
            {"date": "2026-12-24", "periods": [["13:00", "14:00"], ["09:00", "12:00"]]},
        ],
    )
    assert Hours.model_validate(given).model_dump(mode="json") == {
        "timezone": "Europe/Amsterdam",
        "days": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]]},
        "exceptions": [
            {"date": "2026-12-24", "periods": [["09:00", "12:00"], ["13:00", "14:00"]]},
            {"date": "2026-12-26", "periods": []},
        ],
    }
    plain = Hours.model_validate({"timezone": "UTC", "days": {"mon": [["22:00", "02:00"]]}})
    assert plain.model_dump(mode="json") == {
        "timezone": "UTC",
        "days": {"mon": [["22:00", "02:00"]]},
    }


@pytest.mark.parametrize(
    "body",
    [
        {"timezone": "Mars/Olympus", "days": {}},
        {"timezone": "UTC", "days": {"mon": [["09:00", "09:00"]]}},  # empty
        {"timezone": "UTC", "days": {"mon": [["24:00", "02:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["09:00", "13:00"], ["12:00", "17:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["22:00", "02:00"]], "tue": [["01:00", "03:00"]]}},
        {"timezone": "UTC", "days": {"sun": [["22:00", "02:00"]], "mon": [["01:00", "03:00"]]}},
        {"timezone": "UTC", "days": {"mon": [["08:00", "07:00"]]}, "exceptions": "x"},
        {"timezone": "UTC", "days": {}, "exceptions": [{"date": "2026-02-30", "periods": []}]},
        {"timezone": "UTC", "days": {}, "exceptions": [{"date": 0}]},
        {"timezone": "UTC", "days": {}, "exceptions": [{"date": "9999-12-31"}]},
        {"timezone": "UTC", "days": {}, "exceptions": [{"date": "0001-01-01"}]},
        {"timezone": "UTC", "days": {}, "exceptions": [{"date": "2026-12-24T00:00:00"}]},
        {
            "timezone": "UTC",
            "days": {},
            "exceptions": [{"date": "2026-12-24", "periods": []}] * 2,
        },
        {
            "timezone": "UTC",
            "days": {"fri": [["22:00", "02:00"]]},
            "exceptions": [{"date": "2026-04-04", "periods": [["01:00", "05:00"]]}],
        },
        {
            "timezone": "UTC",
            "days": {},
            "exceptions": [{"date": "2026-04-04", "periods": [["09:00", "09:00"]]}],
        },
        days_off(367),
        {"timezone": "UTC", "days": {"mon": [["00:00", "01:00"]] * 13}},
    ],
)
def test_invalid_hours_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Hours.model_validate(body)


def test_a_year_of_exceptions_is_accepted() -> None:
    assert len(Hours.model_validate(days_off(366)).exceptions) == 366
