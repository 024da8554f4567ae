"""Temporal expressions resolve to the interval the writer meant, pointed by the clause's tense."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.errors import BadInput
from tidings.model import DateInterval, Precision
from tidings.time import guess_tense, normalise, normalise_batch, resolve, year_in

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


# ---- TimeML values: normalise ----------------------------------------------------------------------
# Sentences in the styles of the news the pipeline reads: wire copy, local TV and police blotters,
# Indian and British dailies, CNN's "POSTED" stamps, court reports, business pages.

WED = date(2016, 11, 23)  # a Wednesday
THU = date(2011, 11, 10)  # a Thursday


def timeml(text, published, sentence=None, tense=None):
    """(value, type) of `text`, the tense guessed from the sentence as `tidings time` does."""
    if tense is None:
        tense = guess_tense(sentence, text) if sentence else "past"
    found = normalise(text, published, tense, sentence)
    return (found.value, found.type) if found else None


DATES = [
    ("on Monday", FRI, "Putin will meet Iran's supreme leader during a visit to Tehran on Monday.", "2015-11-23"),
    ("Tuesday", WED, "A 2-year-old girl died after shots were fired at a car Tuesday, police said.", "2016-11-22"),
    ("23 October", date(2008, 12, 13), "On 23 October, the government gave a go-ahead to the Navy.", "2008-10-23"),
    ("Aug. 28, 2015", None, "HENRY COUNTY, Ind. (Aug. 28, 2015) - Officials are investigating.", "2015-08-28"),
    ("4/11/2007", None, "Updated 4/11/2007", "2007-04-11"),
    ("last week", date(2007, 4, 10), "...from which he was fired last week, police said.", "2007-W14"),
    ("this weekend", date(2016, 10, 31), "Also this weekend, a man was shot in North Toledo.", "2016-W43-WE"),
    ("Last month", date(2008, 12, 13), "Last month, the frigate sank a trawler used as a mothership.", "2008-11"),
    ("September this year", date(2008, 12, 13), "...the hijacking of a tanker in September this year.", "2008-09"),
    ("in 2014", date(2016, 7, 27), "Waters was convicted in 2014 of burglary.", "2014"),
    ("a fortnight ago", date(2008, 12, 13), "It replaced the Tabar on patrol about a fortnight ago.", "2008-W48"),
    ("three years ago", date(2016, 9, 19), "The pistol was reported stolen three years ago.", "2013"),
    ("earlier this month", date(2016, 8, 12), "He shot and killed a 20-year-old man earlier this month.", "2016-08"),
    ("the end of the year", FRI, "The talks will be finished by the end of the year.", "2015"),
    ("the 1990s", date(2014, 3, 2), "Growth has not been this slow since the 1990s.", "199"),
    ("the 21st century", date(2014, 3, 2), "The first war of the 21st century.", "20"),
    ("summer 2015", date(2016, 1, 5), "The plant closed in summer 2015.", "2015-SU"),
    ("last winter", FRI, "Prices rose last winter.", "2014-WI"),
    ("the fourth quarter", date(2016, 1, 28), "Profit fell 8% in the fourth quarter, the company said.", "2015-Q4"),
    ("Q1 2017", None, "Sales in Q1 2017 were flat.", "2017-Q1"),
    ("fiscal 2015", None, "The ministry's budget for fiscal 2015 was cut.", "FY2015"),
    ("FY 2015-16", None, "Exports grew 4% in FY 2015-16.", "FY2016"),
    ("1957-58", None, "He was first elected in the 1957-58 session.", "1957/1958"),
    ("2014-15", None, "Attendance fell in the 2014-15 season.", "2014/2015"),
    ("3-5 May 2019", None, "The summit runs 3-5 May 2019.", "2019-05-03/2019-05-05"),
    ("Father's Day", date(2016, 6, 23), "A man has been charged in a Father's Day shooting.", "2016-06-19"),
    ("Easter", date(2016, 5, 25), "The first was on Easter, when a 3-year-old was shot.", "2016-03-27"),
    ("late November 2015", date(2018, 9, 4), "In late November 2015, Putin met Khamenei.", "2015-11"),
]


@pytest.mark.parametrize("text, published, sentence, value", DATES)
def test_time_dates_have_timeml_values(text, published, sentence, value):
    assert timeml(text, published, sentence) == (value, "DATE")


TIMES = [
    ("0815 GMT", FRI, "Troops entered the town at 0815 GMT on Friday.", "2015-11-20T08:15"),
    ("1052 GMT", None, "POSTED: 1052 GMT (1852 HKT), April 10, 2007", "2007-04-10T10:52"),
    ("9.25 a.m. on Thursday", date(2011, 11, 11), "At 9.25 a.m. on Thursday, navy personnel spotted five boats.",
     "2011-11-10T09:25"),
    ("at 9.25 a.m. on Tuesday", FRI, "The talks will open at 9.25 a.m. on Tuesday.", "2015-11-24T09:25"),
    ("Tuesday night", WED, "Family members have identified the girl killed Tuesday night.", "2016-11-22TNI"),
    ("8:26 p.m. Sunday", date(2016, 9, 27), "The family was driving about 8:26 p.m. Sunday.", "2016-09-25T20:26"),
    ("10:30 a.m.Thursday", date(2016, 5, 25), "Both will be arraigned at 10:30 a.m.Thursday.", "2016-05-26T10:30"),
    ("November 11, 2011 20:09 IST", None, "Updated: November 11, 2011 20:09 IST", "2011-11-11T20:09"),
    ("last night", date(2016, 1, 17), "The two were on the porch last night around 5:00pm.", "2016-01-16TNI"),
    ("5:00pm", date(2016, 1, 17), "The two were on the porch last night around 5:00pm.", "2016-01-16T17:00"),
    ("10:30", date(2016, 6, 29), "That shooting happened last night around 10:30 at a home.", "2016-06-28T22:30"),
    # the parser may take the day and the clock as one expression, in either order
    ("last night around 10:30", date(2016, 6, 29), "That shooting happened last night around 10:30 at a home.",
     "2016-06-28T22:30"),
    ("around 10:30 last night", date(2016, 6, 29), "Shots rang out around 10:30 last night.", "2016-06-28T22:30"),
    ("Tuesday night about 11:45", WED, "The girl was killed Tuesday night about 11:45.", "2016-11-22T23:45"),
    ("noon today", date(2008, 12, 13), "The pirates attacked around noon today, a spokesman said.", "2008-12-13T12:00"),
    ("midnight", date(2016, 8, 2), "He was shot late Monday and died just before midnight Monday.", "2016-08-01T24:00"),
    ("early Monday morning", date(2016, 6, 20), "A boy was killed early Monday morning.", "2016-06-20TMO"),
]


@pytest.mark.parametrize("text, published, sentence, value", TIMES)
def test_time_clock_times_and_parts_of_day_are_times_on_their_day(text, published, sentence, value):
    assert timeml(text, published, sentence) == (value, "TIME")


def test_time_a_clock_time_alone_is_on_the_publication_day_but_says_so():
    found = normalise("at 5 p.m.", WED, "past", "Police got a call around 5 p.m.")
    assert found is not None and (found.value, found.type) == ("2016-11-23T17:00", "TIME")
    assert found.interval == DateInterval(WED, WED, "day", "publication")
    assert resolve("at 5 p.m.", WED) is None  # the text did not give the day


def test_time_a_day_beyond_a_clause_break_is_not_the_clock_times_day():
    sentence = "2 p.m. UPDATE: Police have identified the man shot and killed on Tuesday night."
    assert timeml("2 p.m.", date(2016, 10, 5), sentence) == ("2016-10-05T14:00", "TIME")


DURATIONS = [
    ("for three days", "The ship rejoined the cruise after three days in Dubai.", "P3D"),
    ("three days", "Passengers spent three days in Dubai.", "P3D"),
    ("six-month", "The ship is on a six-month round-the-world trip.", "P6M"),
    ("24-hour", "The coalition runs a 24-hour hotline.", "PT24H"),
    ("two hours", "What followed was a tense two hours of negotiation.", "PT2H"),
    ("20 minutes", "They had spoken on the phone 20 minutes before the shooting.", "PT20M"),
    ("more than 30 years", "He has lived in Madisonville for more than 30 years.", "P30Y"),
    ("two decades", "It was the deadliest month in the city in two decades.", "P2DE"),
    ("a few hours", "He was arrested a few hours after the shootings.", "PTXH"),
    ("hours", "Detectives spent hours gathering evidence.", "PTXH"),
    ("the years", "The neighbourhood has improved over the years.", "PXY"),
    ("the past year", "The couple bought and sold homes during the past year.", "P1Y"),
    ("the past 17 months", "Eight children have been shot in the past 17 months.", "P17M"),
]


@pytest.mark.parametrize("text, sentence, value", DURATIONS)
def test_time_lengths_of_time_are_durations_not_dates(text, sentence, value):
    assert timeml(text, FRI, sentence) == (value, "DURATION")
    assert resolve(text, FRI) is None or text.startswith("the past")


def test_time_a_duration_anchored_on_publication_has_its_window():
    found = normalise("the past week", FRI)
    assert found is not None and found.type == "DURATION"
    assert found.interval == interval("2015-11-14", "2015-11-20", "week")


SETS = [
    ("every Monday", "XXXX-WXX-1", "EVERY", None),
    ("each year", "P1Y", "EACH", None),
    ("weekly", "P1W", "EVERY", None),
    ("everyday", "P1D", "EVERY", None),
    ("every morning", "XXXX-XX-XXTMO", "EVERY", None),
    ("on the weekends", "XXXX-WXX-WE", "EVERY", None),
    ("every two weeks", "P2W", "EVERY", None),
    ("twice a week", "P1W", None, "2X"),
]


@pytest.mark.parametrize("text, value, quant, freq", SETS)
def test_time_repetitions_are_sets(text, value, quant, freq):
    found = normalise(text, FRI)
    assert found is not None and (found.value, found.type, found.quant, found.freq) == (value, "SET", quant, freq)
    assert found.interval is None


REFS = [
    ("now", "PRESENT_REF"), ("right now", "PRESENT_REF"), ("currently", "PRESENT_REF"),
    ("at this time", "PRESENT_REF"), ("the past", "PAST_REF"), ("in the past", "PAST_REF"),
    ("recently", "PAST_REF"), ("years ago", "PAST_REF"), ("a few days ago", "PAST_REF"),
    ("in the future", "FUTURE_REF"), ("the days to come", "FUTURE_REF"), ("soon", "FUTURE_REF"),
]


@pytest.mark.parametrize("text, value", REFS)
def test_time_vague_references_are_refs_without_interval(text, value):
    found = normalise(text, FRI)
    assert found is not None and (found.value, found.type, found.interval) == (value, "DATE", None)


def test_time_parts_keep_the_units_value_with_a_mod():
    found = normalise("early January", MON)
    assert found is not None and (found.value, found.mod) == ("2016-01", "START")
    assert found.interval == interval("2016-01-01", "2016-01-10", "week")
    half = normalise("the first half of 2017", None)
    assert half is not None and half.value == "2017-H1"


def test_time_a_fiscal_year_has_no_interval():
    found = normalise("FY2015", None)
    assert found is not None and found.value == "FY2015" and found.interval is None


@pytest.mark.parametrize("text, published, expected", [
    ("summer 2015", None, interval("2015-06-01", "2015-08-31", "month")),
    ("winter 2015", None, interval("2015-12-01", "2016-02-29", "month")),
    ("the fourth quarter of 2015", None, interval("2015-10-01", "2015-12-31", "month")),
    ("last quarter", FRI, interval("2015-07-01", "2015-09-30", "month")),
    ("the 20th century", None, interval("1900-01-01", "1999-12-31", "year")),
    ("the '90s", FRI, interval("1990-01-01", "1999-12-31", "year")),
    ("Christmas", FRI, interval("2014-12-25")),
    ("Thanksgiving", FRI, interval("2014-11-27")),
    ("1957-58", None, interval("1957-01-01", "1958-12-31", "year")),
])
def test_time_named_parts_of_the_year_cover_their_days(text, published, expected):
    assert resolve(text, published) == expected


def test_time_last_weekday_written_the_day_after_is_a_week_earlier():
    # "Where were the people who lined up last Sunday?", asked on a Monday: not yesterday.
    assert resolve("last Sunday", date(2016, 6, 20)) == interval("2016-06-12")


# ---- numbers that are not dates ----------------------------------------------------------------------

NOT_YEARS = [
    "0815 GMT", "1052 GMT", "1930 hrs",                                   # clock times
    "4410 Elm St", "the 1200 block of Main Street", "1915 Birch Street",  # street numbers
    "the 6300", "Boeing 747", "F-16", "AK-47",                            # model numbers
    "won 2-1", "2-1",                                                     # scores
    "1500 people", "2,000 troops", "1500",                                # counts
    "$2000", "2000 dollars",                                              # money
]


@pytest.mark.parametrize("text", NOT_YEARS)
def test_time_numbers_that_are_not_dates_never_become_years(text):
    found = normalise(text, FRI)
    assert found is None or found.type == "TIME"  # a clock time is a time of the day, never a year
    assert year_in(text, FRI) is None


SENTENCES_WITHOUT_A_YEAR = [
    "Troops crossed the border at 0815 GMT, the ministry said.",
    "POSTED: 1052 GMT (1852 HKT)",
    "The shooting happened in the 1900 block of Harrison Street.",
    "Officers found him at 2500 N. Hollywood Way.",
    "The airline replaced the 6300 with a Boeing 747 on the route.",
    "Police seized 1950 rounds of ammunition and $2000 in cash.",
    "About 2,000 troops and 1500 police were deployed.",
    "Call 801-538-4100 or No. 1999 for help.",
    "The home team won 2-1 after extra time.",
    "Unemployment rose to 1985%, a record.",
    # an address after a preposition, and model years of cars (GVC dev 2d77860d; GVC train 0828d0cc,
    # 9fd23584, f4c5bd7b; ECB+ dev)
    "Ahmad Antoine, 17, of 1915 Birch St., was charged with negligent homicide.",
    "Police say a 2006 Jeep Grand Cherokee was towed to the police crime scene bay for examination.",
    "A black handgun was found next to the rear passenger door of a 2004 Buick Rendezvous parked along the street.",
    "He was shot once in the forehead as he drove a silver 2004 Ford Escape in the area of Terrace and Atlantic.",
    "She was struck by a gray 2013 Toyota Camry heading north on 117th St.",
]


@pytest.mark.parametrize("sentence", SENTENCES_WITHOUT_A_YEAR)
def test_time_year_in_skips_numbers_that_only_look_like_years(sentence):
    assert year_in(sentence, date(2008, 12, 13)) is None


@pytest.mark.parametrize("sentence, year", [
    ("In July 2014, Waters sent a letter to the judge.", 2014),
    ("A 2015 court document listed his address as the shelter.", 2015),
    ("Chicago is far surpassing the 2015 totals.", 2015),
    ("The treaty dates from 1850.", 1850),
    ("The 1990s were calm; in 1999 the war began.", 1999),
    ("Updated 4/11/2007 1:26 PM", 2007),
    ("Investment will rise by mid-2017.", 2017),
    ("Stewart hosted the 2007 Oscars only 11 days after the strike ended.", 2007),  # a maker's name only after a car's
])
def test_time_year_in_finds_stated_years(sentence, year):
    assert year_in(sentence, date(2016, 7, 27)) == year


def test_time_no_year_later_than_five_years_after_publication_unless_stated():
    assert year_in("The 2030 plan", date(2015, 1, 1)) is None
    assert year_in("The plan runs until 2030", date(2015, 1, 1)) == 2030
    assert normalise("2030", date(2015, 1, 1)) is None
    assert normalise("by 2030", date(2015, 1, 1)) is not None


def test_time_a_sentences_year_dates_a_year_less_date_only_when_stated_as_a_time():
    stated = normalise("July", date(2016, 7, 27), sentence="In 2014, he sent a letter in July.")
    modifier = normalise("Nov. 16", date(2016, 11, 18), sentence="Surpassing the 2015 totals through Nov. 16.")
    assert stated is not None and stated.value == "2014-07"
    assert modifier is not None and modifier.value == "2016-11-16"


@pytest.mark.parametrize("sentence, expr, tense", [
    ("Putin will meet Khamenei on Monday.", "on Monday", "future"),
    ("Both grandparents are scheduled to be arraigned Thursday.", "Thursday", "future"),
    ("He is due in court on November 8.", "November 8", "future"),
    ("Police said the boy died Monday.", "Monday", "past"),
    ('"The scene is going to take a long time," Wilking said Tuesday.', "Tuesday", "past"),
    ("He was arrested Monday and will appear in court.", "Monday", "past"),
])
def test_time_guess_tense_from_the_sentence(sentence, expr, tense):
    assert guess_tense(sentence, expr) == tense


def test_time_batch_goes_on_past_a_bad_line():
    lines = ['{"id": 1, "text": "on Monday", "published": "2015-11-20", "sentence": "He will go on Monday."}',
             "not json", '{"id": 2, "text": "blah", "published": "2015-11-20"}',
             '{"id": 3, "text": "Monday", "published": "20/11/2015"}', "",
             '{"id": 4, "text": "for three days", "published": null}']
    results = list(normalise_batch(lines, "in.jsonl"))
    assert [r["value"] if isinstance(r, dict) else str(r) for r in results] == [
        "2015-11-23", "in.jsonl:2: not a JSON object (Expecting value)", None,
        "in.jsonl:4: 'published' is not a YYYY-MM-DD day: '20/11/2015'", "P3D"]
    assert isinstance(results[1], BadInput)
