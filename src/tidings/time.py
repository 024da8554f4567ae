"""Temporal expressions → date intervals, anchored on the publication day and pointed by tense.

`resolve` takes the text of one DATE/TIME span as the parser marks it and returns the interval of
days it denotes. Worked example: in an article published on Friday 20 Nov 2015, "Putin will meet
Khamenei on Monday" (a future clause) gives `resolve("on Monday", date(2015, 11, 20), "future")`
→ 2015-11-23..2015-11-23, precision "day", basis "text"; in a past clause ("met on Monday") the same
words give 2015-11-16.

Conventions (DESIGN.md: dates are intervals; never silently use the publication date):
- Relative expressions (weekdays, "last week", "July", "Nov. 23", "two days ago") need the
  publication day; without one they resolve to None. The clock is never read.
- A year-less date ("early January") takes the year another expression of its sentence names when
  the caller passes it (`year=2017` for "in 2017 … in early January"). Otherwise the tense picks
  the occurrence a repeating name means ("Monday", "July", "Nov. 23", "the weekend"):
  past clause → the latest one starting on or before publication; future clause → the earliest one
  ending on or after it, except weekdays, which are strictly after (a writer calls the day of
  writing "today"); present clause → the one containing publication, else the nearest, ties to the
  future. "last"/"next" + name → strictly before/after publication, whatever the tense. A weekday
  written with a year-less date ("Monday, Nov. 23") picks the nearest year in which they agree.
- Weeks run Monday–Sunday.
- Precision is the granularity the expression is known to. A fuzzy part of a unit takes the next
  finer precision: "early/mid/late November" = days 1–10/11–20/21–end, precision "week";
  "early/mid/late 2017" = Jan–Apr/May–Aug/Sep–Dec, precision "month"; "the early 1990s" = 1990–93,
  precision "year"; "early next week" = Mon–Tue, precision "day". "the weekend" is precision "week".
- "since X" runs from the start of X to the publication day (precision of X); X alone when the
  publication day is unknown.
- "N units ago" / "in N units" → the calendar unit containing publication ∓ N units;
  "the past N units" → the rolling window ending on the publication day.
- Durations and vague spans ("three years", "decades", "recent weeks", "over the years") → None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from tidings.model import DateInterval, Precision

__all__ = ["Tense", "resolve"]

Tense = Literal["past", "present", "future"]
# How to pick among occurrences of a repeating name: by tense, or strictly before/after publication.
Direction = Literal["past", "present", "future", "before", "after"]
Unit = Literal["day", "week", "month", "year"]
UNITS: dict[str, Unit] = {"day": "day", "week": "week", "month": "month", "year": "year"}

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30,
}
# Days relative to publication, for words that name one day.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}
# "this/last/next <unit>": offset in units from the publication's unit.
UNIT_OFFSETS: dict[str, int] = {
    "this": 0, "current": 0, "last": -1, "this past": -1,
    "next": 1, "coming": 1, "the coming": 1, "this coming": 1,
}
# "last/next <name>": which occurrence, whatever the clause's tense.
NAME_DIRECTIONS: dict[str, Direction] = {
    "last": "before", "this past": "before", "next": "after", "this coming": "after",
}
# Leading words that do not change the interval ("on Monday", "by 2020", "over the weekend").
PREPOSITIONS = ("on", "in", "at", "by", "until", "till", "through", "throughout", "during", "over",
                "for", "from", "of", "around", "about", "as of")
# Words that name a fuzzy part of a unit ("the end of 2017" is late 2017).
PARTS: dict[str, str] = {
    "early": "early", "beginning of": "early", "start of": "early",
    "mid": "mid", "middle of": "mid", "late": "late", "end of": "late",
    "first half of": "first half", "second half of": "second half",
}
# Each part as sub-unit bounds, 1-based and inclusive (None: to the month's end): days of a week or
# month, months of a year, years of a decade.
PART_BOUNDS: dict[str, dict[str, tuple[int, int | None]]] = {
    "week": {"early": (1, 2), "mid": (3, 4), "late": (5, 7)},
    "month": {"early": (1, 10), "mid": (11, 20), "late": (21, None), "first half": (1, 15),
              "second half": (16, None)},
    "year": {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "first half": (1, 6), "second half": (7, 12)},
    "decade": {"early": (1, 4), "mid": (5, 7), "late": (8, 10), "first half": (1, 5), "second half": (6, 10)},
}
# A part of a unit is known to the next finer precision.
PART_PRECISION: dict[str, Precision] = {"week": "day", "month": "week", "year": "month", "decade": "year"}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUMBER = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_UNIT = r"(day|week|month|year)s?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Clock times say nothing about the day: "10 a.m. Monday" is Monday.
_CLOCK_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?=\W|$)|\b\d{1,2}:\d{2}\b"
                         r"|\b(?:local time|gmt|utc)\b")


@dataclass(frozen=True, slots=True)
class _Anchor:
    """What relative expressions are measured from: the publication day and the clause's tense."""

    published: date | None
    tense: Tense
    year: int | None = None


@dataclass(frozen=True, slots=True)
class _Partial:
    """A calendar date with parts possibly missing: "Nov. 23" has no year, "3" only a day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None


def resolve(expr: str, published: date | None, tense: Tense = "past", *,
            year: int | None = None) -> DateInterval | None:
    """The interval of days `expr` denotes in an article of `published`, in a clause of `tense`.

    `year` is a year the same sentence names ("in 2017 … in early January"): dates written without
    a year take it instead of the year the tense points to.
    """
    text = _normalise(expr)
    try:
        return _resolve_text(text, _Anchor(published, tense, year)) if text else None
    except (ValueError, OverflowError):  # arithmetic past year 1 or 9999
        return None


def _resolve_text(text: str, anchor: _Anchor) -> DateInterval | None:
    """Try each pattern family in turn; the first that understands the text wins."""
    for family in _FAMILIES:
        interval = family(text, anchor)
        if interval is not None:
            return interval
    return None


def _normalise(expr: str) -> str:
    """Lower case, no punctuation or clock times, so that patterns see only the words that date."""
    text = expr.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = _CLOCK_TIME.sub(" ", text)
    text = re.sub(r"(\d0)'s\b", r"\1s", text)  # "the 1990's"
    text = re.sub(r"'s\b", "", text)  # "last week's"
    text = re.sub(r"[.,;:!?()\"']", " ", text)
    text = re.sub(r"\b(early|mid|late)-", r"\1 ", text)  # "mid-2017"
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


# ---- calendar arithmetic -------------------------------------------------------------------

def _day(d: date) -> DateInterval:
    return DateInterval(d, d, "day")


def _week_of(d: date) -> DateInterval:
    monday = d - timedelta(days=d.weekday())
    return DateInterval(monday, monday + timedelta(days=6), "week")


def _month(year: int, month: int) -> DateInterval:
    return DateInterval(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _year(year: int) -> DateInterval:
    return DateInterval(date(year, 1, 1), date(year, 12, 31), "year")


def _unit_of(d: date, unit: Unit) -> DateInterval:
    """The calendar day, week, month or year containing `d`."""
    if unit == "day":
        return _day(d)
    if unit == "week":
        return _week_of(d)
    return _month(d.year, d.month) if unit == "month" else _year(d.year)


def _shift(d: date, unit: Unit, n: int) -> date:
    """`d` moved by `n` units; month and year steps keep the day, clamped to the month's end."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    months = d.year * 12 + d.month - 1 + (n if unit == "month" else 12 * n)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _number(word: str) -> int:
    """A count the `_NUMBER` pattern matched: digits or a number word."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _unit(word: str) -> Unit:
    """A unit word the `_UNIT` pattern (or a narrower one) matched."""
    return UNITS[word]


# ---- choosing among occurrences --------------------------------------------------------------

def _pick(candidates: list[DateInterval], published: date, direction: Direction) -> DateInterval | None:
    """The occurrence of a repeating date that `direction` points to from the publication day."""
    if direction == "present":
        return min(candidates, key=lambda c: (_distance(c, published), c.end < published), default=None)
    keep, latest = {
        "past": (lambda c: c.start <= published, True),
        "before": (lambda c: c.end < published, True),
        "future": (lambda c: c.end >= published, False),
        "after": (lambda c: c.start > published, False),
    }[direction]
    eligible = [c for c in candidates if keep(c)]
    if not eligible:
        return None
    return max(eligible, key=lambda c: c.start) if latest else min(eligible, key=lambda c: c.start)


def _distance(interval: DateInterval, day: date) -> int:
    if interval.start <= day <= interval.end:
        return 0
    return min(abs((interval.start - day).days), abs((interval.end - day).days))


def _in_some_year(build: Callable[[int], DateInterval | None], anchor: _Anchor) -> DateInterval | None:
    """A date without a year ("July", "Nov. 23"): the sentence's year, else the one the tense points to."""
    if anchor.year is not None:
        return build(anchor.year)
    if anchor.published is None:
        return None
    years = range(anchor.published.year - 1, anchor.published.year + 2)
    candidates = [c for c in map(build, years) if c is not None]
    return _pick(candidates, anchor.published, anchor.tense)


def _weekday_candidates(published: date, weekday: int) -> list[DateInterval]:
    return [_day(published + timedelta(days=k)) for k in range(-7, 8)
            if (published + timedelta(days=k)).weekday() == weekday]


def _weekend_candidates(published: date) -> list[DateInterval]:
    saturday = published - timedelta(days=published.weekday()) + timedelta(days=5)
    return [DateInterval(saturday + timedelta(weeks=k), saturday + timedelta(weeks=k, days=1), "week")
            for k in (-1, 0, 1)]


# ---- calendar dates ----------------------------------------------------------------------------

_PARTIAL_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), fields) for pattern, fields in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", ("year", "month", "day")),
        (rf"(\d{{1,2}}){_ORDINAL} (?:of )?({_MONTH})(?: (\d{{4}}))?", ("day", "month", "year")),
        (rf"({_MONTH}) (\d{{1,2}}){_ORDINAL}(?: (\d{{4}}))?", ("month", "day", "year")),
        (rf"({_MONTH})(?: (?:of )?(\d{{4}}))?", ("month", "year")),
        (r"(\d{4})", ("year",)),
    )
)
_DAY_ONLY = re.compile(rf"(\d{{1,2}}){_ORDINAL}(?: (\d{{4}}))?")


def _parse_partial(text: str, allow_bare_day: bool = False) -> _Partial | None:
    """Read a calendar date with optional parts; a bare day ("3" of "3-5 May") only inside ranges."""
    text = re.sub(r"^the ", "", text)  # "the 23rd of November"
    weekday = re.match(rf"(?:{_WEEKDAY}) (?=.)", text)  # "Monday, Nov. 23"
    if weekday:
        text = text[weekday.end():]
    for pattern, fields in _PARTIAL_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            values = {f: _field_value(f, v) for f, v in zip(fields, match.groups(), strict=True) if v is not None}
            if weekday and "day" not in values:
                return None  # "Monday July" is no date
            return _Partial(**values, weekday=WEEKDAYS[weekday[0].strip()] if weekday else None)
    match = _DAY_ONLY.fullmatch(text) if allow_bare_day else None
    if match:
        return _Partial(year=int(match[2]) if match[2] else None, day=int(match[1]))
    return None


def _field_value(field: str, value: str) -> int:
    return MONTHS[value] if field == "month" and not value.isdigit() else int(value)


def _partial_interval(partial: _Partial, year: int) -> DateInterval | None:
    """The day, month or year a partial date names once its year is known (None if impossible)."""
    try:
        if partial.day is not None:
            return _day(date(year, partial.month, partial.day)) if partial.month else None
        return _month(year, partial.month) if partial.month else _year(year)
    except ValueError:  # 31 June, 29 February of a common year, year 0
        return None


def _calendar_date(text: str, anchor: _Anchor) -> DateInterval | None:
    """'23 November 2015', 'November 23, 2015', '2015-11-23', 'Nov. 23', 'May 2017', 'July', '2007'."""
    partial = _parse_partial(text)
    if partial is None:
        return None
    if partial.year is not None:
        return _partial_interval(partial, partial.year)
    by_weekday = _year_by_weekday(partial, anchor)
    return by_weekday or _in_some_year(lambda year: _partial_interval(partial, year), anchor)


def _year_by_weekday(partial: _Partial, anchor: _Anchor) -> DateInterval | None:
    """'Monday, Nov. 23' without a year: the nearest year in which Nov. 23 is a Monday."""
    if partial.weekday is None:
        return None

    def on_its_weekday(year: int) -> DateInterval | None:
        day = _partial_interval(partial, year)
        return day if day is not None and day.start.weekday() == partial.weekday else None

    return _in_some_year(on_its_weekday, _Anchor(anchor.published, "present", anchor.year))


def _decade(text: str, anchor: _Anchor) -> DateInterval | None:
    """'the 1990s' → 1990-01-01..1999-12-31, precision year."""
    match = re.fullmatch(r"(?:the )?([1-9]\d{2}0)s", text)
    if not match:
        return None
    first = int(match[1])
    return DateInterval(date(first, 1, 1), date(first + 9, 12, 31), "year")


# ---- ranges --------------------------------------------------------------------------------------

_RANGE = re.compile(r"(?:(?P<between>between )|from )?(?P<left>.+?)"
                    r"(?:-| to | through | until | till | and )(?P<right>.+)")


def _range(text: str, anchor: _Anchor) -> DateInterval | None:
    """'from 3 to 5 May', '3-5 May 2019', 'May 3-5', 'between May and July 2017', 'Monday to Wednesday'."""
    match = _RANGE.fullmatch(text)
    if not match or (" and " in text and not match["between"]):
        return None
    left, right = _parse_partial(match["left"], True), _parse_partial(match["right"], True)
    if left and right:
        return _calendar_range(left, right, anchor)
    return _span(_resolve_text(match["left"], anchor), _resolve_text(match["right"], anchor))


def _calendar_range(left: _Partial, right: _Partial, anchor: _Anchor) -> DateInterval | None:
    """Two partial dates that lend each other missing parts: '3' + '5 May 2019' → 3..5 May 2019."""
    if left.day is not None and left.month is None:
        left = _Partial(left.year, right.month, left.day)
    if right.day is not None and right.month is None:
        right = _Partial(right.year, left.month, right.day)
    year = left.year if left.year is not None else right.year

    def in_year(y: int) -> DateInterval | None:
        start, end = _partial_interval(left, left.year or y), _partial_interval(right, right.year or y)
        if start and end and end.end < start.start and right.year is None:
            end = _partial_interval(right, y + 1)  # "from December to February"
        return _span(start, end)

    return in_year(year) if year is not None else _in_some_year(in_year, anchor)


def _span(start: DateInterval | None, end: DateInterval | None) -> DateInterval | None:
    """From the start of one interval to the end of another, at the coarser of their precisions."""
    if start is None or end is None or end.end < start.start:
        return None
    order: tuple[Precision, ...] = ("day", "week", "month", "year")
    precision = max(start.precision, end.precision, key=order.index)
    return DateInterval(start.start, end.end, precision)


# ---- repeating names: weekdays, months, the weekend ---------------------------------------------

_NAMED = re.compile(rf"(?:(?P<det>this past|this coming|last|next|this|the) )?(?:(?:early|late) )?"
                    rf"(?P<name>{_WEEKDAY}|{_MONTH}|weekend){_PART_OF_DAY}")


def _named_occurrence(text: str, anchor: _Anchor) -> DateInterval | None:
    """'Monday', 'on Friday night', 'last Monday', 'next July', 'the weekend': the occurrence meant."""
    match = _NAMED.fullmatch(text)
    if not match or anchor.published is None:
        return None
    name, det = match["name"], match["det"]
    if name in MONTHS and not det:
        return None  # a bare month is a calendar date
    if name == "weekend":
        candidates = _weekend_candidates(anchor.published)
    elif name in WEEKDAYS:
        candidates = _weekday_candidates(anchor.published, WEEKDAYS[name])
    else:
        year = anchor.published.year
        candidates = [_month(y, MONTHS[name]) for y in range(year - 1, year + 2)]
    direction = NAME_DIRECTIONS.get(det or "") or _tense_direction(anchor.tense, name)
    return _pick(candidates, anchor.published, direction)


def _tense_direction(tense: Tense, name: str) -> Direction:
    """A weekday in a future clause is strictly after publication; other names may include it."""
    return "after" if tense == "future" and name in WEEKDAYS else tense


# ---- relative to the publication day --------------------------------------------------------------

def _relative_day(text: str, anchor: _Anchor) -> DateInterval | None:
    """'yesterday', 'today', 'tomorrow night', 'tonight', 'last night', 'early yesterday'."""
    if anchor.published is None:
        return None
    core = re.sub(r"^(?:early|late) ", "", text)
    offset = RELATIVE_DAYS.get(core)
    if offset is None:
        offset = RELATIVE_DAYS.get(re.sub(_PART_OF_DAY + "$", "", core))
    return _day(anchor.published + timedelta(days=offset)) if offset is not None else None


def _calendar_unit(text: str, anchor: _Anchor) -> DateInterval | None:
    """'this week', 'last week', 'next month', 'last year': a whole calendar unit near publication."""
    match = re.fullmatch(rf"(?:the )?({'|'.join(UNIT_OFFSETS)}) (week|month|year)", text)
    if not match or anchor.published is None:
        return None
    unit = _unit(match[2])
    return _unit_of(_shift(anchor.published, unit, UNIT_OFFSETS[match[1]]), unit)


def _earlier_or_later_this(text: str, anchor: _Anchor) -> DateInterval | None:
    """'earlier this month' runs from the unit's start to publication; 'later this year' onwards."""
    match = re.fullmatch(r"(earlier|later) (?:this|in the) (week|month|year)", text)
    if not match or anchor.published is None:
        return None
    unit = _unit_of(anchor.published, _unit(match[2]))
    if match[1] == "earlier":
        return DateInterval(unit.start, anchor.published, unit.precision)
    return DateInterval(anchor.published, unit.end, unit.precision)


def _ago(text: str, anchor: _Anchor) -> DateInterval | None:
    """'two days ago', 'a week ago', 'three months ago': the unit containing that moment."""
    match = re.fullmatch(rf"({_NUMBER}) {_UNIT} ago", text)
    if not match or anchor.published is None:
        return None
    unit = _unit(match[2])
    return _unit_of(_shift(anchor.published, unit, -_number(match[1])), unit)


def _from_now(text: str, anchor: _Anchor) -> DateInterval | None:
    """'in two days' (future clauses only: in a past one it is a duration), 'three weeks from now'."""
    ahead = re.fullmatch(rf"in ({_NUMBER}) {_UNIT}", text) if anchor.tense == "future" else None
    match = ahead or re.fullmatch(rf"({_NUMBER}) {_UNIT} from now", text)
    if not match or anchor.published is None:
        return None
    unit = _unit(match[2])
    return _unit_of(_shift(anchor.published, unit, _number(match[1])), unit)


def _rolling_window(text: str, anchor: _Anchor) -> DateInterval | None:
    """'the past week', 'the last two months', 'the next three days': a window from or to publication."""
    match = re.fullmatch(rf"(the )?(past|last|next|coming) (?:({_NUMBER}) )?{_UNIT}", text)
    if not match or anchor.published is None:
        return None
    article, direction, count, unit_word = match.groups()
    unit = _unit(unit_word)
    backward, plural = direction in ("past", "last"), text.endswith("s")
    if count is None and (plural or not backward or (direction == "last" and not article)):
        return None  # "past weeks" is vague; "last week", "the next week" are calendar units
    n = _number(count) if count else 1
    published = anchor.published
    if backward:
        return DateInterval(_shift(published, unit, -n) + timedelta(days=1), published, unit)
    return DateInterval(published + timedelta(days=1), _shift(published, unit, n), unit)


# ---- modifiers ------------------------------------------------------------------------------------

_PART = re.compile(rf"(?:the )?({'|'.join(sorted(PARTS, key=len, reverse=True))}) (.+)")


def _part_of(text: str, anchor: _Anchor) -> DateInterval | None:
    """'late November 2015', 'early January', 'mid-2017', 'the early 1990s', 'early next week'."""
    match = _PART.fullmatch(text)
    if not match:
        return None
    part, inner = PARTS[match[1]], re.sub(r"^the (week|month|year)$", r"this \1", match[2])
    partial = _parse_partial(inner)
    if partial is not None and partial.year is None and partial.day is None:
        # "late November" in a past clause: the latest late November before publication.
        return _in_some_year(lambda year: _slice(_partial_interval(partial, year), part), anchor)
    return _slice(_resolve_text(inner, anchor), part)


def _slice(interval: DateInterval | None, part: str) -> DateInterval | None:
    """The early/mid/late part of a week, month, year or decade; a single day is its own part."""
    if interval is None or interval.start == interval.end:
        return interval
    shape = _shape(interval)
    bounds = PART_BOUNDS.get(shape or "", {}).get(part)
    if shape is None or bounds is None:
        return None
    first, last = bounds
    start, end = interval.start, interval.end
    if shape in ("week", "month"):
        end = start + timedelta(days=last - 1) if last else end
        start = start + timedelta(days=first - 1)
    else:
        assert last is not None  # only a month's parts run to its end
        if shape == "year":
            start, end = date(start.year, first, 1), _month(start.year, last).end
        else:
            start, end = date(start.year + first - 1, 1, 1), date(start.year + last - 1, 12, 31)
    return DateInterval(start, end, PART_PRECISION[shape])


def _shape(interval: DateInterval) -> str | None:
    """Which calendar unit an interval is exactly: week, month, year or decade (else None)."""
    start, end = interval.start, interval.end
    if start.weekday() == 0 and (end - start).days == 6:
        return "week"
    if start.day == 1 and end == _month(start.year, start.month).end:
        return "month"
    if (start.month, start.day) != (1, 1):
        return None
    if end == date(start.year, 12, 31):
        return "year"
    return "decade" if start.year % 10 == 0 and end == date(start.year + 9, 12, 31) else None


def _since(text: str, anchor: _Anchor) -> DateInterval | None:
    """'since 2007' runs from the start of 2007 to publication (2007 alone if that is unknown)."""
    match = re.fullmatch(r"(?:ever )?since (.+)", text)
    if not match:
        return None
    origin = _resolve_text(match[1], _Anchor(anchor.published, "past", anchor.year))
    if origin is None or anchor.published is None:
        return origin
    if origin.start > anchor.published:
        return None
    return DateInterval(origin.start, anchor.published, origin.precision)


def _preposition(text: str, anchor: _Anchor) -> DateInterval | None:
    """'on Monday', 'in July', 'by 2020', 'over the weekend': the date after the preposition."""
    for word in PREPOSITIONS:
        if text.startswith(word + " "):
            return _resolve_text(text[len(word) + 1:], anchor)
    return None


_FAMILIES: tuple[Callable[[str, _Anchor], DateInterval | None], ...] = (
    _since, _from_now, _preposition, _relative_day, _calendar_date, _decade, _named_occurrence,
    _rolling_window, _calendar_unit, _earlier_or_later_this, _ago, _part_of, _range,
)
