"""Linking: event mentions grouped into events, and an event's state derived from its mentions.

This first version starts one event per mention (its id is the mention's, so it is stable across
re-ingestion); cross-article coreference comes with the linking issue. `event_state` is already
the rule events follow: status from the latest report, date from the most precise mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tidings.model import DateInterval, Event, EventMention

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _report_order(m: EventMention, published: dict[str, object]) -> tuple:
    return (str(published.get(m.article_id) or ""), m.article_id, m.start)


def most_precise(dates: Iterable[DateInterval | None]) -> DateInterval | None:
    known = [d for d in dates if d is not None]
    return min(known, key=lambda d: (PRECISION_RANK.get(d.precision, 9), d.basis != "text", d.start)) if known else None


def event_state(event_id: str, mentions: Sequence[EventMention], published: dict[str, object] | None = None,
                merged_ids: tuple[str, ...] = ()) -> Event:
    """An event as its reports describe it: the latest report's status wins."""
    ordered = sorted(mentions, key=lambda m: _report_order(m, published or {}))
    latest = next((m for m in reversed(ordered) if m.status != "unknown"), ordered[-1])
    first = ordered[0]
    return Event(
        event_id=event_id, type=first.type, status=latest.status,
        mention_ids=tuple(sorted(m.mention_id for m in mentions)), mode=first.mode, subtype=first.subtype,
        date=most_precise(m.date for m in ordered),
        location=next((m.location for m in ordered if m.location), None),
        source_actors=tuple(dict.fromkeys(a for m in ordered for a in m.source_actors)),
        target_actors=tuple(dict.fromkeys(a for m in ordered for a in m.target_actors)),
        merged_ids=merged_ids,
    )


def new_events(mentions: Iterable[EventMention], published: dict[str, object] | None = None) -> list[Event]:
    """One event per mention, with the mention's id as the event's."""
    return [event_state(m.mention_id, [m], published) for m in mentions]
