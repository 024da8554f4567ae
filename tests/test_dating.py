"""A date for every event, with its basis: from the text, from the same event or the paragraph
(context), or from the publication day (a window ending there for what happened, starting there
for what is planned)."""

from __future__ import annotations

from datetime import date

import pytest

from tidings import nlp
from tidings.events.dating import fill_dates, publication_window
from tidings.model import Article, DateInterval, EventMention

pytestmark = pytest.mark.model

PUBLISHED = date(2016, 7, 27)
TUESDAY = DateInterval(date(2016, 7, 26), date(2016, 7, 26), "day", "text")


def setup(text: str) -> tuple[Article, object]:
    article = Article("a", "a.txt", text, published=PUBLISHED)
    return article, nlp.load()(text)


def mention(text: str, word: str, status: str = "occurred", when: DateInterval | None = None,
            local: str | None = None, nth: int = 0) -> EventMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return EventMention("a", start, start + len(word), word, "", "ASSAULT", status, date=when,  # type: ignore[arg-type]
                        local_event=local)


def test_dating_another_report_of_the_same_event_lends_its_date():
    text = "Father shoots son, then himself\n\nA man shot his son Tuesday night in Salt Lake City, police said."
    article, doc = setup(text)
    headline = mention(text, "shoots", local="L")
    lead = mention(text, "shot", when=TUESDAY, local="L")
    dated = {m.text: m.date for m in fill_dates(article, doc, [headline, lead])}
    assert dated["shoots"] == DateInterval(TUESDAY.start, TUESDAY.end, "day", "context")
    assert dated["shot"] == TUESDAY


def test_dating_the_dated_report_just_before_dates_the_next_one():
    text = ("Police said the shooting happened Tuesday night at a home near 900 West. "
            "The boy was shot twice and died at a hospital.")
    article, doc = setup(text)
    found = fill_dates(article, doc, [mention(text, "shooting", when=TUESDAY), mention(text, "shot")])
    assert found[1].date == DateInterval(TUESDAY.start, TUESDAY.end, "day", "context")


def test_dating_a_plan_does_not_borrow_the_date_of_what_happened():
    text = "The man was shot Tuesday. His family will hold a vigil for him."
    article, doc = setup(text)
    found = fill_dates(article, doc, [mention(text, "shot", when=TUESDAY), mention(text, "vigil", "planned")])
    assert found[1].date == DateInterval(PUBLISHED, date(2016, 8, 10), "week", "publication")


def test_dating_without_a_cue_news_reports_the_last_days_and_plans_the_next_weeks():
    text = "Officers arrested a suspect. Prosecutors will file charges."
    article, doc = setup(text)
    occurred, planned = fill_dates(article, doc, [mention(text, "arrested"), mention(text, "charges", "planned")])
    assert occurred.date == DateInterval(date(2016, 7, 25), PUBLISHED, "week", "publication")
    assert planned.date == DateInterval(PUBLISHED, date(2016, 8, 10), "week", "publication")


def test_dating_nothing_is_inferred_for_what_did_not_happen_or_without_a_publication_day():
    assert publication_window(Article("a", "a", "x", published=PUBLISHED), "hypothetical") is None
    assert publication_window(Article("a", "a", "x", published=PUBLISHED), "negated") is None
    assert publication_window(Article("a", "a", "x"), "occurred") is None


def test_dating_a_publication_day_at_the_end_of_the_calendar_does_not_overflow():
    last = Article("a", "a", "x", published=date(9999, 12, 31))
    assert publication_window(last, "planned") == DateInterval(date(9999, 12, 31), date(9999, 12, 31), "day",
                                                              "publication")
