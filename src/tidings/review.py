"""Review: an analyst's corrections to linking, kept in an audit log and held through relinks.

Three decisions, each recorded with who took it, when and why (table `reviews`, numbered in order):

- **merge** two events: the older one (the one whose reports were stored first) keeps its id and
  absorbs the other, whose id joins its `merged_ids`; the decision lists both events' mentions.
- **split** a mention off: it leaves its event and becomes an event of its own, which the linker
  never joins again; the event it left is recomputed (or goes, when nothing is left).
- **not-event**: the mention leaves its event and is never linked again; like the mentions under
  the confidence threshold it is stored, and shown only on request.

Decisions are idempotent (taking one again changes nothing and records nothing) and survive
`tidings relink` and re-ingestion: the linker links as it always does (so a relink gives back what
ingest gave), never joining an event a split made (`closed_events`, read by `store.EventIndex`),
and after every relink and ingest batch the whole log is replayed in order (`replay`), so that a
merged pair stays merged, a split mention alone and a ruled-out one unlinked. Events
touched are recomputed by `EventIndex.refresh` (counts, dates, places, articles, sources).

    review.merge(store, "29d47cbbc6974588b89a", "6855b1418a165b460633", who="ana", why="same meeting")
    review.split(store, "ff3799eb6247986a8091", who="ana", why="a gift, not the meeting")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from tidings.errors import TidingsError
from tidings.model import content_id
from tidings.store import (
    EVENT_TABLES,
    EventIndex,
    Snapshot,
    Store,
    articles,
    count_generation,
    event_mentions,
    events,
    reviews,
)

ACTIONS = ("merge", "split", "not-event")
#: Longest `who` and `why` accepted.
MAX_WHO, MAX_WHY = 200, 2000


class ReviewError(TidingsError):
    """A decision that cannot be taken as asked (merging an event with itself, no reviewer named)."""


class UnknownId(ReviewError):
    """An event or mention id that the database does not hold."""


@dataclass(frozen=True)
class Decision:
    """One entry of the audit log."""

    review_id: str
    number: int
    action: str
    event_ids: tuple[str, ...]
    mention_ids: tuple[str, ...]
    result: str | None
    who: str
    why: str
    decided_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"review_id": self.review_id, "number": self.number, "action": self.action,
                "event_ids": list(self.event_ids), "mention_ids": list(self.mention_ids), "result": self.result,
                "who": self.who, "why": self.why, "decided_at": self.decided_at}


@dataclass(frozen=True)
class Outcome:
    """What taking a decision did: the decision recorded (None when it had been taken already,
    `changed` false) and the event the mention or events are now in (None: not-event)."""

    decision: Decision | None
    event_id: str | None
    changed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"review": self.decision.to_dict() if self.decision else None, "event_id": self.event_id,
                "changed": self.changed}


def _decision(r: Any) -> Decision:
    return Decision(r.review_id, r.number, r.action, tuple(r.event_ids), tuple(r.mention_ids), r.result, r.who,
                    r.why, r.decided_at)


def decisions(conn: Connection) -> list[Decision]:
    """The audit log, oldest first."""
    return [_decision(r) for r in conn.execute(select(reviews).order_by(reviews.c.number))]


def log(store: Store) -> list[Decision]:
    with store.snapshot() as snapshot:
        return snapshot_log(snapshot)


def snapshot_log(snapshot: Snapshot) -> list[Decision]:
    return decisions(snapshot.conn)


def _last_word(log: Iterable[Decision]) -> dict[str, Decision]:
    """Each reviewed mention's latest decision."""
    last: dict[str, Decision] = {}
    for d in log:
        for m in d.mention_ids:
            last[m] = d
    return last


def closed_events(conn: Connection) -> set[str]:
    """The events the linker must not join: those a split made, while it is the mention's latest decision."""
    last = _last_word(decisions(conn))
    return {d.result for d in last.values() if d.action == "split" and d.result}


# Taking decisions -------------------------------------------------------------------------------

def merge(store: Store, event_id: str, other_id: str, who: str, why: str) -> Outcome:
    """Merge two events (ids of events, or ids they absorbed before); the older keeps its id."""
    _check_reviewer(who, why)
    if event_id == other_id:
        raise ReviewError(f"cannot merge event {event_id} with itself; give two different events")

    def work(conn: Connection) -> Outcome:
        a, b = _current_event(conn, event_id), _current_event(conn, other_id)
        if a == b:
            return Outcome(None, a, False)
        kept, absorbed = sorted((a, b), key=lambda e: (_first_stored(conn, e), e))
        mentions = sorted(_mentions_of(conn, kept) + _mentions_of(conn, absorbed))
        d = _record(conn, "merge", (kept, absorbed), tuple(mentions), kept, who, why)
        _apply(conn, EventIndex(conn), d, [d])
        return Outcome(d, kept, True)

    return store._write(work)


def split(store: Store, mention_id: str, who: str, why: str) -> Outcome:
    """Split a mention off its event into an event of its own."""
    _check_reviewer(who, why)

    def work(conn: Connection) -> Outcome:
        current = _mention_event(conn, mention_id)
        last = _last_word(decisions(conn)).get(mention_id)
        if last is not None and last.action == "split" and current == last.result:
            return Outcome(None, current, False)
        alone = current is not None and _mentions_of(conn, current) == [mention_id]
        result = current if alone and current else content_id("split", mention_id, length=20)
        d = _record(conn, "split", (current,) if current else (), (mention_id,), result, who, why)
        _apply(conn, EventIndex(conn), d, [d])
        return Outcome(d, result, True)

    return store._write(work)


def not_event(store: Store, mention_id: str, who: str, why: str) -> Outcome:
    """Rule a mention out: it is no report of an event, and is never linked again."""
    _check_reviewer(who, why)

    def work(conn: Connection) -> Outcome:
        current = _mention_event(conn, mention_id)
        last = _last_word(decisions(conn)).get(mention_id)
        if last is not None and last.action == "not-event" and current is None:
            return Outcome(None, None, False)
        d = _record(conn, "not-event", (current,) if current else (), (mention_id,), None, who, why)
        _apply(conn, EventIndex(conn), d, [d])
        return Outcome(d, None, True)

    return store._write(work)


def _check_reviewer(who: str, why: str) -> None:
    if not who.strip() or len(who) > MAX_WHO or "\x00" in who:
        raise ReviewError(f"name who takes the decision (--who; 1 to {MAX_WHO} characters)")
    if not why.strip() or len(why) > MAX_WHY or "\x00" in why:
        raise ReviewError(f"say why (--why; 1 to {MAX_WHY} characters): the audit log keeps it")


def _current_event(conn: Connection, event_id: str) -> str:
    """The stored event an id names: itself, or the event that absorbed it."""
    if conn.execute(select(events.c.event_id).where(events.c.event_id == event_id)).first():
        return event_id
    for r in conn.execute(select(events.c.event_id, events.c.merged_ids)):
        if event_id in (r.merged_ids or ()):
            return str(r.event_id)
    raise UnknownId(f"no event {event_id!r}; list them with `tidings events` or /api/events")


def _mention_event(conn: Connection, mention_id: str) -> str | None:
    row = conn.execute(select(event_mentions.c.event_id).where(event_mentions.c.mention_id == mention_id)).first()
    if row is None:
        raise UnknownId(f"no event mention {mention_id!r}; an event's page and /api/events/ID list its mentions")
    return row.event_id


def _mentions_of(conn: Connection, event_id: str) -> list[str]:
    return sorted(conn.execute(select(event_mentions.c.mention_id)
                               .where(event_mentions.c.event_id == event_id)).scalars())


def _first_stored(conn: Connection, event_id: str) -> int:
    """When the first report of an event was stored (article sequence): the older event keeps its id."""
    first = conn.execute(select(func.min(articles.c.sequence))
                         .join(event_mentions, event_mentions.c.article_id == articles.c.article_id)
                         .where(event_mentions.c.event_id == event_id)).scalar()
    return int(first or 0)


def _record(conn: Connection, action: str, event_ids: tuple[str, ...], mention_ids: tuple[str, ...],
            result: str | None, who: str, why: str) -> Decision:
    number = (conn.execute(select(func.max(reviews.c.number))).scalar() or 0) + 1
    now = datetime.now(UTC).isoformat(timespec="seconds")
    review_id = content_id(str(number), action, *event_ids, *mention_ids, who, why, now)
    d = Decision(review_id, number, action, event_ids, mention_ids, result, who.strip(), why.strip(), now)
    conn.execute(reviews.insert().values(review_id=d.review_id, number=d.number, action=d.action,
                                         event_ids=list(d.event_ids), mention_ids=list(d.mention_ids),
                                         result=d.result, who=d.who, why=d.why, decided_at=d.decided_at))
    count_generation(conn)
    return d


# Applying them ----------------------------------------------------------------------------------

def replay(conn: Connection, index: EventIndex, touched: set[str] | None = None) -> bool:
    """Apply the decisions again, in order, after linking: all of them after a relink, those about
    the mentions an ingest batch linked (`touched`) after it; each is idempotent, so decisions the
    linker left standing change nothing. Mentions of other articles cannot undo a decision: they
    may join a merged event (which stays merged), never an event a split made. Returns whether any
    decision was applied (then events may have changed behind the index's back)."""
    log = decisions(conn)
    applied = False
    for d in log:
        if touched is None or not touched.isdisjoint(d.mention_ids):
            _apply(conn, index, d, log)
            applied = True
    return applied


def _apply(conn: Connection, index: EventIndex, d: Decision, log: list[Decision]) -> None:
    if d.action == "merge":
        _apply_merge(conn, index, d, log)
    elif d.action == "split" and d.result:
        _place(conn, index, d.mention_ids[0], d.result, d)
    elif d.action == "not-event":
        _place(conn, index, d.mention_ids[0], None, d)


def _apply_merge(conn: Connection, index: EventIndex, d: Decision, log: list[Decision]) -> None:
    """The events now holding the merged mentions become one; mentions that a later decision
    split off or ruled out do not count."""
    later = {m for x in log if x.number > d.number and x.action != "merge" for m in x.mention_ids}
    listed = [m for m in d.mention_ids if m not in later]
    found = sorted({r.event_id for r in conn.execute(
        select(event_mentions.c.event_id).where(event_mentions.c.mention_id.in_(listed),
                                                event_mentions.c.event_id.is_not(None)))})
    if not found:
        return
    kept = d.result if d.result is not None and d.result in found else min(
        found, key=lambda e: (_first_stored(conn, e), e))
    absorbed = [e for e in found if e != kept]
    had = set(conn.execute(select(events.c.merged_ids).where(events.c.event_id == kept)).scalar() or ())
    gone = {e for e in d.event_ids if e != kept} - set(conn.execute(
        select(events.c.event_id).where(events.c.event_id.in_(list(d.event_ids)))).scalars())
    merged = had | gone  # a correction may have rebuilt the event without the ids it had absorbed
    if not absorbed:
        if merged != had:
            conn.execute(events.update().where(events.c.event_id == kept).values(merged_ids=sorted(merged)))
        return
    for e in absorbed:
        merged |= {e, *(conn.execute(select(events.c.merged_ids).where(events.c.event_id == e)).scalar() or ())}
        conn.execute(event_mentions.update().where(event_mentions.c.event_id == e).values(
            event_id=kept, link_score=1.0, link_reasons={"joined": kept, "reasons": [], "review": d.number}))
        for table in EVENT_TABLES:
            conn.execute(table.delete().where(table.c.event_id == e))
    conn.execute(events.update().where(events.c.event_id == kept).values(merged_ids=sorted(merged - {kept})))
    index.refresh(kept)


def _place(conn: Connection, index: EventIndex, mention_id: str, event_id: str | None, d: Decision) -> None:
    """Put a mention alone into `event_id` (None: out of every event), and recompute the event it left."""
    row = conn.execute(select(event_mentions.c.event_id).where(event_mentions.c.mention_id == mention_id)).first()
    if row is None or row.event_id == event_id:
        return  # its article is gone, or it is where the decision put it
    conn.execute(event_mentions.update().where(event_mentions.c.mention_id == mention_id).values(
        event_id=event_id, link_score=None, link_reasons={"joined": None, "reasons": [], "review": d.number}))
    if row.event_id is not None:
        left = conn.execute(select(events.c.merged_ids).where(events.c.event_id == row.event_id)).scalar() or []
        if event_id in left:  # a relink joined the split mention again, and took its event for merged
            conn.execute(events.update().where(events.c.event_id == row.event_id)
                         .values(merged_ids=[e for e in left if e != event_id]))
        index.refresh(row.event_id)
    if event_id is not None:
        index.refresh(event_id)


__all__ = ["ACTIONS", "Decision", "Outcome", "ReviewError", "UnknownId", "closed_events", "decisions", "log", "merge",
           "not_event", "replay", "snapshot_log", "split"]
