"""Linking: each new event mention attached to the event it reports, or a new event; the event's
state derived from all its reports; articles grouped into stories.

Linking is incremental: an article's mentions are compared only with the candidate events that
blocking finds (same type, a shared actor or the same article, an overlapping date window), so
adding an article costs about the same whatever the size of the database. In the seeds, Tasnim's
"in late November 2015, Putin met with Ayatollah Khamenei in Tehran" (2015-11-21..30, occurred)
joins the Kashmir Observer's "Putin will meet ... Khamenei ... in Tehran on Monday" (2015-11-23,
planned), and the event becomes occurred; Tasnim's "on Friday" (2018-09-07) meeting of the same
two men in the same city stays a different event, because the dates cannot overlap.

An event's id is the id of its first mention, and survives later reports; a relink that joins
events keeps the oldest id and records the others in `merged_ids`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Protocol

from tidings.model import Analysis, DateInterval, Event, EventMention, Place

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
#: Reports of one event rarely date it more than a few days apart ("on Monday" vs "late November").
DATE_SLACK = timedelta(days=3)
#: Towns this close may be one event's place as two reports name it: a suburb and its city.
NEIGHBOUR_KM = 30
#: Share of actors two reports must have in common to be one event when nothing else tells.
MIN_ACTOR_OVERLAP = 0.5


class EventIndex(Protocol):
    """What linking needs from the store, inside the article's write transaction."""

    previous: dict[str, str]
    previous_merged: dict[str, tuple[str, ...]]

    def candidates(self, etype: str, actor_ids: Iterable[str], article_id: str,
                   window: tuple[date, date] | None) -> list[Event]: ...
    def mentions_of(self, event_id: str) -> list[EventMention]: ...
    def published(self, article_ids: Iterable[str]) -> dict[str, date | None]: ...
    def assign(self, mention_ids: Iterable[str], event_id: str) -> None: ...
    def save(self, event: Event) -> None: ...
    def story_of_event(self, event_id: str, exclude_article: str) -> str | None: ...
    def story_of_article(self, article_id: str) -> str | None: ...


# Event state -------------------------------------------------------------------------------------

def most_precise(dates: Iterable[DateInterval | None]) -> DateInterval | None:
    known = [d for d in dates if d is not None]
    return min(known, key=lambda d: (PRECISION_RANK.get(d.precision, 9), d.basis != "text", d.start)) if known else None


#: How directly a report gave its place: its own words first, the article's main place last.
PLACE_BASIS_RANK = {"text": 0, "context": 1, "dateline": 2, "article": 3}


def _most_specific_place(places: Iterable[Place | None]) -> Place | None:
    """The place the most direct reports give, the most specific of those."""
    known = [p for p in places if p is not None]
    return min(known, key=lambda p: (PLACE_BASIS_RANK.get(p.basis or "text", 0), p.kind != "city",
                                     p.kind != "region", p.name)) if known else None


def event_confidence(confidences: Iterable[float]) -> float:
    """An event is as sure as its reports together: each report, independently, might be a false
    detection, so the event is wrong only when all of them are (noisy-or)."""
    doubt = 1.0
    for c in confidences:
        doubt *= 1.0 - min(max(c, 0.0), 1.0)
    return round(1.0 - doubt, 4)


def event_state(event_id: str, mentions: Sequence[EventMention], published: dict[str, date | None],
                merged_ids: tuple[str, ...] = ()) -> Event:
    """An event as its reports describe it: the latest report's status, the most precise date,
    the most specific place, and every actor any report names."""
    ordered = sorted(mentions, key=lambda m: (published.get(m.article_id) or date.min, m.article_id, m.start))
    latest = next((m for m in reversed(ordered) if m.status != "unknown"), ordered[-1])
    first = ordered[0]
    sources = tuple(dict.fromkeys(a for m in ordered for a in m.source_actors))
    return Event(
        event_id=event_id, type=first.type, status=latest.status,
        mention_ids=tuple(sorted(m.mention_id for m in mentions)),
        mode=next((m.mode for m in ordered if m.mode), None), subtype=first.subtype,
        date=most_precise(m.date for m in ordered),
        location=_most_specific_place(m.location for m in ordered),
        source_actors=sources,
        target_actors=tuple(a for a in dict.fromkeys(a for m in ordered for a in m.target_actors) if a not in sources),
        merged_ids=merged_ids,
        confidence=event_confidence(m.confidence for m in mentions),
    )


# Matching a mention to an event ------------------------------------------------------------------

def _actors(x: EventMention | Event) -> set[str]:
    """The actors that tell events apart: "police" or "protesters" with no country (actor ids
    `sector:<sector>`) name no one in particular, so two reports sharing them share nobody."""
    return {a for a in (*x.source_actors, *x.target_actors) if not _generic(a)}


def _generic(actor_id: str) -> bool:
    return actor_id.startswith("sector:") and actor_id.count(":") == 1


def dates_compatible(a: DateInterval | None, b: DateInterval | None) -> bool:
    """Intervals that cannot overlap, even with a few days' slack, are different events."""
    if a is None or b is None:
        return True
    return a.start - DATE_SLACK <= b.end and b.start - DATE_SLACK <= a.end


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Two cities must be the same or neighbours (a neighbourhood and its city, a suburb: "Englewood"
    and "Chicago"); a country contains its own cities."""
    if a is None or b is None:
        return True
    if a.kind == "city" and b.kind == "city":
        return a.name == b.name or _kilometres(a, b) <= NEIGHBOUR_KM
    return a.country is None or b.country is None or a.country == b.country


def _kilometres(a: Place, b: Place) -> float:
    """Great-circle distance; infinite when a point is unknown."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def match_score(m: EventMention, e: Event) -> float:
    """How surely mention `m` reports event `e`: 0 when something rules it out, else the share of
    actors in common, raised by an agreeing date and place."""
    if m.type != e.type or (m.type == "OTHER" and m.subtype != e.subtype):
        return 0.0
    place, their_place = _comparable_places(m.location, e.location)
    if not dates_compatible(m.date, e.date) or not places_compatible(place, their_place):
        return 0.0
    mine, theirs = _actors(m), _actors(e)
    if not mine or not theirs:
        return 0.0
    overlap = len(mine & theirs) / len(mine | theirs)
    if overlap < MIN_ACTOR_OVERLAP:
        return 0.0
    evidence = (m.date is not None and e.date is not None) + (place is not None and their_place is not None)
    return overlap + 0.25 * evidence


#: What a place tells as evidence that two reports are of one event, by its basis: where the text
#: puts the event, or where the dateline does; not the place the article is mostly about.
PLACE_EVIDENCE = {None: "text", "text": "text", "context": "text", "dateline": "dateline"}


def _comparable_places(a: Place | None, b: Place | None) -> tuple[Place | None, Place | None]:
    """Two reports' places when they are the same kind of evidence, else none: a dateline (where
    the story was filed: Moscow) does not contradict the text's place (the meeting in Tehran), and
    the places two articles are mostly about often differ for one event (on ECB+ dev, letting them
    rule links out cost links and gained none; two datelines or two texts on GVC dev separate
    look-alike incidents)."""
    kind_a = PLACE_EVIDENCE.get(a.basis) if a is not None else None
    kind_b = PLACE_EVIDENCE.get(b.basis) if b is not None else None
    return (a, b) if kind_a is not None and kind_a == kind_b else (None, None)


def _window(m: EventMention) -> tuple[date, date] | None:
    return (m.date.start - DATE_SLACK, m.date.end + DATE_SLACK) if m.date else None


def best_event(m: EventMention, candidates: Iterable[Event]) -> Event | None:
    scored = [(match_score(m, e), e.event_id, e) for e in candidates]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: (s[0], [-ord(c) for c in s[1]]))[2] if scored else None


def attach(index: EventIndex, m: EventMention, published: date | None) -> str:
    """Attach one stored mention to its event (or a new one) and refresh that event's state.
    A mention that names no actor cannot be matched, so it starts its own event at once."""
    found = best_event(m, index.candidates(m.type, _actors(m), m.article_id, _window(m))) if _actors(m) else None
    event_id = found.event_id if found else index.previous.get(m.mention_id, m.mention_id)
    index.assign([m.mention_id], event_id)
    if found is None and event_id == m.mention_id:
        index.save(event_state(event_id, [m], {m.article_id: published}, _merged_ids(index, event_id, [m])))
        return event_id
    mentions = index.mentions_of(event_id)
    index.save(event_state(event_id, mentions, index.published(x.article_id for x in mentions),
                           _merged_ids(index, event_id, mentions)))
    return event_id


def _merged_ids(index: EventIndex, event_id: str, mentions: Iterable[EventMention]) -> tuple[str, ...]:
    """Ids this event has absorbed: the events its mentions belonged to before a relink, and
    what those had absorbed themselves, so a second relink forgets no merge."""
    before = {index.previous[x.mention_id] for x in mentions if x.mention_id in index.previous} | {event_id}
    absorbed = before.union(*(index.previous_merged.get(e, ()) for e in before))
    return tuple(sorted(absorbed - {event_id}))


def link_article(index: EventIndex, analysis: Analysis) -> str:
    """Link an article's stored mentions in text order; returns the article's story id."""
    published = analysis.article.published
    event_ids = [attach(index, m, published) for m in sorted(analysis.events, key=lambda m: (m.start, m.mention_id))]
    return story_of(index, analysis, event_ids)


def story_of(index: EventIndex, analysis: Analysis, event_ids: Sequence[str]) -> str:
    """A wire copy shares its original's story; otherwise an article joins the story of another
    article reporting its lead event (the first it reports), or starts its own."""
    article = analysis.article
    if article.duplicate_of:
        story = index.story_of_article(article.duplicate_of)
        if story:
            return story
    if event_ids:
        story = index.story_of_event(event_ids[0], article.article_id)
        if story:
            return story
    return article.article_id


class MemoryEventIndex:
    """The `EventIndex` protocol in memory, for linking without a database (benchmarks, a
    partition of a distributed linking pass). Blocking is by (type, actor, month)."""

    def __init__(self) -> None:
        self.previous: dict[str, str] = {}
        self.previous_merged: dict[str, tuple[str, ...]] = {}
        self.events: dict[str, Event] = {}
        self.mentions: dict[str, EventMention] = {}
        self.event_of: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.article_dates: dict[str, date | None] = {}
        self.stories: dict[str, str] = {}
        self._blocks: dict[tuple[str, str, int | None], set[str]] = {}
        self._months: dict[tuple[str, str], set[int | None]] = {}
        self._by_article: dict[str, set[str]] = {}
        self._keys: dict[str, list[tuple[str, str, int | None]]] = {}

    def link(self, analysis: Analysis) -> str:
        """Add an article's mentions and link them, as `Store.save_analyses` does; returns its story."""
        self.article_dates[analysis.article.article_id] = analysis.article.published
        for m in analysis.events:
            self.mentions[m.mention_id] = m
        story = link_article(self, analysis)
        self.stories[analysis.article.article_id] = story
        return story

    @staticmethod
    def _months_of(interval: DateInterval | None) -> list[int | None]:
        if interval is None:
            return [None]
        first, last = interval.start.year * 12 + interval.start.month, interval.end.year * 12 + interval.end.month
        return list(range(first, last + 1))

    def candidates(self, etype: str, actor_ids: Iterable[str], article_id: str,
                   window: tuple[date, date] | None) -> list[Event]:
        wanted = set(self._months_of(DateInterval(window[0], window[1], "day"))) | {None} if window else None
        found = set(self._by_article.get(article_id, ()))
        for actor in actor_ids:
            months = self._months.get((etype, actor), set())
            for month in months if wanted is None else months & wanted:
                found |= self._blocks[(etype, actor, month)]
        return [self.events[e] for e in sorted(found) if self.events[e].type == etype]

    def mentions_of(self, event_id: str) -> list[EventMention]:
        return [self.mentions[m] for m in sorted(self.members.get(event_id, ()))]

    def published(self, article_ids: Iterable[str]) -> dict[str, date | None]:
        return {a: self.article_dates.get(a) for a in article_ids}

    def assign(self, mention_ids: Iterable[str], event_id: str) -> None:
        for m in mention_ids:
            old = self.event_of.get(m)
            if old is not None:
                self.members[old].discard(m)
            self.event_of[m] = event_id
            self.members.setdefault(event_id, set()).add(m)
            self._by_article.setdefault(self.mentions[m].article_id, set()).add(event_id)

    def save(self, event: Event) -> None:
        for key in self._keys.pop(event.event_id, ()):
            self._blocks[key].discard(event.event_id)
        keys = [(event.type, actor, month) for actor in set(event.source_actors) | set(event.target_actors)
                for month in self._months_of(event.date)]
        for key in keys:
            self._blocks.setdefault(key, set()).add(event.event_id)
            self._months.setdefault(key[:2], set()).add(key[2])
        self._keys[event.event_id] = keys
        self.events[event.event_id] = event

    def story_of_event(self, event_id: str, exclude_article: str) -> str | None:
        articles = sorted({self.mentions[m].article_id for m in self.members.get(event_id, ())} - {exclude_article},
                          key=lambda a: (self.article_dates.get(a) or date.min, a))
        return next((self.stories[a] for a in articles if a in self.stories), None)

    def story_of_article(self, article_id: str) -> str | None:
        return self.stories.get(article_id)
