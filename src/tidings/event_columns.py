"""The events' filter, sort and facet keys held in memory as arrays, one copy per database state.

At a million events, SQL answers one filter quickly through its index, but a combination of two
(type and outlet, actor and country) makes it look every event of the first up again to test the
second, and the list asks that three times (the count, the page, each of eight facets): seconds
on SQLite. Here the same questions are a few comparisons over arrays of small codes: a count, a
page in any order and all eight facets of any combination take milliseconds.

`query` asks `current(engine, conn)` for the copy of the database's present state (its
`generation`); while there is none (the database changed, it is too small to need one, or too big
to hold), the query runs in SQL as before and, in a server (`warm`), a copy is built in a
background thread, so no request waits for it. Actor names and text search stay in SQL: the event ids they give become
masks here. Both ways give the same rows, the same totals and the same facets
(tests/test_event_columns.py compares them filter by filter).

    columns = prepare(store.engine)           # build now (tests; a server builds on demand)
    mask = columns.mask(EventQuery(type="CONSULT", source="Reuters"))
    columns.count(mask), columns.page("-date", mask, offset=0, limit=50)
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, String, cast, func, literal_column, select
from sqlalchemy.exc import SQLAlchemyError

from tidings.store import event_actors, event_mentions, event_sources, events, one_state, store_state

if TYPE_CHECKING:
    from tidings.query import EventQuery

log = logging.getLogger(__name__)

#: Below this many events SQL answers every combination in a few milliseconds: no copy is made.
MIN_EVENTS = 20_000
#: Above this many, the copy (about 100 bytes an event) is not made and SQL answers alone.
MAX_EVENTS = 5_000_000


@dataclass(frozen=True)
class _Codes:
    """A column as small integer codes: `values[code]` is the value, sorted, with None last."""

    codes: np.ndarray
    values: list[Any]

    @classmethod
    def of(cls, column: pa.Array) -> _Codes:
        encoded = pc.dictionary_encode(column)
        found = encoded.dictionary.to_pylist()
        order = sorted(range(len(found)), key=found.__getitem__)
        rank = np.empty(len(found) + 1, dtype=np.int32)
        rank[order] = np.arange(len(found), dtype=np.int32)
        rank[len(found)] = len(found)  # None
        indices = encoded.indices.fill_null(len(found)).to_numpy(zero_copy_only=False)
        return cls(rank[indices], [found[i] for i in order] + [None])

    def code(self, value: Any) -> int | None:
        try:
            return self.values.index(value) if value is not None else None
        except ValueError:
            return None


@dataclass(frozen=True)
class _Members:
    """A many-to-many link of events (positions) to values (actors, outlets): the rows of its
    table as parallel arrays, and the same rows grouped by value for the filter."""

    event: np.ndarray  # position of the event of each row
    value: np.ndarray  # code of the value of each row
    values: list[str]  # code -> value, sorted
    by_value: np.ndarray  # event positions, grouped by value code
    starts: np.ndarray  # by_value[starts[c]:starts[c + 1]] are the events of value c

    @classmethod
    def of(cls, event_ids: pa.Array, values: pa.Array, ids: pa.Array) -> _Members:
        at = pc.index_in(event_ids, value_set=ids)
        known = pc.is_valid(at)  # a row of an event not read (written meanwhile) is left out
        event = at.filter(known).to_numpy(zero_copy_only=False).astype(np.int32)
        codes = _Codes.of(values.filter(known))
        grouped = np.argsort(codes.codes, kind="stable")
        starts = np.searchsorted(codes.codes[grouped], np.arange(len(codes.values)))
        return cls(event, codes.codes, codes.values[:-1], event[grouped], starts)

    def having(self, wanted: Sequence[str], size: int) -> np.ndarray:
        found = np.zeros(size, dtype=bool)
        index = {v: i for i, v in enumerate(self.values)}
        for value in wanted:
            if value in index:
                c = index[value]
                found[self.by_value[self.starts[c]:self.starts[c + 1]]] = True
        return found

    def counts(self, mask: np.ndarray | None) -> np.ndarray:
        rows = self.value if mask is None else self.value[mask[self.event]]
        return np.bincount(rows, minlength=len(self.values))


class EventColumns:
    """Every stored event's filter, sort and facet keys, by position in id order."""

    def __init__(self, columns: list[pa.Array], actor_columns: list[pa.Array], source_columns: list[pa.Array],
                 generation: int, mention_columns: list[pa.Array] | None = None):
        from tidings.query import CONFIDENCE_BANDS, EVENT_SORTS  # query reads this module

        self.generation = generation
        (ids, types, modes, statuses, countries, places, starts, ends, bases, confidences, mentions) = columns
        order = pc.sort_indices(ids)  # by bytes; ids are hex digits, which every collation orders so
        self.ids = ids.take(order)
        self.size = len(self.ids)
        #: the ids as fixed-width bytes, for lookups by binary search: Arrow's `index_in` would
        #: hash all of them again on every lookup
        self.sorted_ids = _as_bytes(self.ids)

        def ordered(column: pa.Array) -> pa.Array:
            return column.take(order)

        self.type, self.mode, self.status = (_Codes.of(ordered(c)) for c in (types, modes, statuses))
        self.country, self.place, self.basis = (_Codes.of(ordered(c)) for c in (countries, places, bases))
        start, end = (ordered(c).cast(pa.string()).cast(pa.date32()) for c in (starts, ends))
        self.dated = start.is_valid().to_numpy(zero_copy_only=False)
        self.has_end = end.is_valid().to_numpy(zero_copy_only=False)
        self.start = start.cast(pa.int32()).fill_null(0).to_numpy().astype(np.int64)
        self.end = end.cast(pa.int32()).fill_null(0).to_numpy().astype(np.int64)
        self.year = pc.year(start).fill_null(0).to_numpy().astype(np.int64)
        self.confidence = ordered(confidences).cast(pa.float64()).fill_null(1.0).to_numpy()
        self.mentions = ordered(mentions).cast(pa.int64()).fill_null(0).to_numpy()
        # the facet's bands as `query._facet_column` makes them, coded in the order of their
        # names: high 0, low 1, medium 2
        high, medium = CONFIDENCE_BANDS["high"][0], CONFIDENCE_BANDS["medium"][0]
        band = np.where(self.confidence >= high, 0, np.where(self.confidence >= medium, 2, 1)).astype(np.int32)
        self.band = _Codes(band, ["high", "low", "medium", None])
        self.actors, self.sources = (_Members.of(e, v, self.ids) for e, v in (actor_columns, source_columns))
        #: SQLite: the event (position) of each mention by its rowid, -1 for none, so that the
        #: rowids the text index finds become events without reading a row of event_mentions
        self.event_of_mention: np.ndarray | None = None
        if mention_columns is not None:
            rowids, event_ids = mention_columns
            at = pc.index_in(event_ids, value_set=self.ids).fill_null(-1).to_numpy(zero_copy_only=False)
            rows = rowids.to_numpy(zero_copy_only=False).astype(np.int64)
            self.event_of_mention = np.full(int(rows.max()) + 1 if len(rows) else 0, -1, dtype=np.int32)
            self.event_of_mention[rows] = at
        self._orders: dict[str, np.ndarray] = {}
        for sort in EVENT_SORTS:  # made with the copy, in the background, not by a request
            self.order(sort)

    # Filters ------------------------------------------------------------------------------------

    def mask(self, query: EventQuery, actor_ids: Sequence[str] | None = None,
             text_found: np.ndarray | None = None) -> np.ndarray | None:
        """The events `query` matches, as `query.event_conditions` reads it (None: all of them);
        `actor_ids` are the actors its `actor` filter resolved to, `text_found` the events its
        text search found (`having_ids`, `having_mentions`)."""
        found: np.ndarray | None = None

        def keep(condition: np.ndarray) -> None:
            nonlocal found
            found = condition if found is None else found & condition

        if query.actor:
            keep(self.actors.having(list(actor_ids) if actor_ids is not None else [query.actor], self.size))
        for codes, value in ((self.type, query.type), (self.mode, query.mode), (self.status, query.status),
                             (self.country, query.country.upper() if query.country else None),
                             (self.place, query.place.lower() if query.place else None),
                             (self.basis, query.basis)):
            if value:
                code = codes.code(value)
                keep(codes.codes == code if code is not None else np.zeros(self.size, dtype=bool))
        if query.source:
            keep(self.sources.having([query.source], self.size))
        if query.year:
            keep(self.dated & (self.year == query.year))
        if query.confidence:
            from tidings.query import CONFIDENCE_BANDS

            low, high = CONFIDENCE_BANDS[query.confidence]
            keep((self.confidence >= low) & (self.confidence < high))
        if query.date_from:
            keep(self.has_end & (self.end >= _day(query.date_from)))
        if query.date_to:
            keep(self.dated & (self.start <= _day(query.date_to)))
        if query.q:
            keep(text_found if text_found is not None else np.zeros(self.size, dtype=bool))
        return found

    def having_ids(self, ids: pa.Array) -> np.ndarray:
        found = np.zeros(self.size, dtype=bool)
        if len(ids) and self.size:
            wanted = _as_bytes(ids.drop_null())
            at = np.searchsorted(self.sorted_ids, wanted)
            inside = at < self.size
            at, wanted = at[inside], wanted[inside]
            found[at[self.sorted_ids[at] == wanted]] = True
        return found

    def having_mentions(self, rowids: pa.Array) -> np.ndarray:
        """The events of the mentions with these rowids (SQLite; see `event_of_mention`)."""
        assert self.event_of_mention is not None
        rows = rowids.to_numpy(zero_copy_only=False).astype(np.int64)
        at = self.event_of_mention[rows[rows < len(self.event_of_mention)]]
        found = np.zeros(self.size, dtype=bool)
        found[at[at >= 0]] = True
        return found

    def count(self, mask: np.ndarray | None) -> int:
        return self.size if mask is None else int(np.count_nonzero(mask))

    # Order --------------------------------------------------------------------------------------

    def order(self, sort: str) -> np.ndarray:
        """Positions of every event in the list's `sort` order (`query.EVENT_SORTS`), made once."""
        if sort not in self._orders:
            position = np.arange(self.size)
            undated = ~self.dated
            keys = {
                "-date": (position, -self.start, undated),
                "date": (position, self.start, undated),
                "mentions": (-position, self.mentions),
                "-mentions": (position, -self.mentions),
                "type": (position, self.start, undated, self.type.codes),
            }
            if sort == "id":
                self._orders[sort] = position
            elif sort in keys:
                self._orders[sort] = np.lexsort(keys[sort])
            else:
                raise ValueError(f"unknown sort {sort!r}")
        return self._orders[sort]

    def page(self, sort: str, mask: np.ndarray | None, offset: int, limit: int) -> list[str]:
        ordered = self.order(sort)
        if mask is not None:
            ordered = ordered[mask[ordered]]
        return self.ids.take(ordered[offset:offset + limit]).to_pylist()

    # Facets -------------------------------------------------------------------------------------

    def facet(self, name: str, mask: np.ndarray | None, size: int) -> list[tuple[Any, int]]:
        """The `size` most frequent values of a facet among the events of `mask`, with their
        counts, most frequent first and then by value, as `query._facet_counts` gives them."""
        if name in ("actor", "source"):
            members = self.actors if name == "actor" else self.sources
            return _top(members.values, members.counts(mask), size)
        if name == "year":
            chosen = self.dated if mask is None else self.dated & mask
            years = self.year[chosen]
            if not len(years):
                return []
            first = int(years.min())
            counts = np.bincount(years - first)
            return _top(list(range(first, first + len(counts))), counts, size)
        codes = {"type": self.type, "status": self.status, "country": self.country, "basis": self.basis,
                 "confidence": self.band}[name]
        counts = np.bincount(codes.codes if mask is None else codes.codes[mask], minlength=len(codes.values))
        return _top(codes.values[:-1], counts[:-1], size)  # None, the last value, is no facet value


def _as_bytes(ids: pa.Array) -> np.ndarray:
    """Ids as a NumPy array of fixed-width bytes (UTF-8), ordered as Arrow orders the strings."""
    return ids.cast(pa.binary()).to_numpy(zero_copy_only=False).astype(np.bytes_)


def _top(values: Sequence[Any], counts: np.ndarray, size: int) -> list[tuple[Any, int]]:
    """Values by count, most first, ties by value (the values are sorted): those counted only."""
    codes = np.lexsort((np.arange(len(counts)), -counts))[:size]
    return [(values[c], int(counts[c])) for c in codes if counts[c] > 0]


def _day(day: date) -> int:
    return int(np.datetime64(day.isoformat(), "D").astype(np.int64))


# The copy of each database's present state ------------------------------------------------------

@dataclass
class _Slot:
    columns: EventColumns | None = None
    building: int | None = None  # the generation being built
    skipped: int | None = None  # a generation too small or too big to copy


_slots: weakref.WeakKeyDictionary[Engine, _Slot] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def generation(conn: Any) -> int:
    value = conn.execute(select(store_state.c.value).where(store_state.c.name == "generation")).scalar()
    return int(value or 0)


def current(engine: Engine, conn: Any) -> EventColumns | None:
    """The copy of the database's present state, if it is made; otherwise None, and it is made in
    the background (once per state, one at a time) when the database holds between MIN_EVENTS and
    MAX_EVENTS events. Only a process that keeps copies of this engine (a server: `warm`) makes
    them: a one-off command (`tidings events`) asks SQL and is done."""
    with _lock:
        if engine not in _slots:
            return None
    now = generation(conn)
    with _lock:
        slot = _slots[engine]
        if slot.columns is not None and slot.columns.generation == now:
            return slot.columns
        if slot.building is not None or slot.skipped == now:
            return None  # one build at a time: under a stream of writes they would pile up
        slot.building = now
    threading.Thread(target=_build_in_background, args=(engine, now), daemon=True,
                     name="tidings-event-columns").start()
    return None


def warm(engine: Engine) -> None:
    """Keep copies of this engine's database from now on, and start making the copy of its present
    state if it is big enough to need one (a server does as it starts); a database that cannot be
    read now is left to the first request."""
    with _lock:
        _slots.setdefault(engine, _Slot())
    try:
        with engine.connect() as conn:
            current(engine, conn)
    except SQLAlchemyError as error:
        log.warning("event columns not started: %s", error)


def _build_in_background(engine: Engine, wanted: int) -> None:
    try:
        with one_state(engine) as conn:
            size = conn.execute(select(func.count()).select_from(events)).scalar_one()
            built = load(conn) if MIN_EVENTS <= size <= MAX_EVENTS else None
    except Exception as error:  # noqa: BLE001 - SQL answers instead; the next state tries again
        log.warning("event columns not built: %s", error)
        built = None
    with _lock:
        slot = _slots.setdefault(engine, _Slot())
        slot.building = None
        if built is None:
            slot.skipped = wanted
        elif slot.columns is None or slot.columns.generation <= built.generation:
            slot.columns = built  # the state it read, which writes since `wanted` may have moved on


def load(conn: Any) -> EventColumns:
    """Read every event's keys, its actors and its outlets (`conn` reads one state: `one_state`)."""
    now = generation(conn)
    keys = select(events.c.event_id, events.c.type, events.c.mode, events.c.status, events.c.country,
                  events.c.place, cast(events.c.date_start, String), cast(events.c.date_end, String),
                  events.c.date_basis, events.c.confidence, events.c.num_mentions)
    mentions = None
    if conn.dialect.name == "sqlite":
        mentions = _read(conn, select(literal_column("event_mentions.rowid"), event_mentions.c.event_id)
                         .where(event_mentions.c.event_id.is_not(None)))
    return EventColumns(_read(conn, keys), _read(conn, select(event_actors.c.event_id, event_actors.c.actor_id)),
                        _read(conn, select(event_sources.c.event_id, event_sources.c.source)), now, mentions)


def read_column(conn: Any, statement: Any) -> pa.Array:
    """The one column of a select, read fast (`_read`)."""
    return _read(conn, statement)[0]


def _read(conn: Any, statement: Any, chunk: int = 100_000) -> list[pa.Array]:
    """The columns of a select as Arrow arrays, read `chunk` rows at a time straight from the
    driver's cursor: a million rows wrapped one by one as SQLAlchemy rows would take seconds more,
    and the whole list of them gigabytes. Only columns the driver gives as plain values (text,
    numbers) are read so."""
    result = conn.execute(statement)
    width = len(statement.selected_columns)
    try:
        parts: list[list[pa.Array]] = []
        while rows := result.cursor.fetchmany(chunk):  # (zip(*rows) is far slower on many rows)
            parts.append([pa.array([r[i] for r in rows]) for i in range(width)])
    finally:
        result.close()
    if not parts:
        return [pa.array([], pa.string()) for _ in range(width)]
    columns = []
    for i in range(width):  # a chunk of nulls only comes out untyped: it takes the others' type
        kind = next((p[i].type for p in parts if not pa.types.is_null(p[i].type)), pa.string())
        columns.append(pa.concat_arrays([p[i] if p[i].type == kind else p[i].cast(kind) for p in parts]))
    return columns


def prepare(engine: Engine) -> EventColumns:
    """Make the copy of the present state now, whatever the database's size, and keep it."""
    with one_state(engine) as conn:
        built = load(conn)
    with _lock:
        _slots.setdefault(engine, _Slot()).columns = built
    return built


__all__ = ["MAX_EVENTS", "MIN_EVENTS", "EventColumns", "current", "load", "prepare", "warm"]
