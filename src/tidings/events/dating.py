"""A date for every event an article reports, with the basis it stands on.

`extract` dates a mention from a time expression that governs it (basis `text`). For the rest,
in this order:

1. `context`, from the same event: another mention of the article's same local event (the
   headline's "shooting" and the lead's "shot ... Tuesday night") that the text dates;
2. `context`, from the paragraph: the nearest dated report before it in its paragraph, or in the
   sentence just before ("Police said the man was shot twice" after "The shooting happened
   Tuesday"), when both are reports of what happened (or both of what is planned);
3. `publication`: news reports recent events, so something that happened gets a window ending on
   the publication day, and something planned a window starting there.

The windows come from the dev gold (examples/dev, 13 real articles): of the 28 main events that
the text dates and reports as having happened, 25 fall 0 to 2 days before publication, so an
occurred event with no cue gets the three days ending on the publication day (precision "week": a
span of days, not one day); planned events are rarer (one, 8 days ahead), and get the two weeks
starting on the publication day. Hypothetical and negated events get no date: there is nothing
that happened. Without a publication day nothing is inferred.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import timedelta

from spacy.tokens import Doc

from tidings import nlp
from tidings.model import Article, DateInterval, EventMention, text_order

OCCURRED_WINDOW = timedelta(days=2)
PLANNED_WINDOW = timedelta(days=14)
HAPPENED = frozenset({"occurred", "ongoing", "unknown", "cancelled"})
UNDATED = frozenset({"hypothetical", "negated"})


def _phase(status: str) -> str:
    return "planned" if status == "planned" else "happened" if status in HAPPENED else "other"


def publication_window(article: Article, status: str) -> DateInterval | None:
    """The interval a report with no date cue stands for, from the publication day alone."""
    day = article.published
    if day is None or status in UNDATED:
        return None
    try:
        if status == "planned":
            return DateInterval(day, day + PLANNED_WINDOW, "week", "publication")
        return DateInterval(day - OCCURRED_WINDOW, day, "week", "publication")
    except OverflowError:  # a publication day at the end of the calendar
        return DateInterval(day, day, "day", "publication")


def _sentence_index(doc: Doc) -> tuple[list[int], list[int]]:
    """For each sentence (by start offset): its number and its paragraph's number."""
    starts: list[int] = []
    paragraphs: list[int] = []
    paragraph, previous_end = 0, 0
    text = nlp.text_of(doc)
    for sent in nlp.sentence_spans(doc):
        if starts and "\n\n" in text[previous_end:sent.start_char]:
            paragraph += 1
        starts.append(sent.start_char)
        paragraphs.append(paragraph)
        previous_end = sent.start_char + len(sent.text.rstrip())
    return starts, paragraphs


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


def fill_dates(article: Article, doc: Doc, mentions: Sequence[EventMention]) -> list[EventMention]:
    """The mentions, each undated one given a date from its context or the publication day."""
    if not mentions:
        return []
    starts, paragraphs = _sentence_index(doc)
    sentence = {m.mention_id: _sentence_of(starts, m.start) for m in mentions}
    by_local: dict[str, DateInterval] = {}
    for m in sorted(mentions, key=text_order):
        if m.date is not None and m.date.basis == "text" and m.local_event:
            by_local.setdefault(m.local_event, m.date)
    dated = sorted((m for m in mentions if m.date is not None and m.date.basis == "text"), key=lambda m: m.start)
    out = []
    for m in mentions:
        if m.date is not None or m.status in UNDATED:
            out.append(m)
            continue
        found = by_local.get(m.local_event or "")
        if found is None:
            here = sentence[m.mention_id]
            for d in reversed(dated):
                there = sentence[d.mention_id]
                if d.start >= m.start or _phase(d.status) != _phase(m.status):
                    continue
                if there == here or (paragraphs[there] == paragraphs[here] and here - there <= 2) or here - there == 1:
                    found = d.date
                break
        when = (dataclasses.replace(found, basis="context") if found is not None
                else publication_window(article, m.status))
        out.append(dataclasses.replace(m, date=when) if when is not None else m)
    return out
