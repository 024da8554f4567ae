"""Read queries for the API and the web UI: filters, paging, sorting and counts over the stored tables.

Everything here is SQLAlchemy Core over the tables of `tidings.store`, with every value bound as a
parameter, so the same code runs on SQLite and PostgreSQL and no request text ever becomes SQL.
Functions return plain JSON-ready dicts (the API's response bodies), built once here so that the
HTML pages and the JSON endpoints show the same thing.

    page = search_events(store.engine, EventQuery(actor="Q57336", sort="-date", limit=20))
    page.total, [e["event_id"] for e in page.items]
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Engine,
    String,
    and_,
    case,
    cast,
    column,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.elements import ColumnElement

from tidings import event_columns
from tidings.errors import TidingsError
from tidings.model import EVENT_TYPES, STATUSES
from tidings.store import (
    FTS_TABLE,
    actors,
    articles,
    entity_mentions,
    event_actors,
    event_mentions,
    event_sources,
    events,
    read_time_limit,
)

#: Sort keys of the events list, the default first; "-" means descending. Ties are broken by event
#: id so that pages never overlap or skip an event.
EVENT_SORTS = ("-date", "date", "mentions", "-mentions", "type", "id")
MAX_PAGE = 500
#: A timeline spanning more buckets than this lists only its non-empty ones: one event dated 0001
#: and one 9990 would otherwise fill half a million empty weeks.
MAX_TIMELINE_BUCKETS = 2_000
DATE_BASES = ("text", "context", "publication")
#: Confidence bands of the facets and the `confidence` filter: name -> [low, high).
CONFIDENCE_BANDS: dict[str, tuple[float, float]] = {"high": (0.8, 2.0), "medium": (0.5, 0.8), "low": (0.0, 0.5)}
#: The query parameters of the events list, named as the API, the web pages, the downloads and the
#: CLI all name them.
EVENT_PARAMS = ("actor", "type", "mode", "status", "country", "place", "source", "year", "basis", "confidence",
                "from", "to", "q", "sort", "limit", "offset")
#: What each parameter takes, for messages and the API's documentation.
PARAM_HELP = {
    "actor": "an actor id or name (source or target)", "type": f"one of {', '.join(EVENT_TYPES)} (any case)",
    "mode": "a mode of the type, e.g. visit (any case)", "status": f"one of {', '.join(STATUSES)} (any case)",
    "country": "ISO 3166 alpha-3 code of the place, e.g. IRN", "place": "place name (any case)",
    "source": "the outlet of a report, e.g. Reuters", "year": "the year the event starts in, e.g. 2015",
    "basis": f"how the date is known: {', '.join(DATE_BASES)}",
    "confidence": f"band: {', '.join(CONFIDENCE_BANDS)}", "from": "events ending on or after this day (YYYY-MM-DD)",
    "to": "events starting on or before this day (YYYY-MM-DD)", "q": "text in a trigger or evidence sentence",
    "sort": f"one of {', '.join(EVENT_SORTS)} (default -date: newest first)",
    "limit": f"events per page, 1 to {MAX_PAGE}", "offset": "events to skip",
}


class InvalidQuery(TidingsError):
    """Query parameters that cannot be understood: `unknown` names the parameters no view takes
    (the API answers 400), `problems` maps each bad value's parameter to what to give instead (422)."""

    def __init__(self, problems: Mapping[str, str], unknown: Sequence[str] = (), valid: Sequence[str] = ()):
        self.problems, self.unknown, self.valid = dict(problems), list(unknown), list(valid)
        if self.unknown:
            message = (f"unknown query parameter{'s' if len(self.unknown) > 1 else ''} "
                       f"{', '.join(repr(u) for u in self.unknown)}; valid ones: {', '.join(self.valid)}")
        else:
            message = "; ".join(f"{k}: {v}" for k, v in self.problems.items())
        super().__init__(message)


@dataclass(frozen=True)
class EventQuery:
    """What an analyst asks of the events list; every field is optional."""

    actor: str | None = None
    type: str | None = None
    mode: str | None = None
    status: str | None = None
    country: str | None = None
    place: str | None = None
    source: str | None = None
    year: int | None = None
    basis: str | None = None
    confidence: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    sort: str = "-date"
    limit: int = 50
    offset: int = 0

    def params(self) -> dict[str, str]:
        """The query parameters that ask for this query (defaults left out)."""
        values = {"actor": self.actor, "type": self.type, "mode": self.mode, "status": self.status,
                  "country": self.country, "place": self.place, "source": self.source,
                  "year": self.year, "basis": self.basis, "confidence": self.confidence,
                  "from": self.date_from, "to": self.date_to, "q": self.q,
                  "sort": None if self.sort == "-date" else self.sort,
                  "limit": None if self.limit == 50 else self.limit, "offset": self.offset or None}
        return {k: str(v) for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    actor: dict[str, Any] | None = field(default=None, compare=False)
    """The actor the `actor` filter named, as {actor_id, name}, when it named one."""

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


# Parsing ----------------------------------------------------------------------------------------

def _text(value: str, limit: int = 200) -> str | None:
    return None if len(value) > limit or "\x00" in value else value


def _choice(value: str, allowed: Sequence[str]) -> str | None:
    found = {a.lower(): a for a in allowed}
    return found.get(value.lower())


def parse_event_query(params: Mapping[str, str] | Any, extra: Sequence[str] = (), max_limit: int = MAX_PAGE,
                      default_limit: int = 50) -> EventQuery:
    """The one validation of the events filters, for the API, the web pages, the downloads and the
    CLI: `params` as a request gives them (text; blank means absent), `extra` the other parameters
    the view itself takes. Enum values are taken in any case. Raises `InvalidQuery`.

        parse_event_query({"type": "consult", "actor": "Ali Khamenei", "sort": "-DATE"})
    """
    names = list(params.keys())
    valid = (*EVENT_PARAMS, *extra)
    unknown = sorted({n for n in names if n not in valid})
    if unknown:
        raise InvalidQuery({}, unknown, valid)
    raw = {k: str(params.get(k) or "").strip() for k in EVENT_PARAMS}
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key in ("actor", "mode", "place", "source", "q"):
        if raw[key]:
            values[key] = _text(raw[key], 64 if key == "mode" else 200)
            if values[key] is None:
                problems[key] = "Too long or not text."
    if values.get("mode"):
        values["mode"] = values["mode"].lower()
    choices: dict[str, Sequence[str]] = {"type": EVENT_TYPES, "status": STATUSES, "sort": EVENT_SORTS,
                                         "basis": DATE_BASES, "confidence": tuple(CONFIDENCE_BANDS)}
    for key, allowed in choices.items():
        if raw[key]:
            values[key] = _choice(raw[key], allowed)
            if values[key] is None:
                problems[key] = f"Choose one of: {', '.join(allowed)}."
    if raw["country"]:
        if len(raw["country"]) == 3 and raw["country"].isascii() and raw["country"].isalpha():
            values["country"] = raw["country"].upper()
        else:
            problems["country"] = "Use a three-letter ISO code such as IRN."
    for key, name in (("from", "date_from"), ("to", "date_to")):
        if raw[key]:
            try:
                values[name] = date.fromisoformat(raw[key])
            except ValueError:
                problems[key] = "Use a date like 2015-11-23."
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        problems["to"] = f"The end date ({values['date_to']}) is before the start date ({values['date_from']})."
    bounds = {"year": (1, 9999, None), "limit": (1, max_limit, default_limit), "offset": (0, 10_000_000, 0)}
    for key, (low, high, default) in bounds.items():
        if not raw[key]:
            values[key] = default
        elif raw[key].isdigit() and low <= int(raw[key]) <= high:
            values[key] = int(raw[key])
        else:
            problems[key] = f"Give a whole number from {low} to {high}."
    if problems:
        raise InvalidQuery(problems)
    return EventQuery(actor=values.get("actor"), type=values.get("type"), mode=values.get("mode"),
                      status=values.get("status"), country=values.get("country"), place=values.get("place"),
                      source=values.get("source"), year=values.get("year"), basis=values.get("basis"),
                      confidence=values.get("confidence"), date_from=values.get("date_from"),
                      date_to=values.get("date_to"), q=values.get("q"), sort=values.get("sort") or "-date",
                      limit=values["limit"], offset=values["offset"])


# Events -----------------------------------------------------------------------------------------

def resolve_actor(conn: Any, text: str) -> list[dict[str, Any]]:
    """The actors an `actor` filter names: the actor with that id; else those with that name or
    alias (any case); else the busiest whose name or alias contains it. Empty when none does."""
    found = conn.execute(select(actors.c.actor_id, actors.c.name).where(actors.c.actor_id == text)).all()
    if not found:
        found = conn.execute(select(actors.c.actor_id, actors.c.name)
                             .where(func.lower(actors.c.name) == text.lower()).order_by(actors.c.actor_id)).all()
    if not found:
        found = [r for r in conn.execute(select(actors.c.actor_id, actors.c.name, actors.c.aliases).where(
                 cast(actors.c.aliases, String).icontains(text, autoescape=True)).order_by(actors.c.actor_id))
                 if text.lower() in {a.lower() for a in r.aliases or []}]
    if not found:
        busiest = (select(actors.c.actor_id, actors.c.name)
                   .where(or_(actors.c.name.icontains(text, autoescape=True),
                              cast(actors.c.aliases, String).icontains(text, autoescape=True)))
                   .order_by(_event_count().desc(), actors.c.name, actors.c.actor_id).limit(1))
        found = conn.execute(busiest).all()
    return [{"actor_id": r.actor_id, "name": r.name} for r in found]


@dataclass(frozen=True)
class _Where:
    clauses: list[ColumnElement[bool]]
    actor: dict[str, Any] | None
    actor_ids: list[str]


def _where(conn: Any, query: EventQuery) -> _Where:
    named = resolve_actor(conn, query.actor) if query.actor else []
    ids = [a["actor_id"] for a in named]
    return _Where(event_conditions(query, ids, conn), named[0] if named else None, ids)


def _indexed_text(conn: Any, text: str) -> Any | None:
    """The select of the rowids of the reports whose trigger or sentence contains `text` (any
    case), through SQLite's FTS5 trigram index; None where that index cannot answer (PostgreSQL,
    or fewer than three characters)."""
    if conn.dialect.name != "sqlite" or len(text) < 3:
        return None
    phrase = '"' + text.replace('"', '""') + '"'
    fts = table(FTS_TABLE, column("rowid"))
    return select(fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(phrase))


def _text_search(conn: Any, text: str, event_id: Any = events.c.event_id) -> Any:
    """Events with a report whose trigger or sentence contains `text` (any case): through the FTS5
    trigram index on SQLite (three characters or more), ILIKE (trigram-indexed) on PostgreSQL.
    With `event_id` None, the select of those reports' event ids instead of a condition."""
    matching = _indexed_text(conn, text)
    if matching is not None:
        reported = select(event_mentions.c.event_id).where(literal_column("event_mentions.rowid").in_(matching))
    else:
        reported = select(event_mentions.c.event_id).where(
            or_(event_mentions.c.text.icontains(text, autoescape=True),
                event_mentions.c.sentence.icontains(text, autoescape=True)))
    return reported if event_id is None else event_id.in_(reported)


def event_conditions(query: EventQuery, actor_ids: Sequence[str] | None = None, conn: Any = None,
                     by_date: bool = False) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a query; an interval filter keeps events whose dates overlap it.
    `actor_ids` are the actors the `actor` filter resolved to (`resolve_actor`); without them the
    filter is taken as an id. `by_date` (SQLite) writes the terms so that no index serves them
    (`+column`): the planner then walks the date index in the list's order and stops after one
    page, where it would otherwise fetch every match through the filter's index and sort them."""
    def c(name: str) -> Any:
        return literal_column(f"+events.{name}", type_=events.c[name].type) if by_date else events.c[name]

    where: list[ColumnElement[bool]] = []
    if query.actor:
        ids = list(actor_ids) if actor_ids is not None else [query.actor]
        if ids:
            with_actor = select(event_actors.c.event_id).where(event_actors.c.actor_id.in_(ids))
            where.append(c("event_id").in_(with_actor))
        else:
            where.append(false())
    for name in ("type", "mode", "status"):
        if getattr(query, name):
            where.append(c(name) == getattr(query, name))
    if query.country:
        where.append(c("country") == query.country.upper())
    if query.place:
        where.append(c("place") == query.place.lower())
    if query.source:
        reported = select(event_sources.c.event_id).where(event_sources.c.source == query.source)
        where.append(c("event_id").in_(reported))
    if query.year:
        where.append(events.c.date_start.between(date(query.year, 1, 1), date(query.year, 12, 31)))
    if query.basis:
        where.append(c("date_basis") == query.basis)
    if query.confidence:
        low, high = CONFIDENCE_BANDS[query.confidence]
        band = and_(c("confidence") >= low, c("confidence") < high)  # index-friendly: no coalesce
        where.append(or_(band, c("confidence").is_(None)) if low <= 1.0 < high else band)  # None means 1.0
    if query.date_from:
        where.append(c("date_end") >= query.date_from)
    if query.date_to:
        where.append(events.c.date_start <= query.date_to)
    if query.q:
        where.append(_text_search(conn, query.q, c("event_id")) if conn is not None else exists().where(
            event_mentions.c.event_id == events.c.event_id,
            or_(event_mentions.c.text.icontains(query.q, autoescape=True),
                event_mentions.c.sentence.icontains(query.q, autoescape=True))))
    return where


#: Date order walks the date index (see `event_conditions`, `by_date`) when at least this many
#: events match and one page in twenty of them is asked for: about 20 rows read per row shown.
WALK_DATES_FROM = 2_000
WALK_READS_PER_ROW = 20


def _count(conn: Any, query: EventQuery, where: _Where) -> int:
    """How many events match. A filter on the events' actors, text or outlets alone is counted in
    its own table (distinct event ids), without looking each event up."""
    alone = EventQuery(actor=query.actor, q=query.q, source=query.source, sort=query.sort, limit=query.limit,
                       offset=query.offset)
    if query == alone and sum(map(bool, (query.actor, query.q, query.source))) == 1:
        if query.actor:
            ids: Any = select(event_actors.c.event_id).where(event_actors.c.actor_id.in_(where.actor_ids))
        elif query.source:
            ids = select(event_sources.c.event_id).where(event_sources.c.source == query.source)
        else:
            ids = _text_search(conn, query.q or "", None)
        found = ids.subquery()
        return conn.execute(select(func.count(func.distinct(found.c.event_id)))).scalar_one()
    return conn.execute(select(func.count()).select_from(events).where(*where.clauses)).scalar_one()


def _event_order(sort: str) -> list[Any]:
    undated_last = events.c.date_start.is_(None)
    mentions = events.c.num_mentions
    orders: dict[str, list[Any]] = {
        "date": [undated_last, events.c.date_start, events.c.event_id],
        "-date": [undated_last, events.c.date_start.desc(), events.c.event_id],
        # one index serves both (ix_events_mentions), read backwards for "mentions"
        "mentions": [mentions, events.c.event_id.desc()],
        "-mentions": [mentions.desc(), events.c.event_id],
        "type": [events.c.type, undated_last, events.c.date_start, events.c.event_id],
        "id": [events.c.event_id],
    }
    if sort not in orders:
        raise ValueError(f"unknown sort {sort!r}; choose one of: {', '.join(EVENT_SORTS)}")
    return orders[sort]


def _page_ids(conn: Any, query: EventQuery, where: list[ColumnElement[bool]]) -> list[str]:
    """The ids of one page, in order: only ids and sort keys go through the sort, so deep pages
    stay cheap."""
    if query.sort in ("date", "-date"):
        return _dated_first_ids(conn, query, where)
    ids = select(events.c.event_id).where(*where).order_by(*_event_order(query.sort))
    return list(conn.execute(ids.limit(query.limit).offset(query.offset)).scalars())


def _dated_first_ids(conn: Any, query: EventQuery, where: list[ColumnElement[bool]]) -> list[str]:
    """Date order in two index-friendly steps: dated events by date (the date index gives the order,
    where `ORDER BY date IS NULL, date` would sort the whole table), then undated ones by id."""
    by_date = events.c.date_start if query.sort == "date" else events.c.date_start.desc()
    dated = where + [events.c.date_start.is_not(None)]
    ids = list(conn.execute(select(events.c.event_id).where(*dated).order_by(by_date, events.c.event_id)
                            .limit(query.limit).offset(query.offset)).scalars())
    if len(ids) == query.limit:
        return ids
    n_dated = query.offset + len(ids) if ids else conn.execute(
        select(func.count()).select_from(events).where(*dated)).scalar_one()
    undated = (select(events.c.event_id).where(*where, events.c.date_start.is_(None)).order_by(events.c.event_id)
               .limit(query.limit - len(ids)).offset(max(0, query.offset - n_dated)))
    return ids + list(conn.execute(undated).scalars())


def _event_items(conn: Any, page_ids: list[str]) -> list[dict[str, Any]]:
    """The events of `page_ids`, in that order, as the list shows them: each with its mention
    count and first evidence. The one place an events list row becomes a dict."""
    by_id = {r.event_id: r for r in conn.execute(
        select(events, events.c.num_mentions.label("mention_count")).where(events.c.event_id.in_(page_ids)))}
    rows = [by_id[i] for i in page_ids if i in by_id]
    names = _actor_names(conn, {a for r in rows for a in (*r.source_actors, *r.target_actors)})
    evidence = _first_evidence(conn, page_ids)
    return [{**_event_summary(r, names), "mention_count": r.mention_count, "evidence": evidence.get(r.event_id)}
            for r in rows]


def _in_memory(engine: Engine, conn: Any, query: EventQuery, where: _Where) -> tuple[Any, Any] | None:
    """The in-memory copy of the events' keys (`event_columns`) and the mask of `query` over it,
    when a copy of the database's present state is ready; None: ask SQL."""
    columns = event_columns.current(engine, conn)
    if columns is None:
        return None
    text_found = None
    if query.q:
        rowids = _indexed_text(conn, query.q) if columns.event_of_mention is not None else None
        text_found = (columns.having_mentions(event_columns.read_column(conn, rowids)) if rowids is not None
                      else columns.having_ids(event_columns.read_column(conn, _text_search(conn, query.q, None))))
    return columns, columns.mask(query, where.actor_ids, text_found)


def search_events(engine: Engine, query: EventQuery) -> Page:
    """One page of events matching `query`, with the total count and each event's first evidence."""
    with engine.connect() as conn:
        where = _where(conn, query)
        if (found := _in_memory(engine, conn, query, where)) is not None:
            columns, mask = found
            page_ids = columns.page(query.sort, mask, query.offset, query.limit)
            items = _event_items(conn, page_ids)
            return Page(items, columns.count(mask), query.limit, query.offset, where.actor)
        total = _count(conn, query, where)
        walk = (conn.dialect.name == "sqlite" and query.sort in ("date", "-date") and total >= WALK_DATES_FROM
                and (query.offset + query.limit) * WALK_READS_PER_ROW <= total)
        clauses = event_conditions(query, where.actor_ids, conn, by_date=True) if walk else where.clauses
        page_ids = _page_ids(conn, query, clauses)
        items = _event_items(conn, page_ids)
    return Page(items, total, query.limit, query.offset, where.actor)


def iter_events(engine: Engine, query: EventQuery, page_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every event matching `query` (limit and offset ignored), in its order, as `search_events`
    gives them, read `page_size` at a time: what the downloads stream."""
    with engine.connect() as conn:
        ids = _all_ids(conn, query, _where(conn, query).clauses)
        for i in range(0, len(ids), page_size):
            yield from _event_items(conn, ids[i:i + page_size])


def _all_ids(conn: Any, query: EventQuery, where: list[ColumnElement[bool]]) -> list[str]:
    if query.sort in ("date", "-date"):
        by_date = events.c.date_start if query.sort == "date" else events.c.date_start.desc()
        dated = select(events.c.event_id).where(*where, events.c.date_start.is_not(None))
        undated = select(events.c.event_id).where(*where, events.c.date_start.is_(None))
        return (list(conn.execute(dated.order_by(by_date, events.c.event_id)).scalars())
                + list(conn.execute(undated.order_by(events.c.event_id)).scalars()))
    ids = select(events.c.event_id).where(*where)
    return list(conn.execute(ids.order_by(*_event_order(query.sort))).scalars())


# Facets -----------------------------------------------------------------------------------------

#: The facets of the events list: name -> the filter parameter a value of it sets.
FACETS = ("type", "status", "country", "actor", "source", "year", "basis", "confidence")
#: Values shown per facet, most frequent first.
FACET_SIZE = 10
#: All facets of one request together stop after about this long; a facet not done by then is
#: marked `timed_out` (Datasette does the same), so facets never make the list slow. A facet whose
#: turn comes after the deadline still gets its share (this over the number of facets): on a busy
#: machine, a slow start must not leave a small database without facets. At most twice this in all.
FACET_SECONDS = 0.4
#: The order facets are counted in: those read from the events table alone first, so that the
#: joins (actors, outlets) are the ones left out when time runs short.
CHEAPEST_FIRST = ("type", "status", "country", "year", "basis", "confidence", "actor", "source")


def _facet_column(name: str) -> Any:
    if name == "year":
        return func.extract("year", events.c.date_start)
    if name == "confidence":
        score = func.coalesce(events.c.confidence, 1.0)
        return case((score >= CONFIDENCE_BANDS["high"][0], "high"),
                    (score >= CONFIDENCE_BANDS["medium"][0], "medium"), else_="low")
    return {"type": events.c.type, "status": events.c.status, "country": events.c.country,
            "basis": events.c.date_basis}[name]


def _facet_counts(conn: Any, name: str, where: list[ColumnElement[bool]]) -> list[tuple[Any, int]]:
    n = func.count().label("n")
    if name == "actor":
        grouped = select(event_actors.c.actor_id.label("value"), n).group_by(event_actors.c.actor_id)
        if where:
            grouped = grouped.where(event_actors.c.event_id.in_(select(events.c.event_id).where(*where)))
    elif name == "source":
        grouped = select(event_sources.c.source.label("value"), n).group_by(event_sources.c.source)
        if where:
            grouped = grouped.where(event_sources.c.event_id.in_(select(events.c.event_id).where(*where)))
    else:
        found = select(_facet_column(name).label("value")).where(*where).subquery()
        grouped = select(found.c.value, n).where(found.c.value.is_not(None)).group_by(found.c.value)
    ordered = grouped.order_by(literal_column("n").desc(), literal_column("value")).limit(FACET_SIZE)
    return [(r.value, r.n) for r in conn.execute(ordered)]


def facets(engine: Engine, query: EventQuery, seconds: float = FACET_SECONDS) -> list[dict[str, Any]]:
    """Counts of the events matching `query` by each facet (`FACETS`), the `FACET_SIZE` most
    frequent values of each: [{name, values: [{value, label, count, selected}], timed_out}].
    Each value's `value` is what its facet's parameter takes to add it to the filter."""
    found: list[dict[str, Any]] = []
    deadline, share = time.monotonic() + seconds, seconds / len(CHEAPEST_FIRST)
    with engine.connect() as conn:
        where = _where(conn, query)
        in_memory = _in_memory(engine, conn, query, where)
    for name in CHEAPEST_FIRST:
        left = max(deadline - time.monotonic(), share)
        counts: list[tuple[Any, int]] | None = None
        if in_memory is not None:
            counts = in_memory[0].facet(name, in_memory[1], FACET_SIZE)
        elif left > 0:
            try:
                with read_time_limit(left), engine.connect() as conn:
                    counts = _facet_counts(conn, name, where.clauses)
            except OperationalError:
                counts = None
        found.append({"name": name, "timed_out": counts is None, "values": []})
        for value, count in counts or []:
            found[-1]["values"].append({"value": _facet_value(name, value), "label": None, "count": count,
                                        "selected": _facet_value(name, value) == _selected(query, name, where)})
    found.sort(key=lambda f: FACETS.index(f["name"]))
    actor_facet = next(f for f in found if f["name"] == "actor")
    with engine.connect() as conn:
        names = _actor_names(conn, {v["value"] for v in actor_facet["values"]})
    for v in actor_facet["values"]:
        v["label"] = names.get(v["value"])
    return found


def _facet_value(name: str, value: Any) -> Any:
    return int(value) if name == "year" else value


def _selected(query: EventQuery, name: str, where: _Where) -> Any:
    if name == "actor":
        return where.actor["actor_id"] if where.actor else None
    return getattr(query, name)


def _first_evidence(conn: Any, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The earliest report of each event: the sentence a list shows as its evidence."""
    if not event_ids:
        return {}
    rows = conn.execute(
        select(event_mentions.c.event_id, event_mentions.c.article_id, event_mentions.c.text,
               event_mentions.c.sentence, articles.c.source, articles.c.published)
        .join(articles, articles.c.article_id == event_mentions.c.article_id)
        .where(event_mentions.c.event_id.in_(event_ids))
        .order_by(articles.c.published.is_(None), articles.c.published, event_mentions.c.article_id,
                  event_mentions.c.start))
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        found.setdefault(r.event_id, {"article_id": r.article_id, "trigger": r.text, "sentence": r.sentence,
                                      "source": r.source, "published": _iso(r.published)})
    return found


#: The timeline's axis ends at Tukey's far-out fences: FENCE_IQRS interquartile ranges (at least
#: MIN_IQR_DAYS) beyond the quartiles of the events' start days. One event dated 0001 or 9990 (a
#: bad parse, a historical reference) is then listed as an outlier instead of stretching the axis
#: over thousands of empty months; a corpus that really spans decades keeps its whole span.
FENCE_IQRS = 3
MIN_IQR_DAYS = 365
#: At most this many distinct imprecise intervals (and outlier intervals) are listed, most events first.
MAX_TIMELINE_RANGES = 500


def timeline(engine: Engine, query: EventQuery, bucket: Literal["week", "month"] = "month") -> dict[str, Any]:
    """Counts of matching dated events over a time axis bounded to where the data is.

    Returns `bounds` (the axis: first and last day, or None when nothing is dated), `counts` (one
    bucket per week (Monday) or month of the axis, empty ones included up to
    `MAX_TIMELINE_BUCKETS`, a longer axis lists its non-empty buckets only), `ranges` (events whose
    date interval does not fit in one bucket, e.g. precision "year" on a monthly axis, as
    `{start, end, precision, count}` clipped to the axis: drawn as ranges, never as a spike at
    their start) and `outliers` (events wholly outside the axis, the same shape, not clipped).
    `ranges_total` and `outliers_total` count events, even where the lists are cut at
    `MAX_TIMELINE_RANGES`. Counts are aggregated in SQL by interval, never per event."""
    with engine.connect() as conn:
        grouped = (select(events.c.date_start, events.c.date_end, events.c.date_precision, func.count())
                   .where(*_where(conn, query).clauses, events.c.date_start.is_not(None))
                   .group_by(events.c.date_start, events.c.date_end, events.c.date_precision))
        rows = [(start, end or start, precision, n) for start, end, precision, n in conn.execute(grouped)]
    empty: dict[str, Any] = {"bucket": bucket, "bounds": None, "counts": [], "ranges": [], "ranges_total": 0,
                             "outliers": [], "outliers_total": 0}
    if not rows:
        return empty
    low, high = _axis_bounds(rows, query.date_from, query.date_to)
    first, last = _bucket_start(low, bucket), _bucket_end(_bucket_start(high, bucket), bucket)
    counts: Counter[date] = Counter()
    ranges: Counter[tuple[date, date, str]] = Counter()
    outliers: Counter[tuple[date, date, str]] = Counter()
    for start, end, precision, n in rows:
        if end < low or start > high:
            outliers[(start, end, precision)] += n
        elif _bucket_start(start, bucket) == _bucket_start(end, bucket):
            counts[_bucket_start(start, bucket)] += n
        else:
            ranges[(max(start, first), min(end, last), precision)] += n
    return {**empty, "bounds": {"start": first.isoformat(), "end": last.isoformat()},
            "counts": [{"start": s.isoformat(), "end": _bucket_end(s, bucket).isoformat(), "count": counts.get(s, 0)}
                       for s in _bucket_starts(first, last, bucket, counts)],
            "ranges": _interval_counts(ranges), "ranges_total": sum(ranges.values()),
            "outliers": _interval_counts(outliers), "outliers_total": sum(outliers.values())}


def _axis_bounds(rows: list[tuple[date, date, str, int]], date_from: date | None = None,
                 date_to: date | None = None) -> tuple[date, date]:
    """The first and last start day inside the far-out fences of the (count-weighted) start days;
    a from/to filter inside the fences is the axis instead (a brushed span shows whole, empty days
    included), one outside them never stretches it."""
    days = sorted((start, n) for start, _, _, n in rows)
    total = sum(n for _, n in days)

    def quantile(fraction: float) -> date:
        seen, rank = 0, max(1, math.ceil(fraction * total))
        for day, n in days:
            seen += n
            if seen >= rank:
                return day
        return days[-1][0]

    q1, q3 = quantile(0.25), quantile(0.75)
    reach = timedelta(days=FENCE_IQRS * max((q3 - q1).days, MIN_IQR_DAYS))
    low_fence = date.min if q1 - date.min < reach else q1 - reach
    high_fence = date.max if date.max - q3 < reach else q3 + reach
    inside = [day for day, _ in days if low_fence <= day <= high_fence]
    low = date_from if date_from and low_fence <= date_from <= high_fence else inside[0]
    high = date_to if date_to and low_fence <= date_to <= high_fence else inside[-1]
    return (low, high) if low <= high else (inside[0], inside[-1])


def _bucket_starts(first: date, last: date, bucket: str, counts: Counter[date]) -> list[date]:
    """Every bucket from `first` to `last`, or only the non-empty ones past `MAX_TIMELINE_BUCKETS`."""
    if (last - first).days // (7 if bucket == "week" else 28) > MAX_TIMELINE_BUCKETS:
        return sorted(counts)
    starts, current = [], first
    while current <= last:
        starts.append(current)
        end = _bucket_end(current, bucket)
        if end == date.max:
            break
        current = end + timedelta(days=1)
    return starts


def _interval_counts(found: Counter[tuple[date, date, str]]) -> list[dict[str, Any]]:
    most = sorted(found.items(), key=lambda item: (-item[1], item[0][0], item[0][1]))[:MAX_TIMELINE_RANGES]
    return [{"start": s.isoformat(), "end": e.isoformat(), "precision": p, "count": n}
            for (s, e, p), n in sorted(most, key=lambda item: item[0][:2])]


def _bucket_start(day: date, bucket: str) -> date:
    return day - timedelta(days=day.weekday()) if bucket == "week" else day.replace(day=1)


def _bucket_end(start: date, bucket: str) -> date:
    """The bucket's last day; the last bucket of the calendar ends on its last day (9999-12-31)."""
    try:
        if bucket == "week":
            return start + timedelta(days=6)
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    except OverflowError:
        return date.max


def places(engine: Engine, query: EventQuery) -> list[dict[str, Any]]:
    """Places of matching events with their event counts; `kind` tells a city from a whole country."""
    loc = events.c.location
    with engine.connect() as conn:
        # extract in a subquery, group outside it: PostgreSQL would not match a GROUP BY on JSON
        # paths whose keys are bound as separate parameters
        found = (select(loc["name"].as_string().label("name"), loc["country"].as_string().label("country"),
                        loc["lat"].as_float().label("lat"), loc["lon"].as_float().label("lon"),
                        loc["kind"].as_string().label("kind"))
                 .where(*_where(conn, query).clauses, loc.is_not(None)).subquery())
        fields = (found.c.name, found.c.country, found.c.lat, found.c.lon, found.c.kind)
        grouped = (select(*fields, func.count().label("events")).group_by(*fields)
                   .order_by(func.count().desc(), found.c.name, found.c.country))
        return [r._asdict() for r in conn.execute(grouped) if r.name]


def find_event_id(engine: Engine, event_id: str) -> str | None:
    """The id of the stored event `event_id` names: itself, or the event it was merged into."""
    with engine.connect() as conn:
        if conn.execute(select(events.c.event_id).where(events.c.event_id == event_id)).first():
            return event_id
        # merged_ids is a JSON list of strings: look for the quoted id, then check the list itself.
        candidates = conn.execute(select(events.c.event_id, events.c.merged_ids).where(
            cast(events.c.merged_ids, String).contains(f'"{event_id}"', autoescape=True))).all()
    return next((r.event_id for r in candidates if event_id in (r.merged_ids or [])), None)


def event_detail(engine: Engine, event_id: str) -> dict[str, Any] | None:
    """An event with every report of it (evidence offsets, sentence, status, date, speaker) and the
    status history: the statuses its reports give, in order of publication."""
    with engine.connect() as conn:
        row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
        if row is None:
            return None
        mentions = conn.execute(
            select(event_mentions, articles.c.title, articles.c.source, articles.c.published, articles.c.url)
            .join(articles, articles.c.article_id == event_mentions.c.article_id)
            .where(event_mentions.c.event_id == event_id)
            .order_by(articles.c.published.is_(None), articles.c.published, event_mentions.c.article_id,
                      event_mentions.c.start)).all()
        names = _actor_names(conn, {a for a in (*row.source_actors, *row.target_actors)}
                             | {m.speaker for m in mentions if m.speaker})
        texts = {r.article_id: r.text for r in conn.execute(select(articles.c.article_id, articles.c.text).where(
            articles.c.article_id.in_(sorted({m.article_id for m in mentions}))))}
    reports = [{**_mention_record(m, names), "sentence_start": sentence_start(texts.get(m.article_id, ""), m)}
               for m in mentions]
    return {**_event_summary(row, names), "mention_count": len(reports), "mentions": reports,
            "status_history": _status_history(reports)}


def sentence_start(text: str, m: Any) -> int | None:
    """Offset of a mention's sentence in its article: the sentence must start at or before the
    trigger and end at or after it; None if the stored sentence is not in the text verbatim."""
    found = text.find(m.sentence, max(0, m.end - len(m.sentence)))
    return found if 0 <= found <= m.start else None


def _status_history(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = []
    for m in reports:
        step = {"published": m["published"], "article_id": m["article_id"], "source": m["source"],
                "status": m["status"]}
        if not history or (history[-1]["article_id"], history[-1]["status"]) != (step["article_id"], step["status"]):
            history.append(step)
    return history


def _mention_record(m: Any, names: dict[str, str]) -> dict[str, Any]:
    return {
        "mention_id": m.mention_id, "article_id": m.article_id, "title": m.title, "source": m.source,
        "published": _iso(m.published), "url": m.url, "start": m.start, "end": m.end, "text": m.text,
        "sentence": m.sentence, "type": m.type, "mode": m.mode, "subtype": m.subtype, "status": m.status,
        "date": _interval(m), "location": m.location, "speaker": _actor_ref(m.speaker, names) if m.speaker else None,
        "source_actors": [_actor_ref(a, names) for a in m.source_actors],
        "target_actors": [_actor_ref(a, names) for a in m.target_actors],
        "confidence": _confidence(m.confidence),
        "why_linked": {"score": m.link_score, **(m.link_reasons or {"joined": None, "reasons": []})},
    }


def _confidence(value: float | None) -> float:
    return 1.0 if value is None else round(float(value), 3)


def _event_summary(r: Any, names: dict[str, str]) -> dict[str, Any]:
    return {
        "event_id": r.event_id, "type": r.type, "mode": r.mode, "subtype": r.subtype, "status": r.status,
        "confidence": _confidence(r.confidence), "num_articles": r.num_articles, "num_sources": r.num_sources,
        "date": _interval(r), "location": r.location,
        "source_actors": [_actor_ref(a, names) for a in r.source_actors],
        "target_actors": [_actor_ref(a, names) for a in r.target_actors],
        "merged_ids": list(r.merged_ids or []),
    }


def _interval(r: Any) -> dict[str, Any] | None:
    if r.date_start is None:
        return None
    return {"start": _iso(r.date_start), "end": _iso(r.date_end), "precision": r.date_precision,
            "basis": r.date_basis}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# Actors -----------------------------------------------------------------------------------------

def _actor_names(conn: Any, actor_ids: set[str]) -> dict[str, str]:
    ids = sorted(a for a in actor_ids if a)
    names: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        names.update((r.actor_id, r.name) for r in conn.execute(
            select(actors.c.actor_id, actors.c.name).where(actors.c.actor_id.in_(ids[i:i + 500]))))
    return names


def actor_names(engine: Engine, actor_ids: set[str]) -> dict[str, str]:
    """Names of the stored actors among `actor_ids`."""
    with engine.connect() as conn:
        return _actor_names(conn, actor_ids)


def _actor_ref(actor_id: str, names: dict[str, str]) -> dict[str, Any]:
    return {"actor_id": actor_id, "name": names.get(actor_id)}


def _event_count() -> Any:
    return (select(func.count()).select_from(event_actors)
            .where(event_actors.c.actor_id == actors.c.actor_id).scalar_subquery())


def search_actors(engine: Engine, q: str | None, limit: int = 50, offset: int = 0) -> Page:
    """Actors whose name or a known alias contains `q` (any case), most involved first."""
    where = []
    if q:
        where.append(or_(actors.c.name.icontains(q, autoescape=True),
                         cast(actors.c.aliases, String).icontains(q, autoescape=True)))
    listing = (select(actors, _event_count().label("event_count")).where(*where)
               .order_by(_event_count().desc(), actors.c.name, actors.c.actor_id).limit(limit).offset(offset))
    with engine.connect() as conn:
        rows = conn.execute(listing).all()
        total = conn.execute(select(func.count()).select_from(actors).where(*where)).scalar_one()
    return Page([{**_actor_record(r), "event_count": r.event_count} for r in rows], total, limit, offset)


def _actor_record(r: Any) -> dict[str, Any]:
    return {"actor_id": r.actor_id, "name": r.name, "kind": r.kind, "country": r.country,
            "aliases": list(r.aliases or []), "roles": list(r.roles or []), "kb_id": r.kb_id}


def actor_detail(engine: Engine, actor_id: str, limit: int = 100, offset: int = 0) -> dict[str, Any] | None:
    """An actor with its offices, a page of its events (as source or target), its events by year
    and role, and its counterparts: the actors it shares events with, most shared first."""
    with engine.connect() as conn:
        row = conn.execute(select(actors).where(actors.c.actor_id == actor_id)).first()
        if row is None:
            return None
        involved = select(event_actors.c.event_id).where(event_actors.c.actor_id == actor_id)
        total = conn.execute(select(func.count()).select_from(involved.subquery())).scalar_one()
        rows = conn.execute(select(events, events.c.num_mentions.label("mention_count"))
                            .where(events.c.event_id.in_(involved))
                            .order_by(*_event_order("date")).limit(limit).offset(offset)).all()
        counterparts = _counterparts(conn, actor_id)
        names = _actor_names(conn, {a for r in rows for a in (*r.source_actors, *r.target_actors)}
                             | {c["actor_id"] for c in counterparts})
        by_year = _events_by_year(conn, actor_id)
    for c in counterparts:
        c["name"] = names.get(c["actor_id"])
    return {**_actor_record(row), "event_count": total,
            "events": [{**_event_summary(r, names), "mention_count": r.mention_count,
                        "role": "source" if actor_id in r.source_actors else "target"} for r in rows],
            "events_by_year": by_year, "counterparts": counterparts}


def _counterparts(conn: Any, actor_id: str, limit: int = 30) -> list[dict[str, Any]]:
    mine, other = event_actors.alias("mine"), event_actors.alias("other")
    shared = (select(other.c.actor_id, func.count().label("events"))
              .join(mine, and_(mine.c.event_id == other.c.event_id, mine.c.actor_id == actor_id))
              .where(other.c.actor_id != actor_id)
              .group_by(other.c.actor_id).order_by(func.count().desc(), other.c.actor_id).limit(limit))
    return [{"actor_id": r.actor_id, "events": r.events} for r in conn.execute(shared)]


def _events_by_year(conn: Any, actor_id: str) -> list[dict[str, Any]]:
    """Dated events of an actor per start year, as source and as target: roles over time."""
    rows = conn.execute(select(events.c.date_start, events.c.source_actors)
                        .join(event_actors, event_actors.c.event_id == events.c.event_id)
                        .where(event_actors.c.actor_id == actor_id, events.c.date_start.is_not(None)))
    years: dict[int, Counter[str]] = {}
    for day, sources in rows:
        years.setdefault(day.year, Counter())["source" if actor_id in sources else "target"] += 1
    return [{"year": y, "source": c["source"], "target": c["target"]} for y, c in sorted(years.items())]


# Articles and stories ---------------------------------------------------------------------------

def article_detail(engine: Engine, article_id: str, unlinked: bool = False) -> dict[str, Any] | None:
    """An article's clean text with the spans (offsets into that text) of its entity and event
    mentions; the event mentions under the linking threshold (not in any event) only when asked."""
    with engine.connect() as conn:
        row = conn.execute(select(articles).where(articles.c.article_id == article_id)).first()
        if row is None:
            return None
        entities = conn.execute(select(entity_mentions).where(entity_mentions.c.article_id == article_id)
                                .order_by(entity_mentions.c.start, entity_mentions.c.end)).all()
        shown = [event_mentions.c.article_id == article_id]
        if not unlinked:
            shown.append(event_mentions.c.event_id.is_not(None))
        mentions = conn.execute(select(event_mentions).where(*shown)
                                .order_by(event_mentions.c.start, event_mentions.c.end)).all()
        names = _actor_names(conn, {e.actor_id for e in entities if e.actor_id})
    return {
        "article_id": row.article_id, "title": row.title, "source": row.source, "published": _iso(row.published),
        "url": row.url, "dateline": row.dateline, "source_path": row.source_path, "language": row.language,
        "duplicate_of": row.duplicate_of, "story_id": row.story_id, "text": row.text,
        "entity_mentions": [{"start": e.start, "end": e.end, "text": e.text, "label": e.label,
                             "actor_id": e.actor_id, "actor_name": names.get(e.actor_id)} for e in entities],
        "event_mentions": [{"mention_id": m.mention_id, "event_id": m.event_id, "start": m.start, "end": m.end,
                            "text": m.text, "type": m.type, "mode": m.mode, "status": m.status,
                            "confidence": _confidence(m.confidence)} for m in mentions],
    }


#: The query parameters of the articles list (`search_articles`).
ARTICLE_PARAMS = ("source", "from", "to", "q", "limit", "offset")


@dataclass(frozen=True)
class ArticleQuery:
    """What the articles list is asked: outlet, publication days and text in the title."""

    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    limit: int = 50
    offset: int = 0


def parse_article_query(params: Mapping[str, str] | Any) -> ArticleQuery:
    """The articles list's parameters, checked as the events list's are (same names, same
    messages; unknown parameters raise `InvalidQuery` listing the valid ones)."""
    unknown = sorted({n for n in list(params) if n not in ARTICLE_PARAMS})
    if unknown:
        raise InvalidQuery({}, unknown, ARTICLE_PARAMS)
    q = parse_event_query(dict(params.items()))
    return ArticleQuery(source=q.source, date_from=q.date_from, date_to=q.date_to, q=q.q, limit=q.limit,
                        offset=q.offset)


def search_articles(engine: Engine, query: ArticleQuery) -> Page:
    """Articles from an outlet, published between two days, with text in their title: newest first."""
    where: list[ColumnElement[bool]] = []
    if query.source:
        where.append(articles.c.source == query.source)
    if query.date_from:
        where.append(articles.c.published >= query.date_from)
    if query.date_to:
        where.append(articles.c.published <= query.date_to)
    if query.q:
        where.append(articles.c.title.icontains(query.q, autoescape=True))
    listing = (select(articles.c.article_id, articles.c.title, articles.c.source, articles.c.published,
                      articles.c.dateline, articles.c.url, articles.c.duplicate_of, articles.c.story_id)
               .where(*where).order_by(articles.c.published.is_(None), articles.c.published.desc(),
                                       articles.c.article_id).limit(query.limit).offset(query.offset))
    with engine.connect() as conn:
        rows = conn.execute(listing).all()
        total = conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()
    items = [{**r._asdict(), "published": _iso(r.published)} for r in rows]
    return Page(items, total, query.limit, query.offset)


def search_stories(engine: Engine, limit: int = 50, offset: int = 0) -> Page:
    """Stories (articles linked by the events they share), latest first."""
    stories = (select(articles.c.story_id, func.count().label("article_count"),
                      func.min(articles.c.published).label("first_published"),
                      func.max(articles.c.published).label("last_published"))
               .where(articles.c.story_id.is_not(None)).group_by(articles.c.story_id))
    listing = stories.order_by(func.max(articles.c.published).desc(), articles.c.story_id).limit(limit).offset(offset)
    with engine.connect() as conn:
        rows = conn.execute(listing).all()
        total = conn.execute(select(func.count()).select_from(stories.subquery())).scalar_one()
        # the latest title of each story names it
        titles = {r.story_id: r.title for r in conn.execute(
            select(articles.c.story_id, articles.c.title).where(articles.c.story_id.in_([r.story_id for r in rows]))
            .order_by(articles.c.published, articles.c.article_id))}
    items = [{"story_id": r.story_id, "article_count": r.article_count, "title": titles.get(r.story_id),
              "first_published": _iso(r.first_published), "last_published": _iso(r.last_published)} for r in rows]
    return Page(items, total, limit, offset)


def story_detail(engine: Engine, story_id: str) -> dict[str, Any] | None:
    """A story's articles in publication order and the events they report."""
    with engine.connect() as conn:
        rows = conn.execute(select(articles.c.article_id, articles.c.title, articles.c.source, articles.c.published,
                                   articles.c.duplicate_of)
                            .where(articles.c.story_id == story_id)
                            .order_by(articles.c.published, articles.c.article_id)).all()
        if not rows:
            return None
        reported = select(event_mentions.c.event_id).where(
            event_mentions.c.article_id.in_([r.article_id for r in rows]), event_mentions.c.event_id.is_not(None))
        found = conn.execute(select(events, events.c.num_mentions.label("mention_count"))
                             .where(events.c.event_id.in_(reported)).order_by(*_event_order("date"))).all()
        names = _actor_names(conn, {a for r in found for a in (*r.source_actors, *r.target_actors)})
    return {"story_id": story_id,
            "articles": [{"article_id": r.article_id, "title": r.title, "source": r.source,
                          "published": _iso(r.published), "duplicate_of": r.duplicate_of} for r in rows],
            "events": [{**_event_summary(r, names), "mention_count": r.mention_count} for r in found]}


__all__ = ["ARTICLE_PARAMS", "CONFIDENCE_BANDS", "DATE_BASES", "EVENT_PARAMS", "EVENT_SORTS", "FACETS", "MAX_PAGE",
           "ArticleQuery", "EventQuery", "InvalidQuery", "Page", "actor_detail", "actor_names", "article_detail",
           "event_detail", "facets", "find_event_id", "iter_events", "parse_article_query", "parse_event_query",
           "places", "resolve_actor", "search_actors", "search_articles", "search_events", "search_stories",
           "story_detail", "timeline"]
