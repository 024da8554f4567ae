"""Temporal expressions → TimeML values and date intervals, anchored on the publication day and pointed by tense.

`normalise` takes the text of one time expression and returns a `Timex`: its TimeML (TIMEX3) value and
type and, where the expression names days, the interval of days it covers with its precision. `resolve`
is that interval alone, for the event extractor. Worked example: in an article published on Friday
20 Nov 2015, "Putin will meet Khamenei on Monday" (a future clause) gives
`normalise("on Monday", date(2015, 11, 20), "future")` → value "2015-11-23", type DATE, interval
2015-11-23..2015-11-23, precision "day", basis "text"; in a past clause ("met on Monday") the same words
give 2015-11-16. "at 9.25 a.m. on Tuesday" in a future clause gives "2015-11-24T09:25", type TIME, and the
interval of that Tuesday; "for three days" gives "P3D", a DURATION with no interval; "every Monday" the
SET "XXXX-WXX-1".

Values are TIMEX3's (TimeML 1.2.1, as in TempEval-3): "2015-11-23", "2015-W48", "2015-W47-WE" (a weekend),
"2015-11", "2015", "2015-Q4", "2015-H1", "2015-SU" (SP, SU, FA, WI), "199" (the 1990s), "20" (the 21st
century), "2015-11-24TNI" (MO, AF, EV, NI), "2015-11-24T09:25", "P3D", "PT2H", "P2DE" (decades), "P1CE",
"PXY" (some years), "XXXX-WXX-1" (Mondays), "XXXX-XX-XXTMO" (mornings), "PRESENT_REF", "PAST_REF",
"FUTURE_REF". Two extensions: a fiscal year is "FY2015", named by the year it ends in when two are written
("2015-16" → "FY2016"); a range TimeML would split in two ("3-5 May 2019", "1957-58") is one ISO 8601
interval, "2019-05-03/2019-05-05", "1957/1958".

Conventions (DESIGN.md: dates are intervals; never silently use the publication date):
- Relative expressions (weekdays, "last week", "July", "Nov. 23", "two days ago") need the
  publication day; without one they resolve to None. The clock is never read.
- A year-less date ("early January") takes the year another expression of its sentence names when
  the caller passes it (`year=2017` for "in 2017 … in early January", or the sentence itself). Otherwise
  the tense picks the occurrence a repeating name means ("Monday", "July", "Nov. 23", "the weekend",
  "summer", "Christmas"): past clause → the latest one starting on or before publication; future clause →
  the earliest one ending on or after it, except weekdays, which are strictly after (a writer calls the
  day of writing "today"); present clause → the one containing publication, else the nearest, ties to the
  future. "last"/"next" + name → strictly before/after publication, whatever the tense. A weekday
  written with a year-less date ("Monday, Nov. 23") picks the nearest year in which they agree.
- Weeks run Monday–Sunday. Seasons are meteorological, northern: winter 2015 is Dec 2015–Feb 2016.
- Precision is the granularity the expression is known to. A fuzzy part of a unit takes the next
  finer precision and keeps the unit's value with a mod (START, MID, END): "early/mid/late November" =
  days 1–10/11–20/21–end, precision "week"; "early/mid/late 2017" = Jan–Apr/May–Aug/Sep–Dec, precision
  "month"; "the early 1990s" = 1990–93, precision "year"; "early next week" = Mon–Tue, precision "day".
  "the weekend" is precision "week".
- "since X" runs from the start of X to the publication day (precision of X); X alone when the
  publication day is unknown.
- "N units ago" / "in N units" → the calendar unit containing publication ∓ N units;
  "the past N units" → a DURATION anchored on publication: the rolling window ending that day.
- A clock time or a part of the day makes a TIME on its day ("Tuesday night" → "2015-11-24TNI"). Without
  a day of its own it takes the day its sentence names ("POSTED: 1052 GMT, April 10, 2007"), else the
  publication day with basis "publication": TimeML anchors it there, but the text did not say so, and
  `resolve` gives no interval for it.
- Durations ("three years", "for two weeks", "hours"), repetitions and the *_REF values have no interval.
  Fiscal years have none either: they start in different months by country and company.
- Numbers that are not dates never become years: clock times ("0815 GMT"), street numbers ("4410 Elm
  St", "the 1200 block"), model numbers ("the 6300", "Boeing 747"), scores, counts ("1500 people") and
  money ("$2000"). A bare four-digit year lies between 1900 and five years after publication, unless a
  word says it is a year ("in 1850", "since 1776", "1850 AD"). `year_in` applies the same rule to running text.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal, get_args

from tidings.errors import BadInput
from tidings.model import DateInterval, Precision
from tidings.words import words

__all__ = ["Tense", "Timex", "TimexType", "guess_tense", "normalise", "normalise_batch", "resolve", "year_in"]

Tense = Literal["past", "present", "future"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
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
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "a couple of": 2, "a dozen": 12, "a hundred": 100,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21,
}
# Counts that say "some" rather than how many: "a few hours" is PTXH.
VAGUE_COUNTS = ("a few", "few", "several", "many", "some", "countless", "a number of")
# Days relative to publication, for words that name one day.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
}
# "this/last/next <unit>": offset in units from the publication's unit.
UNIT_OFFSETS: dict[str, int] = {
    "this": 0, "current": 0, "last": -1, "this past": -1, "previous": -1,
    "next": 1, "coming": 1, "the coming": 1, "this coming": 1,
}
# "last/next <name>": which occurrence, whatever the clause's tense.
NAME_DIRECTIONS: dict[str, Direction] = {
    "last": "before", "this past": "before", "next": "after", "this coming": "after",
}
# Leading words that do not change the interval ("on Monday", "by 2020", "over the weekend").
PREPOSITIONS = ("on", "in", "at", "by", "until", "till", "through", "throughout", "during", "over",
                "for", "from", "of", "as of", "within")
# After these a bare four-digit number is a year, even outside 1900..publication + 5 ("in 1850").
YEAR_PREPOSITIONS = frozenset({"in", "by", "until", "till", "through", "during", "from", "of", "since", "as of"})
# Leading words that qualify the expression (TIMEX3 mod): "about three weeks", "more than 30 years".
APPROXIMATORS: dict[str, str] = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN", "just under": "LESS_THAN",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "more than": "MORE_THAN",
    "just over": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
}
# Words that name a fuzzy part of a unit ("the end of 2017" is late 2017).
PARTS: dict[str, str] = {
    "early": "early", "beginning of": "early", "start of": "early",
    "mid": "mid", "middle of": "mid", "late": "late", "end of": "late",
    "first half of": "first half", "second half of": "second half",
}
# Each part's TIMEX3 mod; the halves of a year have values of their own ("2017-H1").
PART_MODS: dict[str, str] = {"early": "START", "mid": "MID", "late": "END", "first half": "START",
                             "second half": "END"}
# Each part as sub-unit bounds, 1-based and inclusive (None: to the month's end): days of a week or
# month, months of a year, years of a decade or century.
PART_BOUNDS: dict[str, dict[str, tuple[int, int | None]]] = {
    "week": {"early": (1, 2), "mid": (3, 4), "late": (5, 7)},
    "month": {"early": (1, 10), "mid": (11, 20), "late": (21, None), "first half": (1, 15),
              "second half": (16, None)},
    "year": {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "first half": (1, 6), "second half": (7, 12)},
    "decade": {"early": (1, 4), "mid": (5, 7), "late": (8, 10), "first half": (1, 5), "second half": (6, 10)},
    "century": {"early": (1, 30), "mid": (31, 70), "late": (71, 100), "first half": (1, 50),
                "second half": (51, 100)},
}
# A part of a unit is known to the next finer precision.
PART_PRECISION: dict[str, Precision] = {"week": "day", "month": "week", "year": "month", "decade": "year",
                                        "century": "year"}
# Parts of the day (TIMEX3 codes) and the words that name a day and its part at once.
DAY_PARTS: dict[str, str] = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                             "overnight": "NI"}
DAY_PART_SHORTCUTS: dict[str, tuple[str, str]] = {
    "tonight": ("today", "night"), "last night": ("yesterday", "night"), "this morning": ("today", "morning"),
    "this afternoon": ("today", "afternoon"), "this evening": ("today", "evening"),
}
# Clock times named by a word: (hour, minute); TimeML writes midnight as the end of its day.
CLOCK_WORDS: dict[str, tuple[int, int]] = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}
# Time zones and military suffixes after a clock time ("0815 GMT", "1930 hrs", "20:09 IST").
TIME_ZONES = ("gmt", "utc", "z", "ist", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst",
              "hst", "bst", "cet", "cest", "eet", "eest", "wet", "msk", "pkt", "hkt", "sgt", "jst", "kst",
              "aest", "aedt", "awst", "nzst", "sast", "wat", "eat", "local time", "hrs", "hours", "h")
# Words that may stand beside a time of day without naming a day ("just before midnight", "that night").
TIME_FILLER = frozenset({"on", "at", "in", "the", "that", "this", "early", "late", "just", "shortly", "before",
                         "after", "about", "around", "approximately", "roughly", "until", "by", "from", "to",
                         "and", "of", "o'clock", "oclock", "sometime", "some", "time", "local", "-"})
#: Words that join a day to the clock time after it ("last night around 10:30", "Friday at 9").
TRAILING_FILLER = frozenset({"at", "around", "about", "approximately", "roughly", "by", "and", "-"})
# Lengths of time: the TIMEX3 unit letter and how many of it one word makes.
DURATION_UNITS: dict[str, tuple[str, int]] = {
    "second": ("S", 1), "minute": ("M", 1), "hour": ("H", 1), "day": ("D", 1), "week": ("W", 1),
    "fortnight": ("W", 2), "month": ("M", 1), "year": ("Y", 1), "decade": ("DE", 1), "century": ("CE", 1),
}
CLOCK_UNITS = frozenset({"second", "minute", "hour"})
# Units that are several calendar units: "a fortnight ago" is two weeks ago.
LONG_UNITS: dict[str, tuple[Unit, int]] = {"fortnight": ("week", 2), "decade": ("year", 10)}
# Phrases whose value is one of TimeML's vague references.
REFERENCES: dict[str, str] = {
    **dict.fromkeys(("now", "right now", "just now", "currently", "presently", "at present", "nowadays",
                     "these days", "this time", "this point", "the moment", "for now", "as of now",
                     "the present", "present day", "today's world"), "PRESENT_REF"),
    **dict.fromkeys(("the past", "recently", "lately", "previously", "formerly", "earlier", "long ago",
                     "a while ago", "some time ago", "not long ago", "the recent past"), "PAST_REF"),
    **dict.fromkeys(("the future", "the near future", "soon", "later", "someday",
                     "the days to come", "the weeks to come", "the months to come", "the years to come",
                     "the decades to come"), "FUTURE_REF"),
}
# Adverbs of repetition and their SET values.
SET_ADVERBS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "everyday": "P1D", "nightly": "XXXX-XX-XXTNI", "weekly": "P1W",
    "fortnightly": "P2W", "biweekly": "P2W", "monthly": "P1M", "quarterly": "P3M", "yearly": "P1Y",
    "annually": "P1Y",
}
FREQUENCIES: dict[str, int] = {"once": 1, "twice": 2, "thrice": 3}
# Season: TIMEX3 code and first month (meteorological, northern hemisphere).
SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12),
}
QUARTERS: dict[str, int] = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                            "4th": 4, "final": 4, "last": 4}
DECADE_WORDS: dict[str, int] = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                                "seventies": 7, "eighties": 8, "nineties": 9}
# Holidays: a fixed (month, day); (month, weekday, n) for the n-th weekday of the month (-1: the last);
# or days after Easter Sunday. Christian, US, UK and international holidays of English-language news.
HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int] | int] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "st patrick's day": (3, 17), "may day": (5, 1), "independence day": (7, 4), "the fourth of july": (7, 4),
    "july fourth": (7, 4), "bastille day": (7, 14), "halloween": (10, 31), "veterans day": (11, 11),
    "armistice day": (11, 11), "remembrance day": (11, 11), "christmas eve": (12, 24), "christmas": (12, 25),
    "christmas day": (12, 25), "boxing day": (12, 26), "martin luther king day": (1, 0, 3),
    "presidents day": (2, 0, 3), "mother's day": (5, 6, 2), "memorial day": (5, 0, -1),
    "father's day": (6, 6, 3), "labor day": (9, 0, 1), "columbus day": (10, 0, 2), "thanksgiving": (11, 3, 4),
    "thanksgiving day": (11, 3, 4), "good friday": -2, "easter": 0, "easter sunday": 0, "easter monday": 1,
}
# Words after a clause's tense turns to the future ("will be arraigned Thursday").
FUTURE_MARKERS = ("will", "won't", "shall", "is to", "are to", "going to", "scheduled", "expected to",
                  "is due", "are due", "set to", "set for", "plans to", "plan to", "planning to", "upcoming")
# Reporting verbs: a date after one belongs to the report ("'It will take long,' he said Tuesday").
REPORTING_VERBS = ("said", "says", "told", "tells", "announced", "reported", "added", "stated", "wrote",
                   "confirmed", "testified", "explained", "noted", "according to")
# Beside a four-digit number, these say it is not a year: the word before it ("No. 2000", "Flight 1988")...
NUMBER_LABELS = frozenset({"no", "number", "#", "model", "flight", "route", "room", "suite", "unit", "apt",
                           "apartment", "channel", "code", "zip", "bus", "exit", "page", "box", "ext",
                           "extension", "pin", "interstate", "highway", "lot", "cell", "gate", "platform"})
# ... the word after it, as a count or a measure ("1500 people", "2000 dollars"), besides plurals in -s...
COUNT_NOUNS = frozenset({"people", "police", "personnel", "staff", "crew", "cattle", "yuan", "yen", "won",
                         "rand", "baht", "naira", "euro", "km", "kg", "mph", "kph", "ft", "lb", "lbs", "m",
                         "mm", "cm", "hp", "mw", "kw", "gb", "mb", "kilometres", "acres", "percent", "per",
                         "times", "calories", "of", "or", "to", "and", "x"})
# ... or a street, with up to three capitalised words between ("4410 Elm St", "2500 N. Hollywood Way").
STREET_SUFFIXES = ("Street", "St", "Avenue", "Ave", "Av", "Road", "Rd", "Drive", "Dr", "Boulevard", "Blvd",
                   "Lane", "Ln", "Way", "Court", "Ct", "Place", "Pl", "Terrace", "Ter", "Highway", "Hwy",
                   "Parkway", "Pkwy", "Circle", "Cir", "Trail", "Trl", "Square", "Sq", "Alley", "Crescent",
                   "Close", "Row", "Plaza", "Pike", "Turnpike", "Loop", "Run", "Path", "Point", "Creek")
# Plural nouns a year may qualify ("the 2016 elections"); other plurals after a number make it a count.
YEAR_NOUNS = frozenset({"elections", "olympics", "games", "playoffs", "finals", "riots", "protests", "floods",
                        "attacks", "talks", "accords", "budgets", "midterms", "primaries", "polls", "results",
                        "figures", "totals", "numbers", "statistics", "rankings", "awards", "oscars", "grammys"})
# Words in -s that are no plural count nouns: "1999 was", "2015 has".
NOT_PLURALS = frozenset({"was", "is", "has", "does", "as", "his", "its", "this", "thus", "plus", "always", "perhaps",
                         "across", "us", "towards", "afterwards", "besides", "unless", "whereas", "news", "yes"})
# Before or after a number, these make it a year whatever its size ("in 1850", "AD 79", "1066 AD").
ERA_WORDS = frozenset({"ad", "bc", "bce", "ce"})
YEAR_WORDS = frozenset({"year", "years", "since", "circa", "c", "copyright", "class", "fiscal", "fy", "season",
                        "vintage", "spring", "summer", "fall", "autumn", "winter", "christmas", "easter"})
# How far from a time of day (in words) the day its sentence names may be, to be its day; and the marks
# that end a clause before that ("2 p.m. UPDATE: police identified the man shot on Tuesday night").
NEAR_WORDS = 12
CLAUSE_BREAKS = r"[:;\u2014\u2013]|\s-{1,2}\s"
# The latest year a bare number may be when there is no publication day (the clock is never read).
LATEST_YEAR_UNANCHORED = 2099

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_FULL_WEEKDAY = "|".join(name.lower() for name in calendar.day_name)
_NUMBER = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_VAGUE = "|".join(sorted(VAGUE_COUNTS, key=len, reverse=True))
_COUNT = rf"\d+(?:\.\d+)?|{_NUMBER}|{_VAGUE}"
_UNIT = r"(day|week|month|year)s?"
_DURATION_UNIT = r"(second|minute|hour|day|week|fortnight|month|year|decade|century|centurie)s?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_ZONE = "|".join(re.escape(z) for z in sorted(TIME_ZONES, key=len, reverse=True))
# A clock time: "9.25 a.m.", "5:00pm", "10PM", "20:09", "0815 GMT", "noon"; a zone after it is part of it.
_CLOCK = re.compile(
    r"(?:\b(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap])\.?\s?m\b\.?"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b"
    rf"|\b(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*(?:{_ZONE})\b)"
    rf"|\b(?P<word>{'|'.join(CLOCK_WORDS)})\b)(?:\s*(?:{_ZONE})\b)?")
_DAY_PART = re.compile(rf"\b({'|'.join(DAY_PARTS)})\b")
_SHORTCUT = re.compile(rf"\b({'|'.join(sorted(DAY_PART_SHORTCUTS, key=len, reverse=True))})\b")
# What a sentence may name a day with, for a time of day that names none.
_DAY_IN_SENTENCE = re.compile(
    rf"\b(?:(?:last|next|this) )?(?:{_FULL_WEEKDAY})(?: (?:{_MONTH}) \d{{1,2}}{_ORDINAL}(?: \d{{4}})?)?\b"
    rf"|\b(?:{_MONTH}) \d{{1,2}}{_ORDINAL}(?: \d{{4}})?\b|\b\d{{1,2}}{_ORDINAL} (?:{_MONTH})(?: \d{{4}})?\b"
    rf"|\b(?:{'|'.join(sorted(DAY_PART_SHORTCUTS, key=len, reverse=True))}|yesterday|today|tomorrow)\b"
    r"|\b\d{4}-\d{2}-\d{2}\b")
_FUTURE = re.compile(r"(?<=\w)'ll\b|\b(?:" + "|".join(re.escape(m) for m in FUTURE_MARKERS) + r")\b")
_REPORTING = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in REPORTING_VERBS) + r")\b")


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression as TimeML's TIMEX3 has it: its value and type, the days it covers where it
    names days (precision, and basis "publication" when only the publication day supplied the day), and
    the TIMEX3 attributes mod ("START", "APPROX", ...), quant ("EVERY", "EACH") and freq ("2X")."""

    value: str
    type: TimexType
    interval: DateInterval | None = None
    mod: str | None = None
    quant: str | None = None
    freq: str | None = None

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval
        return {"value": self.value, "type": self.type,
                "start": interval.start.isoformat() if interval else None,
                "end": interval.end.isoformat() if interval else None,
                "precision": interval.precision if interval else None,
                "basis": interval.basis if interval else None,
                "mod": self.mod, "quant": self.quant, "freq": self.freq}


_NO_TIMEX: dict[str, Any] = dict.fromkeys(Timex("", "DATE").to_dict())


@dataclass(frozen=True, slots=True)
class _Anchor:
    """What relative expressions are measured from: the publication day and the clause's tense; the year
    the sentence names, and whether a word has said that a bare number is a year ("in 1850")."""

    published: date | None
    tense: Tense
    year: int | None = None
    explicit_year: bool = False


@dataclass(frozen=True, slots=True)
class _Partial:
    """A calendar date with parts possibly missing: "Nov. 23" has no year, "3" only a day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None


def normalise(text: str, published: date | None, tense: Tense = "past", sentence: str | None = None, *,
              year: int | None = None) -> Timex | None:
    """The TimeML value, type and interval of the time expression `text`, in an article of `published`,
    in a clause of `tense`; None when `text` is no time expression.

    `sentence` is the sentence around `text`: a year it names dates year-less dates ("In 2014 … in
    July"), and a day it names dates a time of day that names none. `year` gives that year directly.
    """
    if year is None and sentence:
        year = next((y for y, stated in _years(_without(sentence, text), published) if stated), None)
    anchor = _Anchor(published, tense, year)
    try:
        return _normalise_text(text, anchor, sentence)
    except (ValueError, OverflowError):  # arithmetic past year 1 or 9999
        return None


def resolve(expr: str, published: date | None, tense: Tense = "past", *,
            year: int | None = None) -> DateInterval | None:
    """The interval of days `expr` denotes in an article of `published`, in a clause of `tense`.

    `year` is a year the same sentence names ("in 2017 … in early January"): dates written without
    a year take it instead of the year the tense points to. Only days the text states count: a clock
    time alone, which TimeML anchors on the publication day, gives None here.
    """
    timex = normalise(expr, published, tense, year=year)
    interval = timex.interval if timex is not None else None
    return interval if interval is not None and interval.basis == "text" else None


def guess_tense(sentence: str, expr: str | None = None) -> Tense:
    """'future' when a future marker ("will", "is scheduled", "is due") comes before `expr` in `sentence`
    (anywhere when `expr` is not in it) with no reporting verb between ("'It will take long,' he said
    Tuesday"), else 'past': news reports what has happened. For callers without a parse, such as
    `tidings time --sentence`."""
    text = sentence.lower().replace("\u2019", "'")
    cut = text.find(expr.lower().replace("\u2019", "'")) if expr else -1
    before = text[:cut] if cut >= 0 else text
    markers = list(_FUTURE.finditer(before))
    return "future" if markers and not _REPORTING.search(before, markers[-1].end()) else "past"


def normalise_batch(lines: Iterable[str], source: str) -> Iterator[dict[str, Any] | BadInput]:
    """`tidings time --batch`: for each JSONL record {id, text, published, sentence?, tense?}, in order,
    {id, value, type, start, end, precision, ...} (nulls when the text is no time expression); a record
    that cannot be read gives a BadInput naming `source` and its line instead, and the rest goes on.
    Without a tense, it is guessed from the sentence (`guess_tense`), else past."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            ident, text, published, sentence, tense = _batch_record(line)
        except ValueError as e:
            yield BadInput(source, str(e), line=number)
            continue
        if tense is None:
            tense = guess_tense(sentence, text) if sentence else "past"
        timex = normalise(text, published, tense, sentence)
        yield {"id": ident, **(timex.to_dict() if timex else _NO_TIMEX)}


def _batch_record(line: str) -> tuple[Any, str, date | None, str | None, Tense | None]:
    """One batch line's fields, or a ValueError saying what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"not a JSON object ({e.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if "id" not in record or not isinstance(record.get("text"), str):
        raise ValueError("needs an 'id' and a 'text' string")
    published = record.get("published")
    try:
        day = date.fromisoformat(published) if published is not None else None
    except (TypeError, ValueError):
        raise ValueError(f"'published' is not a YYYY-MM-DD day: {published!r}") from None
    sentence, tense = record.get("sentence"), record.get("tense")
    if sentence is not None and not isinstance(sentence, str):
        raise ValueError("'sentence' is not a string")
    if tense is not None and tense not in get_args(Tense):
        raise ValueError(f"'tense' is not one of {', '.join(get_args(Tense))}: {tense!r}")
    return record["id"], record["text"], day, sentence, tense


def _normalise_text(text: str, anchor: _Anchor, sentence: str | None) -> Timex | None:
    whole = _clean(text)
    if not whole:
        return None
    repeated = _repetition(whole, anchor)  # before the time of day is split off: "every morning"
    if repeated is not None:
        return repeated
    when, rest, either = _time_of_day(text)
    if when is None:
        return _understand(whole, anchor)
    rest = re.sub(r"^(?:(?:the|of) )+", "", _clean(rest))
    return _at_time_of_day(when, rest, either, anchor, sentence, text)


def _understand(text: str, anchor: _Anchor) -> Timex | None:
    """Try each pattern family in turn; the first that understands the text wins."""
    for family in _FAMILIES:
        found = family(text, anchor)
        if found is not None:
            return found
    return None


def _resolve_text(text: str, anchor: _Anchor) -> DateInterval | None:
    """The interval of an inner expression, for families that build on one ("since X", "late X")."""
    found = _understand(text, anchor)
    return found.interval if found is not None and found.type == "DATE" else None


def _clean(expr: str) -> str:
    """Lower case, no punctuation, so that patterns see only the words that date."""
    text = expr.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"(\d0)'s\b", r"\1s", text)  # "the 1990's"
    text = re.sub(r"'s\b", "", text)  # "last week's"
    # "two-years-ago", "a six-month trip", "8-year-old": the hyphens of a length of time are spaces
    text = re.sub(rf"(?<=\w)-(?=(?:ago|old|long)\b|{_DURATION_UNIT}\b)", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)|[,;:!?()\"'\u201c\u201d]", " ", text)  # keeps "1.5"
    text = re.sub(r"\b(early|mid|late)-", r"\1 ", text)  # "mid-2017"
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


def _without(sentence: str, expr: str) -> str:
    """The sentence with the expression blanked out, so that its own year is not taken for another's."""
    at = sentence.find(expr) if expr else -1
    return sentence if at < 0 else sentence[:at] + " " + sentence[at + len(expr):]


# ---- times of day --------------------------------------------------------------------------------

def _time_of_day(expr: str) -> tuple[str | None, str, bool]:
    """The TIMEX3 time part of `expr` ("T09:25", "TNI"), the rest of it, which may name the day, and
    whether the clock's hour could be after noon too ("10:30", not "10:30 a.m." nor "08:15")."""
    text = expr.lower().replace("\u2019", "'")
    clock = _CLOCK.search(text)
    when = _clock_value(clock) if clock else None
    either = bool(clock and clock["h24"] and not clock["h24"].startswith("0") and 1 <= int(clock["h24"]) < 12)
    text = _CLOCK.sub(" ", text)  # every clock: "1052 GMT (1852 HKT)"
    shortcut = _SHORTCUT.search(text)
    if shortcut:
        day, part = DAY_PART_SHORTCUTS[shortcut[1]]
        when = _later_in_day(when, f"T{DAY_PARTS[part]}") if when and either else when or f"T{DAY_PARTS[part]}"
        text = text[:shortcut.start()] + day + text[shortcut.end():]
    part_of_day = _DAY_PART.search(text)
    if part_of_day:
        part = f"T{DAY_PARTS[part_of_day[1]]}"
        when = _later_in_day(when, part) if when and either else when or part
        text = _DAY_PART.sub(" ", text)
    return when, text, either


def _later_in_day(when: str, part: str) -> str:
    """An hour written without a.m. or p.m. ("10:30") in the afternoon, evening or night named beside it
    ("10:30 Tuesday night", "last night around 10:30") is after noon: 'T22:30'."""
    if part.endswith(("TAF", "TEV", "TNI")):
        return f"T{int(when[1:3]) + 12:02d}{when[3:]}"
    return when


def _clock_value(match: re.Match[str]) -> str:
    """'T20:26' for "8:26 p.m.", 'T08:15' for "0815 GMT", 'T24:00' for "midnight"."""
    if match["word"]:
        hour, minute = CLOCK_WORDS[match["word"]]
    elif match["hm"]:
        hour, minute = int(match["hm"][:2]), int(match["hm"][2:])
    elif match["h24"]:
        hour, minute = int(match["h24"]), int(match["m24"])
    else:
        hour, minute = int(match["h"]) % 12, int(match["m"] or 0)
        hour += 12 if match["ampm"] == "p" else 0
    return f"T{hour:02d}:{minute:02d}"


def _at_time_of_day(when: str, rest: str, either: bool, anchor: _Anchor, sentence: str | None,
                    expr: str) -> Timex | None:
    """A TIME on the day the rest of the expression names; on the sentence's or the publication day when
    it names none ("at 5 p.m.", "that night")."""
    if all(word in TIME_FILLER for word in rest.split()):
        named = _day_in_sentence(sentence, expr, anchor)
        if named is not None and named.interval is not None:
            when = _later_in_day(when, named.value) if either else when
            return Timex(f"{named.interval.start.isoformat()}{when}", "TIME",
                         _day(named.interval.start))
        if anchor.published is None:
            return Timex(f"XXXX-XX-XX{when}", "TIME")
        day = DateInterval(anchor.published, anchor.published, "day", "publication")
        return Timex(f"{anchor.published.isoformat()}{when}", "TIME", day)
    words = rest.split()
    while words and words[-1] in TRAILING_FILLER:  # "last night around 10:30": the day before "around"
        words.pop()
    found = _understand(" ".join(words), anchor)
    if found is None or found.type != "DATE" or found.interval is None or found.interval.precision != "day":
        return found  # "every day at 9 a.m." is the repetition; "next week at 9" the week
    return Timex(f"{found.interval.start.isoformat()}{when}", "TIME", found.interval, mod=found.mod)


def _day_in_sentence(sentence: str | None, expr: str, anchor: _Anchor) -> Timex | None:
    """The day the sentence names within a few words of `expr`, the nearest first: "POSTED: 1052 GMT
    (1852 HKT), April 10, 2007", "last night around 5:00pm". A day further off belongs to another clause
    ("UPDATED at 3:05 p.m. … was shot Thursday night")."""
    at = sentence.find(expr) if sentence else -1
    if sentence is None or at < 0:
        return None
    before = _clean(re.split(CLAUSE_BREAKS, sentence[:at])[-1]).split()[-NEAR_WORDS:]
    after = _clean(re.split(CLAUSE_BREAKS, sentence[at + len(expr):])[0]).split()[:NEAR_WORDS]
    phrases = [(m.start(), m[0]) for m in _DAY_IN_SENTENCE.finditer(" ".join(after))]
    phrases += [(len(" ".join(before)) - m.end(), m[0]) for m in _DAY_IN_SENTENCE.finditer(" ".join(before))]
    for _, phrase in sorted(phrases):
        found = _normalise_text(phrase, anchor, None)
        if found is not None and found.interval is not None and found.interval.basis == "text" \
                and found.interval.start == found.interval.end:
            return found
    return None


# ---- calendar arithmetic -------------------------------------------------------------------

def _day(d: date) -> DateInterval:
    return DateInterval(d, d, "day")


def _week_of(d: date) -> DateInterval:
    monday = d - timedelta(days=d.weekday())
    return DateInterval(monday, monday + timedelta(days=6), "week")


def _month(year: int, month: int) -> DateInterval:
    return DateInterval(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _months(year: int, first: int, count: int) -> DateInterval:
    """`count` months from month `first` of `year`, across the year's end if need be (winter, quarters)."""
    last_year, last_month = divmod(year * 12 + first - 1 + count - 1, 12)
    return DateInterval(date(year, first, 1), _month(last_year, last_month + 1).end, "month")


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


def _easter(year: int) -> date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * leap) // 433
    month = (h + leap - 7 * m + 90) // 25
    return date(year, month, (h + leap - 7 * m + 33 * month + 19) % 32)


# ---- TimeML values -------------------------------------------------------------------------------

def _date(interval: DateInterval | None, mod: str | None = None, value: str | None = None) -> Timex | None:
    """A DATE over `interval`, its value read from the interval's shape unless given."""
    if interval is None:
        return None
    return Timex(value or _value_of(interval), "DATE", interval, mod=mod)


def _value_of(interval: DateInterval) -> str:
    """The TIMEX3 value of a calendar unit: day, week, weekend, month, year, decade or century; any other
    interval as an ISO 8601 range at its precision."""
    start, end = interval.start, interval.end
    if start == end:
        return start.isoformat()
    shape = _shape(interval)
    if shape == "week":
        return _week_value(start)
    if shape == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if shape == "year":
        return f"{start.year:04d}"
    if shape == "decade":
        return f"{start.year // 10:03d}"
    if shape == "century":
        return f"{start.year // 100:02d}"
    if start.weekday() == 5 and (end - start).days == 1:
        return _week_value(start) + "-WE"
    return f"{_value_at(start, interval.precision)}/{_value_at(end, interval.precision)}"


def _week_value(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _value_at(d: date, precision: Precision) -> str:
    """The value of the unit of `precision` containing `d`: one end of a range."""
    if precision == "day":
        return d.isoformat()
    if precision == "week":
        return _week_value(d)
    return f"{d.year:04d}-{d.month:02d}" if precision == "month" else f"{d.year:04d}"


def _duration_value(count: float | None, unit_word: str) -> str:
    """'P3D' for three days, 'PT2H' for two hours, 'P2W' for a fortnight, 'PXY' for years."""
    unit = "century" if unit_word.startswith("centur") else unit_word
    letter, size = DURATION_UNITS[unit]
    amount = "X" if count is None else f"{count * size:g}"
    return f"P{'T' if unit in CLOCK_UNITS else ''}{amount}{letter}"


def _count(word: str | None) -> float | None:
    """How many a count word says: digits, "1.5", a number word; None for "a few", "several"."""
    if word is None or word in VAGUE_COUNTS:
        return None
    return float(word) if word[0].isdigit() else NUMBER_WORDS[word]


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


def _yearly(build: Callable[[int], DateInterval | None], det: str | None, anchor: _Anchor) -> DateInterval | None:
    """A yearly occurrence ("summer", "Christmas", "the third quarter"): "last"/"next"/"this" pick it
    from publication; without them, the sentence's year or the tense does."""
    direction = NAME_DIRECTIONS.get(det or "")
    if direction is None and det not in ("this", "the current"):
        return _in_some_year(build, anchor)
    if anchor.published is None:
        return None
    years = range(anchor.published.year - 1, anchor.published.year + 2)
    candidates = [c for c in map(build, years) if c is not None]
    return _pick(candidates, anchor.published, direction or "present")


def _weekday_candidates(published: date, weekday: int) -> list[DateInterval]:
    return [_day(published + timedelta(days=k)) for k in range(-14, 15)
            if (published + timedelta(days=k)).weekday() == weekday]


def _weekend_candidates(published: date) -> list[DateInterval]:
    saturday = published - timedelta(days=published.weekday()) + timedelta(days=5)
    return [DateInterval(saturday + timedelta(weeks=k), saturday + timedelta(weeks=k, days=1), "week")
            for k in (-1, 0, 1)]


# ---- vague references and repetitions --------------------------------------------------------------

def _reference(text: str, anchor: _Anchor) -> Timex | None:
    """'now', 'currently' → PRESENT_REF; 'recently', 'the past' → PAST_REF; 'the future' → FUTURE_REF."""
    value = REFERENCES.get(text)
    return Timex(value, "DATE") if value else None


_EVERY = re.compile(rf"(every|each)(?: (other)| ({_NUMBER}))? (.+)")
_TIMES_PER = re.compile(rf"(once|twice|thrice|(?:{_NUMBER}) times) (?:a|an|per|each|every) ({_DURATION_UNIT})")
_PLURAL_NAMES = re.compile(rf"(?:the )?({_FULL_WEEKDAY}|weekend|{'|'.join(DAY_PARTS)})s")


def _repetition(text: str, anchor: _Anchor) -> Timex | None:
    """SETs: 'every Monday' (XXXX-WXX-1), 'each year' (P1Y, EACH), 'weekly', 'twice a week' (P1W, 2X),
    'on the weekends' (XXXX-WXX-WE), 'every two weeks' (P2W)."""
    if text in SET_ADVERBS:
        return Timex(SET_ADVERBS[text], "SET", quant="EVERY")
    times = _TIMES_PER.fullmatch(text)
    if times:
        n = FREQUENCIES.get(times[1]) or _number(times[1].removesuffix(" times"))
        return Timex(_duration_value(1, times[3]), "SET", freq=f"{n}X")
    plural = _PLURAL_NAMES.fullmatch(text)
    if plural:
        return Timex(_every_value(plural[1], 1) or "", "SET", quant="EVERY")
    every = _EVERY.fullmatch(text)
    if every:
        step = 2 if every[2] else (_number(every[3]) if every[3] else 1)
        value = _every_value(every[4], step)
        return Timex(value, "SET", quant=every[1].upper()) if value else None
    return None


def _every_value(name: str, step: int) -> str | None:
    """The SET value of 'every <name>': a weekday, the weekend, a part of the day, a month, a season or a unit."""
    if name in WEEKDAYS and step == 1:
        return f"XXXX-WXX-{WEEKDAYS[name] + 1}"
    if name == "weekend" and step == 1:
        return "XXXX-WXX-WE"
    if name in DAY_PARTS and step == 1:
        return f"XXXX-XX-XXT{DAY_PARTS[name]}"
    if name in MONTHS and step == 1:
        return f"XXXX-{MONTHS[name]:02d}"
    if name in SEASONS and step == 1:
        return f"XXXX-{SEASONS[name][0]}"
    unit = re.fullmatch(_DURATION_UNIT, name)
    return _duration_value(step, unit[1]) if unit else None


# ---- calendar dates ----------------------------------------------------------------------------

_PARTIAL_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), fields) for pattern, fields in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", ("year", "month", "day")),
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", ("month", "day", "year")),  # US order: "4/11/2007"
        (rf"(\d{{1,2}}){_ORDINAL} (?:of )?({_MONTH})(?: (\d{{4}}))?", ("day", "month", "year")),
        (rf"({_MONTH}) (\d{{1,2}}){_ORDINAL}(?: (\d{{4}}))?", ("month", "day", "year")),
        (rf"({_MONTH})(?: (?:of )?(\d{{4}}))?", ("month", "year")),
        (r"(?:year )?(\d{4})", ("year",)),
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


def _plausible_year(year: int, anchor: _Anchor) -> bool:
    """A bare four-digit number is a year from 1900 to five years after publication, or any when a word
    has said it is one ("in 1850"): "the 6300", "Boeing 747" and "1500" alone are not."""
    if anchor.explicit_year:
        return 1000 <= year <= 2999
    latest = anchor.published.year + 5 if anchor.published else LATEST_YEAR_UNANCHORED
    return 1900 <= year <= latest


def _year_only(partial: _Partial) -> bool:
    return partial.month is None and partial.day is None


def _calendar_date(text: str, anchor: _Anchor) -> Timex | None:
    """'23 November 2015', 'November 23, 2015', '2015-11-23', '4/11/2007', 'Nov. 23', 'May 2017', 'July', '2007'."""
    partial = _parse_partial(text)
    if partial is None:
        return None
    if partial.year is not None:
        said = re.match(r"(?:the )?year ", text) is not None  # "the year 1850"
        if _year_only(partial) and not (said or _plausible_year(partial.year, anchor)):
            return None
        return _date(_partial_interval(partial, partial.year))
    by_weekday = _year_by_weekday(partial, anchor)
    return _date(by_weekday or _in_some_year(lambda year: _partial_interval(partial, year), anchor))


def _in_relative_year(text: str, anchor: _Anchor) -> Timex | None:
    """'September this year', 'May 5 last year': a month or day of the publication's year, or one next to it."""
    match = re.fullmatch(r"(.+?) (?:of )?(this|last|next) year", text)
    partial = _parse_partial(match[1]) if match else None
    if match is None or partial is None or partial.month is None or partial.year is not None or not anchor.published:
        return None
    return _date(_partial_interval(partial, anchor.published.year + UNIT_OFFSETS[match[2]]))


def _year_by_weekday(partial: _Partial, anchor: _Anchor) -> DateInterval | None:
    """'Monday, Nov. 23' without a year: the nearest year in which Nov. 23 is a Monday."""
    if partial.weekday is None:
        return None

    def on_its_weekday(year: int) -> DateInterval | None:
        day = _partial_interval(partial, year)
        return day if day is not None and day.start.weekday() == partial.weekday else None

    return _in_some_year(on_its_weekday, _Anchor(anchor.published, "present", anchor.year))


def _two_digit_year_span(text: str, anchor: _Anchor) -> Timex | None:
    """'1957-58', 'the 2014-15 season': two years, the second written with its last two digits."""
    match = re.fullmatch(r"(?:the )?(\d{4})-(\d{2})(?: season)?", text)
    if not match or not _plausible_year(int(match[1]), anchor):
        return None
    first = int(match[1])
    second = first // 100 * 100 + int(match[2])
    second += 100 if second <= first else 0
    return _date(DateInterval(date(first, 1, 1), date(second, 12, 31), "year"), value=f"{first}/{second}")


def _decade(text: str, anchor: _Anchor) -> Timex | None:
    """'the 1990s' → 1990-01-01..1999-12-31, value "199"; 'the 90s' and 'the nineties' are the latest
    such decade that began by publication (the 1990s in 2015, the 2010s in 2019)."""
    match = re.fullmatch(r"(?:the )?([1-9]\d{2}0)s", text)
    if match:
        first = int(match[1])
    else:
        short = re.fullmatch(rf"(?:the )?(?:(\d)0s|({'|'.join(DECADE_WORDS)}))", text)
        if not short:
            return None
        tens = int(short[1]) if short[1] else DECADE_WORDS[short[2]]
        latest = anchor.published.year if anchor.published else LATEST_YEAR_UNANCHORED
        first = max(c for c in (1900 + 10 * tens, 2000 + 10 * tens) if c <= latest or c < 2000)
    return _date(DateInterval(date(first, 1, 1), date(first + 9, 12, 31), "year"))


def _century(text: str, anchor: _Anchor) -> Timex | None:
    """'the 20th century' → 1900..1999, value "19"; 'the twenty-first century' → "20"."""
    match = re.fullmatch(rf"(?:the )?(?:(\d{{1,2}}){_ORDINAL}|({'|'.join(ORDINAL_WORDS)}))[ -]century", text)
    if not match:
        return None
    n = int(match[1]) if match[1] else ORDINAL_WORDS[match[2]]
    if not 1 <= n <= 29:
        return None
    first = (n - 1) * 100
    return _date(DateInterval(date(max(first, 1), 1, 1), date(first + 99, 12, 31), "year"))


# ---- named parts of the year: seasons, quarters, holidays, fiscal years ---------------------------

_YEARLY_DET = r"(?:(?P<det>this past|this coming|the current|last|next|this|the) )?"


def _season(text: str, anchor: _Anchor) -> Timex | None:
    """'summer 2015', 'last winter', 'the spring of 2016' → "2015-SU", three months, precision month."""
    match = re.fullmatch(rf"{_YEARLY_DET}(?P<name>{'|'.join(SEASONS)})(?: (?:of )?(?P<year>\d{{4}}))?", text)
    if not match:
        return None
    code, first_month = SEASONS[match["name"]]
    interval = _in_year_or_picked(lambda year: _months(year, first_month, 3), match, anchor)
    return _date(interval, value=f"{interval.start.year:04d}-{code}" if interval else None)


def _quarter(text: str, anchor: _Anchor) -> Timex | None:
    """'the fourth quarter of 2015', 'Q4 2015', 'last quarter' → "2015-Q4", precision month."""
    relative = re.fullmatch(r"(?:the )?(this|current|last|next|previous) quarter", text)
    if relative and anchor.published:
        index = anchor.published.year * 4 + (anchor.published.month - 1) // 3 + UNIT_OFFSETS[relative[1]]
        year, quarter = divmod(index, 4)
        return _date(_months(year, 3 * quarter + 1, 3), value=f"{year:04d}-Q{quarter + 1}")
    match = re.fullmatch(rf"{_YEARLY_DET}(?:(?P<name>{'|'.join(QUARTERS)})[ -]quarter|q(?P<n>[1-4]))"
                         r"(?: (?:of )?(?:fy ?)?(?P<year>\d{4}))?", text)
    if not match:
        return None
    quarter = int(match["n"]) if match["n"] else QUARTERS[match["name"]]
    interval = _in_year_or_picked(lambda year: _months(year, 3 * quarter - 2, 3), match, anchor)
    return _date(interval, value=f"{interval.start.year:04d}-Q{quarter}" if interval else None)


def _holiday(text: str, anchor: _Anchor) -> Timex | None:
    """'Christmas', 'Easter 2016', 'last Thanksgiving', "Father's Day" → the day, by the tense like a month."""
    match = _HOLIDAY.fullmatch(text)
    if not match:
        return None
    rule = _HOLIDAY_RULES[match["name"]]
    return _date(_in_year_or_picked(lambda year: _day(_holiday_in(rule, year)), match, anchor))


def _holiday_in(rule: tuple[int, int] | tuple[int, int, int] | int, year: int) -> date:
    """The day of a holiday in `year` by its rule: fixed, n-th weekday of a month, or after Easter."""
    if isinstance(rule, int):
        return _easter(year) + timedelta(days=rule)
    if len(rule) == 2:
        return date(year, rule[0], rule[1])
    month, weekday, n = rule
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    return date(year, month, days[n - 1 if n > 0 else n])


_HOLIDAY_RULES = {_clean(name): rule for name, rule in HOLIDAYS.items()}
_HOLIDAY_NAMES = "|".join(map(re.escape, sorted(_HOLIDAY_RULES, key=len, reverse=True)))
_HOLIDAY = re.compile(rf"{_YEARLY_DET}(?P<name>{_HOLIDAY_NAMES})(?: (?:of )?(?P<year>\d{{4}}))?")


def is_holiday(text: str) -> bool:
    """Whether the expression is a holiday's name alone ("Christmas", "the Fourth of July"), with no
    year or "last"/"next" to pick one."""
    match = _HOLIDAY.fullmatch(_clean(text))
    return match is not None and not match["year"] and match["det"] in (None, "the")


def _in_year_or_picked(build: Callable[[int], DateInterval], match: re.Match[str],
                       anchor: _Anchor) -> DateInterval | None:
    """A yearly occurrence in the year written after it, else the one its determiner or the tense picks."""
    if match["year"]:
        return build(int(match["year"]))
    return _yearly(build, match["det"], anchor)


def _fiscal_year(text: str, anchor: _Anchor) -> Timex | None:
    """'fiscal 2015', 'FY2015', 'the 2015 fiscal year', 'FY 2015-16', 'next fiscal year' → "FY2015" (no interval)."""
    match = (re.fullmatch(r"(?:the )?(?:fiscal(?: year)?|fy|f y) ?(\d{4}|\d{2})(?:[-/](\d{4}|\d{2}))?", text)
             or re.fullmatch(r"(?:the )?(\d{4})(?:[-/](\d{4}|\d{2}))? fiscal year", text))
    if match:
        year = int(match[2] or match[1])
        if year < 100:
            base = int(match[1]) if len(match[1]) == 4 else (anchor.published.year if anchor.published else 2000)
            year += base // 100 * 100
            year += 100 if year < base - 50 else -100 if year > base + 50 else 0
        return Timex(f"FY{year:04d}", "DATE")
    relative = re.fullmatch(r"(?:the )?(this|current|last|previous|next) fiscal year", text)
    if relative and anchor.published:
        return Timex(f"FY{anchor.published.year + UNIT_OFFSETS[relative[1]]:04d}", "DATE")
    return None


# ---- ranges --------------------------------------------------------------------------------------

_RANGE = re.compile(r"(?:(?P<between>between )|from )?(?P<left>.+?)"
                    r"(?:-| to | through | until | till | and )(?P<right>.+)")


def _range(text: str, anchor: _Anchor) -> Timex | None:
    """'from 3 to 5 May', '3-5 May 2019', 'May 3-5', 'between May and July 2017', 'Monday to Wednesday'."""
    match = _RANGE.fullmatch(text)
    if not match or (" and " in text and not match["between"]):
        return None
    left, right = _parse_partial(match["left"], True), _parse_partial(match["right"], True)
    if left and right:
        if _year_only(left) and _year_only(right) and not all(
                p.year is not None and _plausible_year(p.year, anchor) for p in (left, right)):
            return None  # "1200-1500" is no span of years
        span = _calendar_range(left, right, anchor)
    else:
        span = _span(_resolve_text(match["left"], anchor), _resolve_text(match["right"], anchor))
    if span is None:
        return None
    return _date(span, value=f"{_value_at(span.start, span.precision)}/{_value_at(span.end, span.precision)}")


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

_NAMED = re.compile(rf"(?:(?P<det>this past|this coming|last|next|this|the) )?(?:(?P<part>early|late) )?"
                    rf"(?P<name>{_WEEKDAY}|{_MONTH}|weekend)")


def _named_occurrence(text: str, anchor: _Anchor) -> Timex | None:
    """'Monday', 'late Friday', 'last Monday', 'next July', 'the weekend': the occurrence meant."""
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
    if det in NAME_DIRECTIONS and name in WEEKDAYS:
        # "last Sunday" written on a Monday is not yesterday, nor "next Tuesday" tomorrow: the writer
        # would have said so.
        candidates = [c for c in candidates if abs((c.start - anchor.published).days) > 1]
    interval, part = _pick(candidates, anchor.published, direction), match["part"]
    if part and name not in WEEKDAYS:  # "late last July": its part, with the month's value
        return _date(_slice(interval, part), PART_MODS[part], _value_of(interval) if interval else None)
    return _date(interval, PART_MODS[part] if part else None)


def _tense_direction(tense: Tense, name: str) -> Direction:
    """A weekday in a future clause is strictly after publication; other names may include it."""
    return "after" if tense == "future" and name in WEEKDAYS else tense


# ---- relative to the publication day --------------------------------------------------------------

def _relative_day(text: str, anchor: _Anchor) -> Timex | None:
    """'yesterday', 'today', 'tomorrow', 'early yesterday', 'the day after tomorrow'."""
    if anchor.published is None:
        return None
    part = re.match(r"(early|late) ", text)
    offset = RELATIVE_DAYS.get(text[part.end():] if part else text)
    if offset is None:
        return None
    return _date(_day(anchor.published + timedelta(days=offset)), PART_MODS[part[1]] if part else None)


def _calendar_unit(text: str, anchor: _Anchor) -> Timex | None:
    """'this week', 'last week', 'next month', 'last year': a whole calendar unit near publication."""
    match = re.fullmatch(rf"(?:the )?({'|'.join(UNIT_OFFSETS)}) (week|month|year)", text)
    if not match or anchor.published is None:
        return None
    unit = _unit(match[2])
    return _date(_unit_of(_shift(anchor.published, unit, UNIT_OFFSETS[match[1]]), unit))


def _earlier_or_later_this(text: str, anchor: _Anchor) -> Timex | None:
    """'earlier this month' runs from the unit's start to publication; 'later this year' onwards."""
    match = re.fullmatch(r"(earlier|later) (?:this|in the) (week|month|year)", text)
    if not match or anchor.published is None:
        return None
    unit = _unit_of(anchor.published, _unit(match[2]))
    value = _value_of(unit)
    if match[1] == "earlier":
        return _date(DateInterval(unit.start, anchor.published, unit.precision), value=value)
    return _date(DateInterval(anchor.published, unit.end, unit.precision), value=value)


_AGO = re.compile(rf"(?:({_NUMBER}|{_VAGUE}) )?(day|week|fortnight|month|year|decade)(s?) ago")


def _ago(text: str, anchor: _Anchor) -> Timex | None:
    """'two days ago', 'a week ago', 'a fortnight ago': the unit containing that moment; 'years ago' and
    'a few days ago' are PAST_REF."""
    match = _AGO.fullmatch(text)
    if not match:
        return None
    count, unit_word, plural = match.groups()
    if count is None and not plural:
        return None  # "week ago"
    if count is None or count in VAGUE_COUNTS:
        return Timex("PAST_REF", "DATE")
    if anchor.published is None:
        return None
    unit, size = LONG_UNITS.get(unit_word) or (_unit(unit_word), 1)
    return _date(_unit_of(_shift(anchor.published, unit, -_number(count) * size), unit))


def _from_now(text: str, anchor: _Anchor) -> Timex | None:
    """'in two days' (future clauses only: in a past one it is a duration), 'three weeks from now'."""
    ahead = re.fullmatch(rf"in ({_NUMBER}) {_UNIT}", text) if anchor.tense == "future" else None
    match = ahead or re.fullmatch(rf"({_NUMBER}) {_UNIT} from now", text)
    if not match or anchor.published is None:
        return None
    unit = _unit(match[2])
    return _date(_unit_of(_shift(anchor.published, unit, _number(match[1])), unit))


_WINDOW = re.compile(rf"(the )?(past|last|next|coming|recent) (?:({_NUMBER}|{_VAGUE}) )?{_UNIT}")


def _rolling_window(text: str, anchor: _Anchor) -> Timex | None:
    """'the past week', 'the last two months', 'the next three days': a DURATION anchored on publication,
    the window ending or starting there; 'the past few days', 'recent weeks' have no interval."""
    match = _WINDOW.fullmatch(re.sub(r"^in ", "", text))
    if not match:
        return None
    article, direction, count, unit_word = match.groups()
    unit = _unit(unit_word)
    backward, plural = direction in ("past", "last", "recent"), text.endswith("s")
    calendar_unit = not backward or (direction == "last" and not article)
    if count is None and not plural and (calendar_unit or direction == "recent"):
        return None  # "last week", "the next week" are calendar units; "recent week" is nothing
    if count is None and plural or count in VAGUE_COUNTS:
        return Timex(_duration_value(None, unit), "DURATION")  # "the past few days", "recent weeks"
    n = _number(count) if count else 1
    value, published = _duration_value(n, unit), anchor.published
    if published is None:
        return Timex(value, "DURATION")
    if backward:
        window = DateInterval(_shift(published, unit, -n) + timedelta(days=1), published, unit)
    else:
        window = DateInterval(published + timedelta(days=1), _shift(published, unit, n), unit)
    return Timex(value, "DURATION", window)


_DURATION = re.compile(rf"(?:the )?(?:(?P<count>{_COUNT}) )?"
                       r"(?P<unit>second|minute|hour|day|week|fortnight|month|year|decade|century|centurie)"
                       r"(?P<plural>s?)(?P<age> old| long)?")


def _duration(text: str, anchor: _Anchor) -> Timex | None:
    """'three days' (P3D), 'two hours' (PT2H), 'a six-month trip' (P6M), 'two decades' (P2DE), 'hours'
    (PTXH), '8-year-old' (P8Y): how long, not when."""
    match = _DURATION.fullmatch(text)
    if not match:
        return None
    count = match["count"]
    if count is None and not match["plural"]:
        return None  # "the day", "year": no length said
    return Timex(_duration_value(_count(count), match["unit"]), "DURATION")


# ---- modifiers ------------------------------------------------------------------------------------

_PART = re.compile(rf"(?:the )?({'|'.join(sorted(PARTS, key=len, reverse=True))}) (.+)")


def _part_of(text: str, anchor: _Anchor) -> Timex | None:
    """'late November 2015', 'early January', 'mid-2017', 'the early 1990s', 'early next week'."""
    match = _PART.fullmatch(text)
    if not match:
        return None
    part, inner = PARTS[match[1]], re.sub(r"^the (week|month|year)$", r"this \1", match[2])
    partial = _parse_partial(inner)
    if partial is not None and partial.year is None and partial.day is None:
        # "late November" in a past clause: the latest late November before publication.
        sliced = _in_some_year(lambda year: _slice(_partial_interval(partial, year), part), anchor)
        whole = _partial_interval(partial, sliced.start.year) if sliced is not None else None
    else:
        found = _understand(inner, anchor)
        if found is None or found.type != "DATE" or found.interval is None:
            return None
        whole, sliced = found.interval, _slice(found.interval, part)
    if whole is None or sliced is None:
        return None
    if part in ("first half", "second half") and _shape(whole) == "year":
        return _date(sliced, value=f"{whole.start.year:04d}-H{1 if part == 'first half' else 2}")
    return _date(sliced, PART_MODS[part], _value_of(whole))


def _slice(interval: DateInterval | None, part: str) -> DateInterval | None:
    """The early/mid/late part of a week, month, year, decade or century; a single day is its own part."""
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
    """Which calendar unit an interval is exactly: week, month, year, decade or century (else None)."""
    start, end = interval.start, interval.end
    if start.weekday() == 0 and (end - start).days == 6:
        return "week"
    if start.day == 1 and end == _month(start.year, start.month).end:
        return "month"
    if (start.month, start.day) != (1, 1) or (end.month, end.day) != (12, 31):
        return None
    length = end.year - start.year + 1
    if length == 1:
        return "year"
    if length == 10 and start.year % 10 == 0:
        return "decade"
    return "century" if length == 100 and start.year % 100 == 0 else None


def _since(text: str, anchor: _Anchor) -> Timex | None:
    """'since 2007' runs from the start of 2007 to publication (2007 alone if that is unknown)."""
    match = re.fullmatch(r"(?:ever )?since (.+)", text)
    if not match:
        return None
    origin = _understand(match[1], _Anchor(anchor.published, "past", anchor.year, explicit_year=True))
    if origin is None or origin.type != "DATE" or origin.interval is None:
        return None
    if anchor.published is None:
        return origin
    if origin.interval.start > anchor.published:
        return None
    return _date(DateInterval(origin.interval.start, anchor.published, origin.interval.precision), value=origin.value)


def _approximate(text: str, anchor: _Anchor) -> Timex | None:
    """'about three weeks', 'more than 30 years', 'nearly a decade': the expression with its TIMEX3 mod."""
    for word, mod in APPROXIMATORS.items():
        if text.startswith(word + " "):
            rest = text[len(word) + 1:]
            if word == "over" and not re.match(rf"(?:{_COUNT}) ", rest):
                return None  # "over the weekend", "over the years": a preposition
            found = _understand(rest, anchor)
            if found is None:
                return None
            return found if found.mod else replace(found, mod=mod)
    return None


def _preposition(text: str, anchor: _Anchor) -> Timex | None:
    """'on Monday', 'in July', 'by 2020', 'over the weekend': the date after the preposition."""
    for word in PREPOSITIONS:
        if text.startswith(word + " "):
            inner = replace(anchor, explicit_year=True) if word in YEAR_PREPOSITIONS else anchor
            return _understand(text[len(word) + 1:], inner)
    return None


_FAMILIES: tuple[Callable[[str, _Anchor], Timex | None], ...] = (
    _reference, _repetition, _since, _from_now, _approximate, _preposition, _relative_day, _calendar_date,
    _in_relative_year,
    _two_digit_year_span, _decade, _century, _season, _quarter, _fiscal_year, _holiday, _named_occurrence,
    _rolling_window, _calendar_unit, _earlier_or_later_this, _ago, _part_of, _range, _duration,
)


# ---- years in running text --------------------------------------------------------------------------

_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_STREET_AFTER = re.compile(r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.]*\s+){0,3}(?:" + "|".join(STREET_SUFFIXES)
                           + r")\b\.?")
_WORD_BEFORE = re.compile(r"([#\w]+)\W*$")
_WORD_AFTER = re.compile(r"^\W*(\w+)")


def year_in(text: str, published: date | None = None) -> int | None:
    """The first year `text` states, skipping four-digit numbers that are not years: clock times ("1052
    GMT"), street numbers ("1915 Birch Street", "the 1900 block"), labels ("No. 2000", "Flight 1988"),
    counts and money ("2000 troops", "$2000", "2015 people"), parts of phone numbers, decades ("1990s"),
    and numbers outside 1900..publication + 5 that no word marks as a year ("in 1850", "1066 AD" are)."""
    return next((year for year, _ in _years(text, published)), None)


def numbers_a_thing(text: str, start: int, end: int) -> bool:
    """Whether the four digits at text[start:end] number a thing rather than a time, by the words
    around them: a street address ("1915 Birch Street", "of 1915 Birch St."; but "the 2011 Tahrir
    Square protests") or a car's model year ("a gray 2013 Toyota Camry"; but "in 2008 Ford cut jobs").
    The parser tags such a number as a date when it stands alone."""
    word_before, word_after = _WORD_BEFORE.search(text[:start]), _WORD_AFTER.match(text[end:])
    previous = word_before[1].lower() if word_before else ""
    following = word_after[1].lower() if word_after else ""
    if previous == "the" or previous in YEAR_WORDS | ERA_WORDS or previous in MONTHS or following in ERA_WORDS:
        return False
    if _STREET_AFTER.match(text[end:]):
        return True
    return previous not in YEAR_PREPOSITIONS and following in words().vehicle_makes


def _years(text: str, published: date | None) -> Iterator[tuple[int, bool]]:
    """The years of `text`, each with whether a word states it as a time ("in 2014", "July 2014") rather
    than using it as a modifier ("a 2015 court document")."""
    for match in _FOUR_DIGITS.finditer(text):
        kind = _year_kind(text, match.start(), match.end(), published)
        if kind is not None:
            yield int(match[0]), kind == "stated"


def _year_kind(text: str, start: int, end: int, published: date | None) -> Literal["stated", "bare"] | None:
    """Whether the four digits at text[start:end] are a year ("stated" when a word before or after says
    so), by the characters and words around them; None when they are not."""
    digits, before, after = text[start:end], text[:start], text[end:]
    if digits[0] == "0" or re.match(r"[\w%]|[.,:]\d|\s*(?:percent|per cent)\b", after, re.I):
        return None  # "0815", "2000s", "2015.5", "20%"
    if digits.endswith("0") and re.match(r"['\u2019]s\b", after):
        return None  # "the 1990's"
    if re.search(r"[\w$\u20ac\u00a3\u00a5#.,:]$|\d[-/]$", before) and not re.search(r"\b\d{1,2}/\d{1,2}/$", before):
        return None  # "$2000", "A2015", "1-800-555-2015"; but the year of "4/11/2007"
    if re.search(r"[A-Za-z]-$", before) and not re.search(r"\b(?:mid|early|late|pre|post)-$", before, re.I):
        return None  # "F-2015"; but "mid-2015"
    if re.match(rf"\s*(?:{_ZONE})\b", after, re.I):
        return None  # "1052 GMT", "1930 hrs"
    word_before, word_after = _WORD_BEFORE.search(before), _WORD_AFTER.match(after)
    previous = word_before[1].lower() if word_before else ""
    following = word_after[1] if word_after else ""
    explicit = previous in YEAR_PREPOSITIONS | YEAR_WORDS | ERA_WORDS or previous in MONTHS \
        or following.lower() in ERA_WORDS
    if previous in NUMBER_LABELS or re.match(r"\s+block\b", after, re.I):
        return None  # "No. 2000", "Flight 1988", "the 1900 block"
    if numbers_a_thing(text, start, end):
        return None
    counted = following.lower() in COUNT_NOUNS or (
        following.islower() and following.endswith("s") and following not in YEAR_NOUNS | NOT_PLURALS)
    if counted and previous != "the":
        return None  # "1500 people", "2000 troops"; but "the 2016 elections", "1999 was"
    year = int(digits)
    if explicit:
        return "stated" if 1000 <= year <= 2999 else None
    latest = published.year + 5 if published else LATEST_YEAR_UNANCHORED
    return "bare" if 1900 <= year <= latest else None
