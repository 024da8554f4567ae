"""Temporal expressions resolve to the interval the writer meant, pointed by the clause's tense."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.model import DateInterval, Precision
from tidings.time import resolve

FRI = date(2015, 11, 20)  # seed article A: Friday
MON = date(2016, 1, 4)    # a Monday in January, just after a year boundary
SUN = date(2017, 12, 31)  # a Sunday, the last day of a year
TUE = date(2018, 9, 4)    # seed article B: Tuesday


def interval(start: str, end: str | None = None, precision: Precision = "day") -> DateInterval:
    return DateInterval(date.fromisoformat(start), date.fromisoformat(end or start), precision)


def check(expr, published, tense, expected):
    assert resolve(expr, published, tense) == expected


WEEKDAYS = [
    ("on Monday", FRI, "future", interval("2015-11-23")),
    ("Monday", FRI, "past", interval("2015-11-16")),
    ("Friday", FRI, "past", interval("2015-11-20")),
    ("Friday", FRI, "future", interval("2015-11-27")),
    ("Tuesday", FRI, "past", interval("2015-11-17")),
    ("on Thursday", FRI, "future", interval("2015-11-26")),
    ("Monday", FRI, "present", interval("2015-11-23")),
    ("Tuesday", FRI, "present", interval("2015-11-17")),
    ("Friday", FRI, "present", interval("2015-11-20")),
    ("Monday", MON, "past", interval("2016-01-04")),
    ("Monday", MON, "future", interval("2016-01-11")),
    ("Sunday", MON, "past", interval("2016-01-03")),
    ("Thursday", MON, "present", interval("2016-01-07")),
    ("Friday", MON, "present", interval("2016-01-01")),
    ("Monday", SUN, "future", interval("2018-01-01")),
    ("Sunday", SUN, "past", interval("2017-12-31")),
    ("Sunday", SUN, "future", interval("2018-01-07")),
    ("Wednesday", SUN, "present", interval("2018-01-03")),
    ("on Friday", TUE, "future", interval("2018-09-07")),
    ("Monday night", FRI, "past", interval("2015-11-16")),
    ("late Monday", FRI, "past", interval("2015-11-16")),
    ("Monday's", FRI, "past", interval("2015-11-16")),
    ("10 a.m. Monday", FRI, "future", interval("2015-11-23")),
    ("Last Monday", FRI, "future", interval("2015-11-16")),
    ("last Monday", MON, "past", interval("2015-12-28")),
    ("Next Tuesday", FRI, "past", interval("2015-11-24")),
    ("next Monday", MON, "future", interval("2016-01-11")),
]

MONTHS = [
    ("in July", FRI, "past", interval("2015-07-01", "2015-07-31", "month")),
    ("July", FRI, "future", interval("2016-07-01", "2016-07-31", "month")),
    ("November", FRI, "past", interval("2015-11-01", "2015-11-30", "month")),
    ("November", FRI, "future", interval("2015-11-01", "2015-11-30", "month")),
    ("July", FRI, "present", interval("2015-07-01", "2015-07-31", "month")),
    ("January", FRI, "present", interval("2016-01-01", "2016-01-31", "month")),
    ("December", MON, "past", interval("2015-12-01", "2015-12-31", "month")),
    ("January", MON, "past", interval("2016-01-01", "2016-01-31", "month")),
    ("December", MON, "future", interval("2016-12-01", "2016-12-31", "month")),
    ("January", SUN, "future", interval("2018-01-01", "2018-01-31", "month")),
    ("January", SUN, "past", interval("2017-01-01", "2017-01-31", "month")),
    ("December", SUN, "past", interval("2017-12-01", "2017-12-31", "month")),
    ("April", TUE, "past", interval("2018-04-01", "2018-04-30", "month")),
    ("last July", FRI, "future", interval("2015-07-01", "2015-07-31", "month")),
    ("next July", FRI, "past", interval("2016-07-01", "2016-07-31", "month")),
    ("last November", FRI, "past", interval("2014-11-01", "2014-11-30", "month")),
    ("May 2017", TUE, "past", interval("2017-05-01", "2017-05-31", "month")),
    ("May 2017", None, "past", interval("2017-05-01", "2017-05-31", "month")),
    ("November of 2015", None, "future", interval("2015-11-01", "2015-11-30", "month")),
]

PARTS = [
    ("late November 2015", TUE, "past", interval("2015-11-21", "2015-11-30", "week")),
    ("in late November 2015", None, "past", interval("2015-11-21", "2015-11-30", "week")),
    ("early January", MON, "past", interval("2016-01-01", "2016-01-10", "week")),
    ("early January", FRI, "past", interval("2015-01-01", "2015-01-10", "week")),
    ("early January", FRI, "future", interval("2016-01-01", "2016-01-10", "week")),
    ("mid-November", FRI, "past", interval("2015-11-11", "2015-11-20", "week")),
    ("late November", FRI, "past", interval("2014-11-21", "2014-11-30", "week")),
    ("late November", FRI, "future", interval("2015-11-21", "2015-11-30", "week")),
    ("late December", MON, "past", interval("2015-12-21", "2015-12-31", "week")),
    ("late February 2016", None, "past", interval("2016-02-21", "2016-02-29", "week")),
    ("early 2017", None, "past", interval("2017-01-01", "2017-04-30", "month")),
    ("mid-2017", None, "past", interval("2017-05-01", "2017-08-31", "month")),
    ("Late 2017", SUN, "past", interval("2017-09-01", "2017-12-31", "month")),
    ("the first half of 2017", None, "past", interval("2017-01-01", "2017-06-30", "month")),
    ("the second half of November 2015", None, "past", interval("2015-11-16", "2015-11-30", "week")),
    ("the early 1990s", None, "past", interval("1990-01-01", "1993-12-31", "year")),
    ("the late 1990s", None, "past", interval("1997-01-01", "1999-12-31", "year")),
    ("early next week", FRI, "future", interval("2015-11-23", "2015-11-24", "day")),
    ("late last year", MON, "past", interval("2015-09-01", "2015-12-31", "month")),
    ("by the end of the year", FRI, "future", interval("2015-09-01", "2015-12-31", "month")),
]

RELATIVE = [
    ("this week", FRI, "past", interval("2015-11-16", "2015-11-22", "week")),
    ("last week's", FRI, "past", interval("2015-11-09", "2015-11-15", "week")),
    ("last week", FRI, "present", interval("2015-11-09", "2015-11-15", "week")),
    ("next week", FRI, "future", interval("2015-11-23", "2015-11-29", "week")),
    ("last week", MON, "past", interval("2015-12-28", "2016-01-03", "week")),
    ("This week", SUN, "present", interval("2017-12-25", "2017-12-31", "week")),
    ("next week", SUN, "future", interval("2018-01-01", "2018-01-07", "week")),
    ("the coming week", SUN, "future", interval("2018-01-01", "2018-01-07", "week")),
    ("the past week", FRI, "past", interval("2015-11-14", "2015-11-20", "week")),
    ("in the past week", SUN, "past", interval("2017-12-25", "2017-12-31", "week")),
    ("the past two weeks", MON, "past", interval("2015-12-22", "2016-01-04", "week")),
    ("the next three days", SUN, "future", interval("2018-01-01", "2018-01-03", "day")),
    ("this month", FRI, "present", interval("2015-11-01", "2015-11-30", "month")),
    ("next month", FRI, "future", interval("2015-12-01", "2015-12-31", "month")),
    ("next month", SUN, "future", interval("2018-01-01", "2018-01-31", "month")),
    ("last month", MON, "past", interval("2015-12-01", "2015-12-31", "month")),
    ("Earlier this month", FRI, "past", interval("2015-11-01", "2015-11-20", "month")),
    ("later this month", FRI, "future", interval("2015-11-20", "2015-11-30", "month")),
    ("earlier this year", MON, "past", interval("2016-01-01", "2016-01-04", "year")),
    ("this year", FRI, "past", interval("2015-01-01", "2015-12-31", "year")),
    ("last year", MON, "past", interval("2015-01-01", "2015-12-31", "year")),
    ("next year", SUN, "future", interval("2018-01-01", "2018-12-31", "year")),
    ("two days ago", MON, "past", interval("2016-01-02")),
    ("2 days ago", SUN, "past", interval("2017-12-29")),
    ("A week ago", FRI, "past", interval("2015-11-09", "2015-11-15", "week")),
    ("Three months ago", FRI, "past", interval("2015-08-01", "2015-08-31", "month")),
    ("a year ago", MON, "past", interval("2015-01-01", "2015-12-31", "year")),
    ("in two days", FRI, "future", interval("2015-11-22")),
    ("three weeks from now", SUN, "present", interval("2018-01-15", "2018-01-21", "week")),
    ("yesterday", MON, "past", interval("2016-01-03")),
    ("Today", SUN, "present", interval("2017-12-31")),
    ("tomorrow", SUN, "future", interval("2018-01-01")),
    ("Tonight", FRI, "future", interval("2015-11-20")),
    ("last night", MON, "past", interval("2016-01-03")),
    ("yesterday morning", FRI, "past", interval("2015-11-19")),
    ("the day after tomorrow", SUN, "future", interval("2018-01-02")),
    ("the weekend", FRI, "future", interval("2015-11-21", "2015-11-22", "week")),
    ("the weekend", FRI, "past", interval("2015-11-14", "2015-11-15", "week")),
    ("over the weekend", MON, "past", interval("2016-01-02", "2016-01-03", "week")),
    ("the weekend", SUN, "past", interval("2017-12-30", "2017-12-31", "week")),
    ("this weekend", MON, "future", interval("2016-01-09", "2016-01-10", "week")),
    ("last weekend", SUN, "past", interval("2017-12-23", "2017-12-24", "week")),
    ("the weekend", TUE, "present", interval("2018-09-01", "2018-09-02", "week")),
]

YEARS = [
    ("2007", None, "past", interval("2007-01-01", "2007-12-31", "year")),
    ("in 2007", FRI, "future", interval("2007-01-01", "2007-12-31", "year")),
    ("the 1990s", None, "past", interval("1990-01-01", "1999-12-31", "year")),
    ("the 1990's", FRI, "past", interval("1990-01-01", "1999-12-31", "year")),
    ("since 2007", FRI, "present", interval("2007-01-01", "2015-11-20", "year")),
    ("since 2007", None, "present", interval("2007-01-01", "2007-12-31", "year")),
    ("since Monday", FRI, "present", interval("2015-11-16", "2015-11-20", "day")),
    ("since last year", MON, "present", interval("2015-01-01", "2016-01-04", "year")),
]

FULL_DATES = [
    ("23 November 2015", None, "past", interval("2015-11-23")),
    ("on 23 November 2015", FRI, "future", interval("2015-11-23")),
    ("November 23, 2015", SUN, "past", interval("2015-11-23")),
    ("Nov. 23, 2015", None, "future", interval("2015-11-23")),
    ("2015-11-23", None, "past", interval("2015-11-23")),
    ("the 23rd of November 2015", None, "past", interval("2015-11-23")),
    ("Monday, Nov. 23, 2015", None, "past", interval("2015-11-23")),
    ("on Monday, Nov. 23", FRI, "past", interval("2015-11-23")),
    ("Thursday, Sept. 6", TUE, "past", interval("2018-09-06")),
    ("Friday 23 May", TUE, "past", interval("2018-05-23")),
    ("Nov. 23", FRI, "future", interval("2015-11-23")),
    ("Nov. 23", FRI, "past", interval("2014-11-23")),
    ("Nov. 20", FRI, "past", interval("2015-11-20")),
    ("Nov. 20", FRI, "future", interval("2015-11-20")),
    ("December 25", MON, "past", interval("2015-12-25")),
    ("January 2", SUN, "future", interval("2018-01-02")),
    ("23 November", TUE, "past", interval("2017-11-23")),
    ("February 29", MON, "future", interval("2016-02-29")),
]

RANGES = [
    ("from 3 to 5 May", FRI, "future", interval("2016-05-03", "2016-05-05")),
    ("from 3 to 5 May", FRI, "past", interval("2015-05-03", "2015-05-05")),
    ("3-5 May 2019", None, "past", interval("2019-05-03", "2019-05-05")),
    ("3 \u2013 5 May 2019", TUE, "future", interval("2019-05-03", "2019-05-05")),
    ("May 3-5", SUN, "future", interval("2018-05-03", "2018-05-05")),
    ("May 3-5, 2019", None, "past", interval("2019-05-03", "2019-05-05")),
    ("Between May and July 2017", None, "past", interval("2017-05-01", "2017-07-31", "month")),
    ("May-July 2017", TUE, "past", interval("2017-05-01", "2017-07-31", "month")),
    ("December 2016 to February", None, "past", interval("2016-12-01", "2017-02-28", "month")),
    ("2015-2017", None, "past", interval("2015-01-01", "2017-12-31", "year")),
    ("from 2015 to 2017", FRI, "past", interval("2015-01-01", "2017-12-31", "year")),
    ("Monday to Wednesday", FRI, "past", interval("2015-11-16", "2015-11-18")),
    ("from late 2015 to early 2016", None, "past", interval("2015-09-01", "2016-04-30", "month")),
]

NEEDS_PUBLICATION = [
    "Monday", "on Friday", "last Monday", "July", "in July", "early January", "Nov. 23", "this week",
    "last week's", "next month", "earlier this month", "last year", "two days ago", "yesterday",
    "today", "tomorrow", "tonight", "the weekend", "the past week", "from 3 to 5 May", "May 3-5",
    "since Monday",
]

NOT_A_DATE = [
    ("over the years", "past"), ("the years", "past"), ("three years", "past"), ("decades", "past"),
    ("recent weeks", "present"), ("in recent days", "past"), ("the past few days", "past"),
    ("past weeks", "past"), ("a few days ago", "past"), ("two days later", "past"),
    ("the following week", "past"), ("in two weeks", "past"), ("for two weeks", "future"),
    ("night", "past"), ("hours", "past"), ("now", "present"), ("before 2007", "past"), ("", "past"),
    ("31 June 2015", "past"), ("from 5 to 3 May 2019", "past"), ("since 2020", "past"),
    ("the day", "past"), ("Monday July", "past"), ("the next day", "past"), ("blah", "future"),
]


@pytest.mark.parametrize("expr, published, tense, expected", WEEKDAYS)
def test_weekdays_point_by_tense(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("expr, published, tense, expected", MONTHS)
def test_months_without_year_point_by_tense(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("expr, published, tense, expected", PARTS)
def test_early_mid_late_parts(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("expr, published, tense, expected", RELATIVE)
def test_relative_to_publication(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("expr, published, tense, expected", YEARS)
def test_years_decades_and_since(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("expr, published, tense, expected", FULL_DATES)
def test_full_dates(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("expr, published, tense, expected", RANGES)
def test_ranges(expr, published, tense, expected):
    check(expr, published, tense, expected)


@pytest.mark.parametrize("tense", ["past", "present", "future"])
@pytest.mark.parametrize("expr", NEEDS_PUBLICATION)
def test_relative_expressions_need_a_publication_date(expr, tense):
    assert resolve(expr, None, tense) is None


@pytest.mark.parametrize("expr, tense", NOT_A_DATE)
@pytest.mark.parametrize("published", [FRI, MON, SUN])
def test_durations_and_vague_spans_do_not_resolve(expr, tense, published):
    assert resolve(expr, published, tense) is None


SENTENCE_YEAR = [
    ("early January", TUE, "past", 2017, interval("2017-01-01", "2017-01-10", "week")),
    ("Nov. 23", None, "future", 2015, interval("2015-11-23")),
    ("in July", None, "past", 2015, interval("2015-07-01", "2015-07-31", "month")),
    ("from 3 to 5 May", FRI, "future", 2019, interval("2019-05-03", "2019-05-05")),
    ("May 2017", FRI, "past", 2015, interval("2017-05-01", "2017-05-31", "month")),
    ("Monday", FRI, "future", 2007, interval("2015-11-23")),
    ("last week", FRI, "past", 2007, interval("2015-11-09", "2015-11-15", "week")),
]


@pytest.mark.parametrize("expr, published, tense, year, expected", SENTENCE_YEAR)
def test_a_year_named_in_the_sentence_dates_year_less_calendar_dates(expr, published, tense, year,
                                                                     expected):
    assert resolve(expr, published, tense, year=year) == expected


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("part", ["early", "mid", "late"])
def test_parts_of_a_month_lie_inside_it(month, part):
    whole = resolve(f"{date(2016, month, 1):%B} 2016", None)
    piece = resolve(f"{part} {date(2016, month, 1):%B} 2016", None)
    assert whole is not None and piece is not None
    assert whole.start <= piece.start <= piece.end <= whole.end


@pytest.mark.parametrize("published", [FRI, MON, SUN, TUE])
@pytest.mark.parametrize("tense", ["past", "present", "future"])
def test_past_and_future_clauses_fall_on_their_side_of_publication(published, tense):
    for expr in ("Monday", "Thursday", "July", "Nov. 23", "the weekend", "late March"):
        found = resolve(expr, published, tense)
        assert found is not None and found.basis == "text" and found.start <= found.end
        if tense == "past":
            assert found.start <= published
        if tense == "future":
            assert found.end >= published
