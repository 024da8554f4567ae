"""The database: SQLAlchemy 2 Core tables and the queries every other part uses.

SQLite by default (a file path or `sqlite:///...`), PostgreSQL by URL (`postgresql://...`, run
through psycopg 3): the schema uses only portable types (JSON, Date, LargeBinary); the few
dialect-specific things (SQLite pragmas and transactions, PostgreSQL's writer lock, insert-or-ignore)
sit in small helpers below. Each batch of articles is written with all its mentions and events in
one transaction, so a process killed mid-ingest leaves either the whole batch or nothing, and
re-running the ingest completes it; inside it each article has its own savepoint, so one article
that fails to store or link is recorded and the rest of the batch is kept.

Writers take turns: SQLite lets one write transaction in at a time (`BEGIN IMMEDIATE`), PostgreSQL
through an advisory lock, so linking always sees the events the others stored. A writer waits for
its turn at most `Access.lock_timeout` seconds, retrying with growing pauses, and then stops with
one line. Readers (`READ`: export, serve, the tables) never create a database and never write;
`snapshot()` reads everything through one transaction, so an export is one state of the database
even while an ingest writes. SQLite runs in WAL mode with `synchronous=NORMAL`: a kill -9 never
loses a committed transaction, but a power cut may lose the last few; `Access(durable=True)`
(`--durable`) syncs every commit to disk (`synchronous=FULL`) at some cost in speed.

    store = Store.open("tidings.db")
    for article in store.articles(): ...
    with Store.open("tidings.db", READ).snapshot() as snapshot: ...
"""

from __future__ import annotations

import contextvars
import functools
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

from tidings.errors import BadInput, StoreError
from tidings.link import (
    POSTING_LIMIT,
    WIDE,
    Link,
    block_keys,
    event_state,
    most_similar,
    rare_terms,
    start_week,
    start_weeks,
)
from tidings.link.pairs import LinkMention, TermStatistics
from tidings.model import (
    Actor,
    Analysis,
    Article,
    DateInterval,
    EntityMention,
    Event,
    EventMention,
    Place,
    Profile,
    Signature,
    content_id,
)

log = logging.getLogger(__name__)
metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("article_id", String(32), primary_key=True),
    Column("source_path", Text, nullable=False),
    Column("title", Text),
    Column("source", Text, index=True),  # the outlet: a filter and a facet of the events list
    Column("published", Date),
    Column("dateline", Text),
    Column("agency", Text),
    Column("url", Text),
    Column("language", String),  # as the manifest or page says it: "en", "en-GB", "English"
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("minhash", LargeBinary),
    Column("duplicate_of", String(32)),
    Column("story_id", String(32), index=True),
    Column("provenance", JSON),
    Column("profile", JSON),  # link.pairs.Profile: what article similarity reads
    Column("sequence", Integer, index=True),  # the order articles were stored and linked in
)

actors = Table(
    "actors", metadata,
    Column("actor_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(3)),
    Column("aliases", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("kb_id", String),
)

entity_mentions = Table(
    "entity_mentions", metadata,
    Column("article_id", String(32), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("actor_id", String(64), index=True),
)

event_mentions = Table(
    "event_mentions", metadata,
    Column("mention_id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event_id", String(32), index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String),
    Column("subtype", String),
    Column("status", String(16), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_basis", String(16)),
    Column("location", JSON),
    Column("source_actors", JSON, nullable=False),
    Column("target_actors", JSON, nullable=False),
    Column("speaker", String(64)),
    Column("confidence", Float),
    Column("signature", JSON),  # model.Signature: what the pair scorer reads
    Column("local_event", String(32)),
    Column("link_score", Float),  # why it is in its event: the average pair probability...
    Column("link_reasons", JSON),  # ...the event it joined and the features that decided (link.Link)
)

events = Table(
    "events", metadata,
    Column("event_id", String(32), primary_key=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String),
    Column("subtype", String),
    Column("status", String(16), nullable=False),
    Column("date_start", Date, index=True),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_basis", String(16), index=True),
    Column("location", JSON),
    # the location's country and lower-cased name, copied out of the JSON so that the events list
    # filters and counts them through an index instead of scanning JSON (issue 15)
    Column("country", String(3), index=True),
    Column("place", Text, index=True),
    Column("source_actors", JSON, nullable=False),
    Column("target_actors", JSON, nullable=False),
    Column("merged_ids", JSON, nullable=False),
    Column("confidence", Float, index=True),
    Column("num_articles", Integer),
    Column("num_sources", Integer),  # independent reports: wire copies do not count again
    Column("num_mentions", Integer),  # its reports, kept here so the list sorts by them through an index
)

#: The blocking index of linking: an event under each of its actors, with its type and dates, so
#: that the candidates for a mention are one index range per actor, whatever the database's size.
event_actors = Table(
    "event_actors", metadata,
    Column("event_id", String(32), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(64), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
)
Index("ix_event_actors_block", event_actors.c.actor_id, event_actors.c.type, event_actors.c.date_start)
Index("ix_events_status", events.c.status)
Index("ix_events_date_end_start", events.c.date_end, events.c.date_start)  # overlaps counted in the index
Index("ix_event_actors_actor_event", event_actors.c.actor_id, event_actors.c.event_id)  # counts by actor
# both mention orders from one index: "-mentions" reads it forwards, "mentions" backwards
Index("ix_events_mentions", events.c.num_mentions.desc(), events.c.event_id)

#: The outlets reporting each event (the distinct `articles.source` of its reports), kept with the
#: event: the events list filters and counts by outlet in this index instead of joining every
#: report to its article.
event_sources = Table(
    "event_sources", metadata,
    Column("event_id", String(32), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("source", Text, primary_key=True),
)
Index("ix_event_sources_source_event", event_sources.c.source, event_sources.c.event_id)

#: The blocking index of linking: an event under each of its keys (actor, place, type: see
#: `link.block_keys`), with its type and dates, so the candidates for a mention are a few index
#: ranges whatever the database's size.
event_blocks = Table(
    "event_blocks", metadata,
    Column("event_id", String(32), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    #: the week the event starts in, or `link.WIDE` when undated or long (`link.start_week`): the
    #: candidates in a window are one index range per key, in any order of ingest
    Column("week", Integer),
)
Index("ix_event_blocks_key_week", event_blocks.c.key, event_blocks.c.week)

#: Article similarity blocking: each article under its rarest words (`link.rare_terms`).
article_terms = Table(
    "article_terms", metadata,
    Column("term", String(200), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
    Column("sequence", Integer, nullable=False),
)
Index("ix_article_terms_term_sequence", article_terms.c.term, article_terms.c.sequence)

#: Document frequencies of profile words, kept as articles are linked: the IDF of article
#: similarity (`link.pairs.TermStatistics`); the row with term "" counts the articles.
term_frequencies = Table(
    "term_frequencies", metadata,
    Column("term", String(200), primary_key=True),
    Column("frequency", Integer, nullable=False),
)

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("error_id", String(32), primary_key=True),
    Column("location", Text, nullable=False),
    Column("line", Integer),
    Column("stage", String(16), nullable=False),
    Column("reason", Text, nullable=False),
)

Index("ix_event_mentions_article_start", event_mentions.c.article_id, event_mentions.c.start)

#: What re-ingesting an article with corrected metadata changed (a manifest's date, source or
#: url): one row per field, numbered per article, shown on the article page and in exports.
article_corrections = Table(
    "article_corrections", metadata,
    Column("article_id", String(32), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),  # 1 for the article's first correction, 2 for the next...
    Column("field", String(32), primary_key=True),
    Column("old", Text),
    Column("new", Text),
    Column("corrected_at", String(32), nullable=False),  # ISO time, UTC
)

#: Counters of the database as a whole; `generation` grows with every write transaction, so a
#: reader can tell cheaply whether anything changed (the API caches exports by it).
store_state = Table(
    "store_state", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

#: Analysts' review decisions (merge two events, split a mention off, a mention is not an event),
#: numbered in the order they were taken: replayed after every relink and ingest batch, and
#: exported (`tidings.review`).
reviews = Table(
    "reviews", metadata,
    Column("review_id", String(32), primary_key=True),
    Column("number", Integer, nullable=False, unique=True),
    Column("action", String(16), nullable=False),  # merge, split, not-event
    Column("event_ids", JSON, nullable=False),  # merge: [kept, absorbed]; split and not-event: [the event it left]
    Column("mention_ids", JSON, nullable=False),  # merge: both events' mentions; otherwise the one mention
    Column("result", String(32)),  # the event kept (merge) or made (split); null for not-event
    Column("who", Text, nullable=False),
    Column("why", Text, nullable=False),
    Column("decided_at", String(32), nullable=False),  # ISO time, UTC
)

#: Metadata a correction may change: what a manifest or a page says about an article, not its text.
CORRECTABLE = ("published", "source", "url", "language")


#: Drivers for URLs that name only the database (`postgresql://`, as DESIGN.md and libpq write them).
DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}

#: Key of the PostgreSQL advisory lock that write transactions take in turn (any constant will do,
#: as long as every Tidings process uses the same one).
WRITER_LOCK = 0x7469_6469


def database_url(db: str | Path | None) -> str:
    """An SQLAlchemy URL from a URL or a plain file path (which means SQLite); `postgresql://`
    gets the psycopg driver, the one the package ships."""
    db = str(db or "tidings.db")
    if "://" not in db:
        return f"sqlite:///{db}"
    scheme, rest = db.split("://", 1)
    return f"{DEFAULT_DRIVERS.get(scheme, scheme)}://{rest}"


T = TypeVar("T")

#: Execution option that marks a write transaction (SQLite: `BEGIN IMMEDIATE`, the writer's lock).
WRITER = "tidings_writer"
#: Milliseconds the current write may still wait for the lock, and the moment (time.monotonic)
#: after which the current read is interrupted; set around one call, read by the connection hooks.
_lock_wait_ms: contextvars.ContextVar[int] = contextvars.ContextVar("tidings_lock_wait_ms", default=5_000)
_read_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("tidings_read_deadline",
                                                                              default=None)


@dataclass(frozen=True)
class Access:
    """How a command opens the database. Writers (ingest, watch, relink) create it when missing
    and wait their turn for the lock; readers (`READ`: export, serve, articles, events) need an
    existing database and never write to it."""

    create: bool = True
    """Make the database and its tables when missing; without it a missing database is one error."""
    read_only: bool = False
    """Refuse every write through this store (SQLite `query_only`, PostgreSQL read-only transactions)."""
    durable: bool = False
    """SQLite: `synchronous=FULL`, so a commit survives a power cut as well as a crash (slower writes)."""
    lock_timeout: float = 60.0
    """Seconds a write waits for another writer's lock, retrying with backoff, before it gives up."""


READ = Access(create=False, read_only=True)


class _SqliteConnections:
    """What every SQLite connection of a store is set up with. Transactions are begun here, not by
    the sqlite3 module (whose implicit BEGIN breaks savepoints): `BEGIN IMMEDIATE` for writers, so
    the write lock is taken (or waited for) first and a writer never fails half-way for it."""

    def __init__(self, access: Access):
        self.access = access
        self.query_only = False  # switched on once the schema is checked, for read-only stores

    def connect(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={int(self.access.lock_timeout * 1000)}")
            _set_wal(cursor, self.access.lock_timeout)  # readers never block the writer
            # WAL keeps committed transactions whole after kill -9 with NORMAL; FULL also after power loss
            cursor.execute(f"PRAGMA synchronous={'FULL' if self.access.durable else 'NORMAL'}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if self.query_only:
                cursor.execute("PRAGMA query_only=ON")
        finally:
            cursor.close()
        dbapi_connection.set_progress_handler(_past_read_deadline, 20_000)

    def begin(self, conn: Connection) -> None:
        if conn.get_execution_options().get(WRITER):
            conn.exec_driver_sql(f"PRAGMA busy_timeout={_lock_wait_ms.get()}")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(self.access.lock_timeout * 1000)}")
            conn.exec_driver_sql("BEGIN")


def _set_wal(cursor: Any, wait: float) -> None:
    """Switch the file to write-ahead logging. The switch needs the file to itself, and SQLite
    refuses it at once rather than waiting its busy timeout while another process that is opening
    the same new file holds it: several processes starting together on a new database retry here,
    for at most `wait` seconds, with growing pauses."""
    deadline, pause = time.monotonic() + wait, 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


@contextmanager
def read_time_limit(seconds: float | None) -> Iterator[None]:
    """`Store.time_limit` for code that holds only an engine: the transactions begun inside the
    block stop once `seconds` have passed; a tighter limit already in force stays."""
    outer = _read_deadline.get()
    deadline = time.monotonic() + seconds if seconds else None
    if outer is not None and (deadline is None or outer < deadline):
        deadline = outer
    token = _read_deadline.set(deadline)
    try:
        yield
    finally:
        _read_deadline.reset(token)


def _past_read_deadline() -> int:
    """SQLite's progress handler: non-zero interrupts the running statement."""
    deadline = _read_deadline.get()
    return int(deadline is not None and time.monotonic() > deadline)


class _PostgresTransactions:
    def __init__(self, access: Access):
        self.access = access
        self.read_only = False

    def begin(self, conn: Connection) -> None:
        if self.read_only and not conn.get_execution_options().get(WRITER):
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        deadline = _read_deadline.get()
        if deadline is not None:
            left = max(1, int((deadline - time.monotonic()) * 1000))
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = {left}")


def _take_writer_turn(conn: Any) -> None:
    """On PostgreSQL, wait (at most the store's lock timeout) until no other Tidings transaction is
    writing: concurrent ingests then never insert the same article twice, and each links against
    the events the others stored. SQLite's `BEGIN IMMEDIATE` has done the same already."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {_lock_wait_ms.get()}")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})


#: PostgreSQL states worth a retry: lock wait timed out, deadlock, serialization failure.
_RETRY_SQLSTATES = {"55P03", "40P01", "40001"}


def waited_for_lock(error: BaseException) -> bool:
    """Whether a database error means another writer held the lock (or a deadlock broke the
    transaction): the transaction was rolled back and may simply be tried again."""
    orig = getattr(error, "orig", error)
    if getattr(orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message or "busy" in message


def _environmental(error: BaseException) -> bool:
    """Errors of the database or its connection, not of one article: they end the transaction."""
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def one_line(error: BaseException) -> str:
    """An exception as one line: a database error's driver message without the SQL it ran."""
    orig = getattr(error, "orig", None) or error
    message = " ".join(str(orig).split())
    return f"{orig.__class__.__name__}: {message}"[:500]


def _insert_new(conn: Any, table: Table) -> Any:
    """INSERT that leaves rows whose key is already there alone (ON CONFLICT DO NOTHING)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def _interval_columns(interval: DateInterval | None) -> dict[str, Any]:
    if interval is None:
        return {"date_start": None, "date_end": None, "date_precision": None, "date_basis": None}
    return {"date_start": interval.start, "date_end": interval.end,
            "date_precision": interval.precision, "date_basis": interval.basis}


def _interval_from(row: Any) -> DateInterval | None:
    if row.date_start is None:
        return None
    return DateInterval(row.date_start, row.date_end, row.date_precision, row.date_basis)


#: Statements that linking runs for every mention, built once so that each run only binds values
#: (building and coercing a statement cost more than executing it: a third of the linking time).
_ASSIGN_MENTION = (event_mentions.update().where(event_mentions.c.mention_id == bindparam("m_id"))
                   .values(event_id=bindparam("e_id"), link_score=bindparam("score"),
                           link_reasons=bindparam("reasons")))
_REPLACE_EVENT = events.update().where(events.c.event_id == bindparam("e_id"))
_DROP_EVENT_ACTORS = event_actors.delete().where(event_actors.c.event_id == bindparam("e_id"))
_DROP_EVENT_BLOCKS = event_blocks.delete().where(event_blocks.c.event_id == bindparam("e_id"))
_DROP_EVENT_SOURCES = event_sources.delete().where(event_sources.c.event_id == bindparam("e_id"))
_MENTIONS_OF_EVENT = select(event_mentions).where(event_mentions.c.event_id == bindparam("e_id"))
_MENTIONS_BY_ID = select(event_mentions).where(event_mentions.c.mention_id.in_(bindparam("ids", expanding=True)))
_RANKED_MENTIONS = (
    select(event_mentions.c.mention_id,
           func.row_number().over(partition_by=event_mentions.c.event_id,
                                  order_by=(event_mentions.c.confidence.desc(), event_mentions.c.start,
                                            event_mentions.c.mention_id)).label("rank"))
    .where(event_mentions.c.event_id.in_(bindparam("ids", expanding=True)))).subquery()
#: Each event's surest mentions (`link.EVENT_SAMPLE`), for many events in one query.
_EVENT_SAMPLES = (select(event_mentions, articles.c.published)
                  .join(_RANKED_MENTIONS, _RANKED_MENTIONS.c.mention_id == event_mentions.c.mention_id)
                  .join(articles, articles.c.article_id == event_mentions.c.article_id)
                  .where(_RANKED_MENTIONS.c.rank <= bindparam("limit"))
                  .order_by(event_mentions.c.event_id, _RANKED_MENTIONS.c.rank))
_EVENTS_BY_ID = select(events).where(events.c.event_id.in_(bindparam("ids", expanding=True)))
_ARTICLE_SEQUENCE = select(articles.c.sequence).where(articles.c.article_id == bindparam("a_id"))
_ARTICLE_STORY = select(articles.c.story_id).where(articles.c.article_id == bindparam("a_id"))


@functools.cache
def _postings(terms: int) -> Any:
    """The latest `POSTING_LIMIT` articles posted under each of `terms` words (parameters t0, t1,
    ...), in one statement: one index range per word, as many rows per article as words it shares."""
    def posted(i: int) -> Any:
        return (select(article_terms.c.article_id).where(article_terms.c.term == bindparam(f"t{i}"))
                .order_by(article_terms.c.sequence.desc()).limit(POSTING_LIMIT).subquery())
    each = [select(posted(i).c.article_id) for i in range(terms)]
    return each[0] if terms == 1 else union_all(*each)


def _most_hits(rows: Any) -> Any:
    """The events among blocking rows, most keys hit first."""
    hits = func.count().label("hits")
    return (select(rows.c.event_id, hits).group_by(rows.c.event_id).order_by(hits.desc(), rows.c.event_id)
            .limit(bindparam("limit")))


_KEYED = (event_blocks.c.key.in_(bindparam("keys", expanding=True)),
          event_blocks.c.type.in_(bindparam("types", expanding=True)))
_CANDIDATES = _most_hits(select(event_blocks.c.event_id).where(*_KEYED).subquery())
_OVERLAPS = or_(event_blocks.c.date_start.is_(None),
                and_(event_blocks.c.date_end >= bindparam("first"), event_blocks.c.date_start <= bindparam("last")))
#: Undated events and dated ones overlapping the window, from two index ranges by key and week: the
#: wide ones, and those starting in the weeks an event overlapping the window can start in
_CANDIDATES_IN_WINDOW = _most_hits(union_all(
    select(event_blocks.c.event_id).where(*_KEYED, event_blocks.c.week == WIDE, _OVERLAPS),
    select(event_blocks.c.event_id).where(*_KEYED, event_blocks.c.week.between(bindparam("first_week"),
                                                                               bindparam("last_week")),
                                          _OVERLAPS)).subquery())


def _outlets(event_id: Any, *conditions: Any) -> Any:
    """What `event_sources` holds: (event, outlet) once for each outlet of the event's reports."""
    return (select(event_id, articles.c.source).distinct()
            .select_from(event_mentions.join(articles, articles.c.article_id == event_mentions.c.article_id))
            .where(articles.c.source.is_not(None), *conditions))


_ADD_EVENT_SOURCES = event_sources.insert().from_select(
    ["event_id", "source"],
    _outlets(bindparam("e_id", type_=String), event_mentions.c.event_id == bindparam("e_id")))
#: The tables that hold an event: its row last, so its indexes go before it.
EVENT_TABLES = (event_blocks, event_actors, event_sources, events)
_CHUNK = 500  # values in one IN (...) list


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class StoredTermStatistics(TermStatistics):
    """Document frequencies read from the store as linking needs them, and counted up as each
    article is linked, in the same transaction."""

    def __init__(self, conn: Any):
        super().__init__()
        self.conn = conn
        row = conn.execute(select(term_frequencies.c.frequency).where(term_frequencies.c.term == "")).first()
        self.documents = row.frequency if row else 0
        self._loaded: set[str] = set()
        #: profiles whose words are all in `_loaded` (by identity; the linker hands the same
        #: profiles of similar articles to article after article)
        self._ready: dict[int, Profile] = {}
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(term_frequencies)
        self._count_up = insert.on_conflict_do_update(index_elements=[term_frequencies.c.term],
                                                      set_={"frequency": term_frequencies.c.frequency + 1})

    def prefetch(self, terms: Iterable[str]) -> None:
        missing = sorted({t for t in terms if t not in self._loaded and _encodable(t)})
        for chunk in _chunks(missing):
            rows = self.conn.execute(select(term_frequencies).where(term_frequencies.c.term.in_(chunk)))
            self.frequency.update({r.term: r.frequency for r in rows})
            self._loaded.update(chunk)
            self.forget(chunk)

    def prefetch_profiles(self, profiles: Iterable[Profile]) -> None:
        new = [p for p in profiles if id(p) not in self._ready]
        super().prefetch_profiles(new)
        self._ready.update((id(p), p) for p in new)

    def add(self, profile: Profile) -> None:
        terms = sorted(set(profile.terms) | set(profile.entities))
        self.prefetch(terms)
        super().add(profile)
        self.conn.execute(self._count_up, [{"term": t, "frequency": 1} for t in ["", *terms]])


def _encodable(term: str) -> bool:
    try:
        term.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no word, and PostgreSQL refuses it
        return False
    return True


def _storable(profile: Profile) -> Profile:
    """The profile without terms that no database column can hold."""
    if all(_encodable(t) for t in (*profile.terms, *profile.entities)):
        return profile
    return Profile({t: n for t, n in profile.terms.items() if _encodable(t)},
                   tuple(e for e in profile.entities if _encodable(e)))


class _ArticleRow(NamedTuple):
    """What linking reads of a stored article, once per index."""

    published: date | None
    duplicate_of: str | None
    source: str | None


#: Events, articles or samples an index keeps across an ingest's batches, at most (of each kind).
MAX_KEPT = 50_000


class EventIndex:
    """Events as the linking stage reads and writes them, inside one write transaction: the
    `link.EventIndex` protocol over the tables. Candidates come from blocking (`event_blocks`,
    `article_terms`), so the cost of linking one article does not grow with the database."""

    def __init__(self, conn: Any):
        self.conn = conn
        #: mention id -> event id before a relink, so that rebuilt events keep their old ids
        self.previous: dict[str, str] = {}
        #: event id -> the ids it had absorbed before a relink, so that no merge is forgotten
        self.previous_merged: dict[str, tuple[str, ...]] = {}
        self._stored_stats = StoredTermStatistics(conn)
        self.stats: TermStatistics = self._stored_stats
        #: articles linked again after a correction: their words are in the term statistics already
        self.recounted: set[str] = set()
        self._insert_event = _insert_new(conn, events).returning(events.c.event_id)
        self._profiles: dict[str, Profile] = {}
        from tidings.review import closed_events  # review replays its decisions through this index

        #: the events an analyst split a mention off into: no other mention joins them
        self.closed = closed_events(conn)
        # What linking reads again and again within one transaction, kept until this index writes
        # what changes it: an event's sample of mentions (until a mention joins or leaves it), an
        # article's story (until set), publication day and original (never changed by linking).
        self._samples: dict[tuple[str, int], list[LinkMention]] = {}
        self._sample_keys: dict[str, set[tuple[str, int]]] = {}  # event -> its cached samples
        self._sampled_in: dict[str, set[str]] = {}  # mention -> the events whose cached sample holds it
        self._stories: dict[str, str | None] = {}
        self._article_rows: dict[str, _ArticleRow] = {}
        #: events as read or saved (review decisions replayed after a batch's linking write events
        #: directly: `forget_read`)
        self._events: dict[str, Event] = {}
        #: event -> (its type and dates, actors, blocking keys, outlets or None where they were
        #: not known here) as this index last wrote its index rows
        self._indexed: dict[str, tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]] = {}
        #: event -> its mentions by id, once read whole, kept as `assign` moves mentions in and out
        #: (a mention's record does not change with its event; `refresh` follows writes made elsewhere)
        self._members: dict[str, dict[str, EventMention]] = {}
        self._member_of: dict[str, str] = {}  # mention -> the event whose kept members hold it
        #: ((article id, documents counted), its rare terms) of the article being linked
        self._rare: tuple[tuple[str, int], list[str]] | None = None

    def continued(self, conn: Any) -> EventIndex:
        """This index, with what it has read, on a new transaction of a database nobody else has
        written to since it last did (`Store.save_analyses` checks); a fresh one once it keeps more
        than `MAX_KEPT` of a kind, so that a long ingest's memory stays bounded."""
        self.conn = self._stored_stats.conn = conn
        kept = (len(self._events), len(self._members), len(self._indexed), len(self._profiles),
                len(self._samples), len(self._article_rows))
        return self.fresh() if max(kept) > MAX_KEPT else self

    def forget_read(self) -> None:
        """Drop the events and members read or saved (after writes made without this index: the
        review decisions replayed after a batch)."""
        self._events.clear()
        self._forget_members()

    def fresh(self) -> EventIndex:
        """A new index on the same transaction, keeping what a relink carries over: after a
        savepoint is rolled back, the caches of this one may hold rows that are gone."""
        index = EventIndex(self.conn)
        index.previous, index.previous_merged = self.previous, self.previous_merged
        index.recounted = set(self.recounted)
        return index

    def candidates(self, keys: Sequence[str], types: Sequence[str], window: tuple[date, date] | None,
                   limit: int) -> list[str]:
        if not keys:
            return []
        params = {"keys": list(keys), "types": list(types), "limit": limit}
        if window is None:
            return [r.event_id for r in self.conn.execute(_CANDIDATES, params)]
        first_week, last_week = start_weeks(window)
        return [r.event_id for r in self.conn.execute(_CANDIDATES_IN_WINDOW, {
            **params, "first": window[0], "last": window[1], "first_week": first_week, "last_week": last_week})]

    def add_article(self, article: Article, profile: Profile) -> None:
        profile = _storable(profile)
        if article.article_id not in self.recounted:
            self.stats.add(profile)
        self._profiles[article.article_id] = profile
        sequence = self.conn.execute(_ARTICLE_SEQUENCE, {"a_id": article.article_id}).scalar()
        terms = self._rare_terms(article.article_id, profile)
        if terms:
            self.conn.execute(article_terms.insert(), [
                {"term": t, "article_id": article.article_id, "sequence": sequence or 0} for t in terms])

    def _rare_terms(self, article_id: str, profile: Profile) -> list[str]:
        """`link.rare_terms` of the article being linked: `add_article` posts it under them and
        `similar_articles` looks them up, with the term statistics as they stand after its words."""
        if self._rare is None or self._rare[0] != (article_id, self.stats.documents):
            self._rare = ((article_id, self.stats.documents), rare_terms(profile, self.stats))
        return self._rare[1]

    def similar_articles(self, article_id: str, profile: Profile, limit: int) -> list[tuple[float, str]]:
        shared: dict[str, int] = {}
        profile = _storable(profile)
        terms = self._rare_terms(article_id, profile)
        if terms:
            for r in self.conn.execute(_postings(len(terms)), {f"t{i}": t for i, t in enumerate(terms)}):
                if r.article_id != article_id:
                    shared[r.article_id] = shared.get(r.article_id, 0) + 1
        return most_similar(article_id, profile, shared, self.profiles, self.stats, limit)

    def events_of_articles(self, article_ids: Sequence[str]) -> dict[str, str]:
        if not article_ids:
            return {}
        query = (select(events.c.event_id, events.c.type).distinct()
                 .join(event_mentions, events.c.event_id == event_mentions.c.event_id)
                 .where(event_mentions.c.article_id.in_(list(article_ids)))
                 .order_by(events.c.event_id))
        return {r.event_id: r.type for r in self.conn.execute(query)}

    def events(self, event_ids: Sequence[str]) -> list[Event]:
        missing = [e for e in dict.fromkeys(event_ids) if e not in self._events]
        for chunk in _chunks(missing):
            for r in self.conn.execute(_EVENTS_BY_ID, {"ids": chunk}):
                self._events[r.event_id] = event_from_row(r, ())  # linking needs the state, not the mentions
        return [self._events[e] for e in event_ids if e in self._events and e not in self.closed]

    def samples(self, event_ids: Sequence[str], limit: int) -> dict[str, list[LinkMention]]:
        missing = [e for e in dict.fromkeys(event_ids) if (e, limit) not in self._samples]
        for chunk in _chunks(missing):
            found: dict[str, list[LinkMention]] = {e: [] for e in chunk}
            for r in self.conn.execute(_EVENT_SAMPLES, {"ids": chunk, "limit": limit}):
                m = mention_from_row(r)
                found[r.event_id].append(LinkMention(m, m.signature or Signature(m.text.lower()), r.published))
            for event_id, sample in found.items():
                self._samples[event_id, limit] = sample
                self._sample_keys.setdefault(event_id, set()).add((event_id, limit))
                for x in sample:
                    self._sampled_in.setdefault(x.mention.mention_id, set()).add(event_id)
        return {e: self._samples[e, limit] for e in event_ids}

    def _forget_samples(self, event_ids: Iterable[str], mention_ids: Iterable[str] = ()) -> None:
        """Drop the cached samples of these events, and of any event whose sample holds one of
        these mentions (they may be moving out of it)."""
        stale = set(event_ids).union(*(self._sampled_in.pop(m, ()) for m in mention_ids))
        for event_id in stale:
            for key in self._sample_keys.pop(event_id, ()):
                self._samples.pop(key, None)

    def profiles(self, article_ids: Iterable[str]) -> dict[str, Profile]:
        wanted = sorted(set(article_ids))
        found = {a: self._profiles[a] for a in wanted if a in self._profiles}
        missing = [a for a in wanted if a not in found]
        for chunk in _chunks(missing):
            rows = self.conn.execute(select(articles.c.article_id, articles.c.profile)
                                     .where(articles.c.article_id.in_(chunk)))
            for r in rows:
                found[r.article_id] = self._profiles[r.article_id] = Profile.from_dict(r.profile)
        return found

    def mentions_of(self, event_id: str) -> list[EventMention]:
        members = self._members.get(event_id)
        if members is None:
            members = self._members[event_id] = {}
            self._keep_members(event_id, self.conn.execute(_MENTIONS_OF_EVENT, {"e_id": event_id}))
        return [members[m] for m in sorted(members)]

    def _keep_members(self, event_id: str, rows: Iterable[Any]) -> None:
        members = self._members[event_id]
        for r in rows:
            members[r.mention_id] = mention_from_row(r)
            self._member_of[r.mention_id] = event_id

    def _forget_members(self) -> None:
        self._members.clear()
        self._member_of.clear()

    def _articles(self, article_ids: Iterable[str]) -> dict[str, _ArticleRow]:
        """Publication day, original and outlet of each stored article, read once."""
        wanted = sorted(set(article_ids))
        missing = [a for a in wanted if a not in self._article_rows]
        for chunk in _chunks(missing):
            rows = self.conn.execute(select(articles.c.article_id, articles.c.published, articles.c.duplicate_of,
                                            articles.c.source).where(articles.c.article_id.in_(chunk)))
            for r in rows:
                self._article_rows[r.article_id] = _ArticleRow(r.published, r.duplicate_of, r.source)
        return {a: self._article_rows[a] for a in wanted if a in self._article_rows}

    def forget_article(self, article_id: str) -> None:
        """Drop the article's row as read (a correction is rewriting its metadata)."""
        self._article_rows.pop(article_id, None)

    def published(self, article_ids: Iterable[str]) -> dict[str, date | None]:
        return {a: row.published for a, row in self._articles(article_ids).items()}

    def copies(self, article_ids: Iterable[str]) -> dict[str, str]:
        return {a: row.duplicate_of for a, row in self._articles(article_ids).items() if row.duplicate_of is not None}

    def assign(self, links: Sequence[Link], event_id: str) -> None:
        params = [{"m_id": x.mention_id, "e_id": event_id, "score": x.score,
                   "reasons": {"joined": x.joined, "reasons": [list(r) for r in x.reasons]}} for x in links]
        if params:
            self.conn.execute(_ASSIGN_MENTION, params)
        self._forget_samples([event_id], [x.mention_id for x in links])
        for x in links:  # out of the kept members of the event each was in, into this one's
            left = self._member_of.pop(x.mention_id, None)
            if left is not None:
                self._members[left].pop(x.mention_id, None)
        if event_id in self._members and links:
            self._keep_members(event_id, self.conn.execute(_MENTIONS_BY_ID, {"ids": [x.mention_id for x in links]}))

    def save(self, event: Event, keys: Sequence[str]) -> None:
        """Insert or replace an event, its actor and outlet indexes and its blocking keys (its
        mentions are assigned to it first: `assign`). The actor and blocking rows this index wrote
        for the event earlier in the transaction are left alone when they stay the same."""
        row = _event_row(event)
        dates = _interval_columns(event.date)
        span = {"type": event.type, "date_start": dates["date_start"], "date_end": dates["date_end"]}
        actor_ids = sorted(set(event.source_actors) | set(event.target_actors))
        outlets = self._outlets(event)
        indexed = (tuple(span.values()), tuple(actor_ids), tuple(sorted(set(keys))), outlets)
        before = self._indexed.pop(event.event_id, None)
        if before is not None and self.conn.execute(_REPLACE_EVENT, {**row, "e_id": event.event_id}).rowcount:
            same_span = before[0] == indexed[0]
            if not same_span or before[1] != indexed[1]:
                self.conn.execute(_DROP_EVENT_ACTORS, {"e_id": event.event_id})
                self._add_actors(event.event_id, actor_ids, span)
            if not same_span or before[2] != indexed[2]:
                self.conn.execute(_DROP_EVENT_BLOCKS, {"e_id": event.event_id})
                self._add_blocks(event.event_id, indexed[2], span)
            if outlets is None or before[3] != outlets:
                self.conn.execute(_DROP_EVENT_SOURCES, {"e_id": event.event_id})
                self._add_outlets(event.event_id, outlets)
        else:
            if self.conn.execute(self._insert_event, row).first() is None:  # there already: replace it
                self.conn.execute(_REPLACE_EVENT, {**row, "e_id": event.event_id})
                self.conn.execute(_DROP_EVENT_ACTORS, {"e_id": event.event_id})
                self.conn.execute(_DROP_EVENT_BLOCKS, {"e_id": event.event_id})
                self.conn.execute(_DROP_EVENT_SOURCES, {"e_id": event.event_id})
            self._add_actors(event.event_id, actor_ids, span)
            self._add_blocks(event.event_id, indexed[2], span)
            self._add_outlets(event.event_id, outlets)
        self._indexed[event.event_id] = indexed
        # as `events` would read it back (the row holds the event whole; a test pins the round trip)
        self._events[event.event_id] = replace(event, mention_ids=())

    def _outlets(self, event: Event) -> tuple[str, ...] | None:
        """The outlets of the event's reports, from its kept members (`_refresh` has just read them
        whole); None where they are not kept."""
        members = self._members.get(event.event_id)
        if members is None or set(members) != set(event.mention_ids):
            return None
        rows = self._articles(m.article_id for m in members.values())
        return tuple(sorted({row.source for row in rows.values() if row.source is not None}))

    def _add_outlets(self, event_id: str, outlets: tuple[str, ...] | None) -> None:
        """`event_sources` rows for the event: these outlets, or, where they are not known here,
        those of its reports as stored (they are assigned to it by now)."""
        if outlets is None:
            self.conn.execute(_ADD_EVENT_SOURCES, {"e_id": event_id})
        elif outlets:
            self.conn.execute(event_sources.insert(), [{"event_id": event_id, "source": s} for s in outlets])

    def _add_actors(self, event_id: str, actor_ids: Sequence[str], span: Mapping[str, Any]) -> None:
        if actor_ids:
            self.conn.execute(event_actors.insert(), [{"event_id": event_id, "actor_id": a, **span} for a in actor_ids])

    def _add_blocks(self, event_id: str, keys: Sequence[str], span: Mapping[str, Any]) -> None:
        if keys:
            week = start_week(span["date_start"], span["date_end"])
            self.conn.execute(event_blocks.insert(), [{"event_id": event_id, "key": k, "week": week, **span}
                                                      for k in keys])

    def story_of_article(self, article_id: str) -> str | None:
        if article_id not in self._stories:
            row = self.conn.execute(_ARTICLE_STORY, {"a_id": article_id}).first()
            self._stories[article_id] = row.story_id if row else None
        return self._stories[article_id]

    def story_of_event(self, event_id: str, exclude_article: str) -> str | None:
        """The story of another article that reports this event, if any."""
        row = self.conn.execute(
            select(articles.c.story_id).join(event_mentions, event_mentions.c.article_id == articles.c.article_id)
            .where(event_mentions.c.event_id == event_id, articles.c.article_id != exclude_article,
                   articles.c.story_id.is_not(None))
            .order_by(articles.c.published.nulls_first(), articles.c.article_id).limit(1)).first()
        return row.story_id if row else None

    def set_story(self, article_id: str, story_id: str | None) -> None:
        self.conn.execute(articles.update().where(articles.c.article_id == article_id).values(story_id=story_id))
        self._stories[article_id] = story_id

    def refresh(self, event_id: str) -> None:
        """Recompute an event from the mentions it still has (after a correction took some away),
        or delete it when none are left."""
        self._forget_samples([event_id])
        self._forget_members()  # mentions were moved or deleted without this index
        mentions = self.mentions_of(event_id)
        if not mentions:
            self._indexed.pop(event_id, None)
            self._events.pop(event_id, None)
            for table in EVENT_TABLES:
                self.conn.execute(table.delete().where(table.c.event_id == event_id))
            return
        reporting = sorted({m.article_id for m in mentions})
        merged = self.conn.execute(select(events.c.merged_ids).where(events.c.event_id == event_id)).scalar()
        event = event_state(event_id, mentions, self.published(reporting), tuple(merged or ()),
                            self.copies(reporting))
        self.save(event, block_keys(event))

    def previous_events(self) -> dict[str, str]:
        linked = (select(event_mentions.c.mention_id, event_mentions.c.event_id)
                  .where(event_mentions.c.event_id.is_not(None)))
        return {r.mention_id: r.event_id for r in self.conn.execute(linked)}


def _schema_gaps(conn: Any) -> tuple[list[Table], list[tuple[Table, Column]]]:
    """The tables missing from the database, and the columns missing from the tables it has; an
    index or the text search index missing counts as a missing table (the schema is completed)."""
    inspector = inspect(conn)
    present = set(inspector.get_table_names())
    missing_tables = [t for t in metadata.sorted_tables if t.name not in present]
    missing_columns = []
    for table in metadata.sorted_tables:
        if table.name in present:
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            missing_columns += [(table, c) for c in table.columns if c.name not in columns]
            indexes = {i["name"] for i in inspector.get_indexes(table.name)}
            if any(i.name not in indexes for i in table.indexes) and table not in missing_tables:
                missing_tables.append(table)
    if conn.dialect.name == "sqlite" and "event_mentions" in present and FTS_TABLE not in present:
        missing_tables.append(event_mentions)
    return missing_tables, missing_columns


def _complete_schema(conn: Any) -> None:
    """Create what is missing, inside the writer's turn (so processes starting together on a new
    database create it once); a database made by an older Tidings gets the columns added since,
    empty (all of them are nullable), so opening it never loses what it holds, and the indexes and
    the text search index added since, filled from what it holds."""
    had_outlets = "event_sources" in set(inspect(conn).get_table_names())
    metadata.create_all(conn)
    added = _schema_gaps(conn)[1]
    for table, column in added:
        kind = column.type.compile(dialect=conn.dialect)
        conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    if any(column.name in ("country", "place") for table, column in added if table is events):
        conn.execute(events.update().values(country=func.upper(events.c.location["country"].as_string()),
                                            place=func.lower(events.c.location["name"].as_string())))
    fill_event_summaries(conn, outlets=not had_outlets,
                         mentions=any(c.name == "num_mentions" for t, c in added if t is events))
    if any(t is event_blocks and c.name == "week" for t, c in added):
        _fill_block_weeks(conn)
    _create_text_search(conn)


def _fill_block_weeks(conn: Any) -> None:
    """File the blocking rows of a database made before they had weeks under theirs, and drop the
    date indexes the weeks replace."""
    spans = conn.execute(select(event_blocks.c.date_start, event_blocks.c.date_end).distinct()
                         .where(event_blocks.c.date_start.is_not(None))).all()
    if spans:
        conn.execute(event_blocks.update().where(event_blocks.c.date_start == bindparam("start"),
                                                 event_blocks.c.date_end == bindparam("end"))
                     .values(week=bindparam("w")),
                     [{"start": r.date_start, "end": r.date_end, "w": start_week(r.date_start, r.date_end)}
                      for r in spans])
    conn.execute(event_blocks.update().where(event_blocks.c.week.is_(None)).values(week=WIDE))
    for name in ("ix_event_blocks_key", "ix_event_blocks_key_end"):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))


def fill_event_summaries(conn: Any, outlets: bool = True, mentions: bool = True) -> None:
    """Fill what is kept with each event from its reports, for every event at once: its outlets
    (`event_sources`) and its number of mentions. `EventIndex.save` keeps both as events change;
    this fills them where events were written without them (an older Tidings, a bulk load)."""
    if outlets:
        conn.execute(event_sources.delete())
        stored = _outlets(event_mentions.c.event_id).join(events, events.c.event_id == event_mentions.c.event_id)
        conn.execute(event_sources.insert().from_select(["event_id", "source"], stored))
    if mentions:
        counted = (select(func.count()).select_from(event_mentions)
                   .where(event_mentions.c.event_id == events.c.event_id).scalar_subquery())
        conn.execute(events.update().values(num_mentions=counted))


#: SQLite's full-text index of event mentions (trigger and sentence): FTS5 with the trigram
#: tokenizer, so that it finds any substring of three characters or more, any case, exactly as the
#: LIKE scan it replaces did; triggers keep it in step with the table (`event_mentions.rowid`).
FTS_TABLE = "event_mentions_fts"
_SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, sentence, content='event_mentions', "
    "content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON event_mentions BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, text, sentence) VALUES (new.rowid, new.text, new.sentence); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON event_mentions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, sentence) VALUES ('delete', old.rowid, old.text, "
    "old.sentence); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF text, sentence ON event_mentions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, sentence) VALUES ('delete', old.rowid, old.text, "
    f"old.sentence); INSERT INTO {FTS_TABLE}(rowid, text, sentence) VALUES (new.rowid, new.text, new.sentence); END",
]


def _create_text_search(conn: Any) -> None:
    """The text search index of event mentions: FTS5 on SQLite (built from the rows already there
    when it is new); on PostgreSQL, trigram GIN indexes that serve the same ILIKE, when the pg_trgm
    extension can be had (without it, the search still works, by a scan)."""
    if conn.dialect.name == "sqlite":
        new = FTS_TABLE not in set(inspect(conn).get_table_names())
        for statement in _SQLITE_FTS:
            conn.exec_driver_sql(statement)
        if new:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema = conn.exec_driver_sql("SELECT extnamespace::regnamespace::text FROM pg_extension "
                                      "WHERE extname = 'pg_trgm'").scalar()
        for column in ("text", "sentence"):
            conn.exec_driver_sql(f'CREATE INDEX IF NOT EXISTS ix_event_mentions_{column}_trgm ON event_mentions '
                                 f'USING gin ("{column}" {schema}.gin_trgm_ops)')
        savepoint.commit()
    except DBAPIError as e:
        savepoint.rollback()
        log.warning("no trigram index for text search (%s); searches scan the mentions", one_line(e))


@dataclass(frozen=True)
class StoredSignature:
    article_id: str
    content_hash: str
    minhash: bytes | None


@dataclass
class Saved:
    """What one `save_analyses` call did: the analyses written, and the articles refused, each
    with the stage that failed ("store" or "link") and the reason in one line."""

    written: list[Analysis] = field(default_factory=list)
    failed: list[tuple[Analysis, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Correction:
    """Metadata of a stored article that a new input corrects: field -> (stored value, new value)."""

    article_id: str
    changes: Mapping[str, tuple[Any, Any]]


class Snapshot:
    """Reads through one connection in one transaction: every query sees the database as it was at
    the first one, whatever other processes commit meanwhile (SQLite WAL reads, PostgreSQL
    REPEATABLE READ)."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def articles(self) -> Iterator[Article]:
        oldest_first = select(articles).order_by(articles.c.published.nulls_first(), articles.c.article_id)
        for row in self.conn.execute(oldest_first):
            yield _article_from(row)

    def entity_mentions(self) -> dict[str, list[EntityMention]]:
        """Entity mentions by article id, in text order."""
        found: dict[str, list[EntityMention]] = {}
        query = select(entity_mentions).order_by(entity_mentions.c.article_id, entity_mentions.c.start,
                                                 entity_mentions.c.end)
        for r in self.conn.execute(query):
            found.setdefault(r.article_id, []).append(EntityMention(r.start, r.end, r.text, r.label, r.actor_id))
        return found

    def actors(self) -> Iterator[Actor]:
        for r in self.conn.execute(select(actors).order_by(actors.c.actor_id)):
            yield Actor.from_dict(r._asdict())

    def event_mentions(self) -> Iterator[tuple[str | None, EventMention]]:
        """(event id, mention) pairs in article and text order."""
        query = select(event_mentions).order_by(event_mentions.c.article_id, event_mentions.c.start,
                                                event_mentions.c.mention_id)
        for r in self.conn.execute(query):
            yield r.event_id, mention_from_row(r)

    def events(self) -> Iterator[Event]:
        members: dict[str, list[str]] = {}
        for eid, mid in self.conn.execute(select(event_mentions.c.event_id, event_mentions.c.mention_id)
                                          .order_by(event_mentions.c.mention_id)):
            members.setdefault(eid, []).append(mid)
        # dated events first, in time order; undated ones after them
        query = select(events).order_by(events.c.date_start.is_(None), events.c.date_start, events.c.event_id)
        for r in self.conn.execute(query):
            yield event_from_row(r, tuple(members.get(r.event_id, ())))

    def corrections(self) -> dict[str, list[dict[str, Any]]]:
        """Each corrected article's changes, oldest first: {number, field, old, new, corrected_at}."""
        found: dict[str, list[dict[str, Any]]] = {}
        query = select(article_corrections).order_by(article_corrections.c.article_id,
                                                     article_corrections.c.number, article_corrections.c.field)
        for r in self.conn.execute(query):
            found.setdefault(r.article_id, []).append(
                {"number": r.number, "field": r.field, "old": r.old, "new": r.new, "corrected_at": r.corrected_at})
        return found


class Store:
    """One database, opened once; every read and write of Tidings goes through here."""

    def __init__(self, engine: Engine, access: Access = Access()):
        self.engine, self.access = engine, access
        self._writer = engine.execution_options(**{WRITER: True})
        #: (the generation it left, the index) of the last batch this process linked: `save_analyses`
        self._linked: tuple[int, EventIndex] | None = None
        self.where = engine.url.render_as_string(hide_password=True)
        try:
            with engine.connect() as conn:
                missing_tables, missing_columns = _schema_gaps(conn)
            if missing_tables and not access.create and any(t.name == "articles" for t in missing_tables):
                raise StoreError(f"{self.where} is not a Tidings database (it has no articles table); "
                                 "check --db or $TIDINGS_DB")
            if missing_tables or missing_columns:  # even a reader completes an older schema, once
                self._write(_complete_schema, schema_upkeep=True)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot open the database {self.where}: {one_line(e)}") from None

    @classmethod
    def open(cls, db: str | Path | None = None, access: Access = Access()) -> Store:
        """Open (a writer: or create) the database that `db` names: an SQLAlchemy URL or an SQLite
        file path. A reader (`access.create` false) finding no database stops with one line."""
        url = database_url(db)
        try:
            parsed = make_url(url)
            parsed.get_dialect()
        except (ArgumentError, ImportError) as e:
            raise StoreError(f"cannot open the database {url!r}: {e}; use sqlite:///FILE, a file path or "
                             "postgresql://USER@HOST/DB") from None
        if parsed.get_backend_name() == "sqlite" and not access.create:
            _require_sqlite_file(parsed.database)
        engine = create_engine(url)
        hooks: _SqliteConnections | _PostgresTransactions
        if engine.dialect.name == "sqlite":
            hooks = _SqliteConnections(access)
            event.listen(engine, "connect", hooks.connect)
            event.listen(engine, "begin", hooks.begin)
        else:
            hooks = _PostgresTransactions(access)
            event.listen(engine, "begin", hooks.begin)
        store = cls(engine, access)
        if access.read_only:  # the schema is checked (and an old one completed): from now on, no writes
            if isinstance(hooks, _SqliteConnections):
                hooks.query_only = True
            else:
                hooks.read_only = True
            engine.dispose()
        return store

    def close(self) -> None:
        self.engine.dispose()

    # Transactions -------------------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T], lock_timeout: float | None = None,
               schema_upkeep: bool = False) -> T:
        """Run `work` in one write transaction once it is this process's turn to write. SQLite's busy
        wait and PostgreSQL's lock_timeout wait for the lock; a transaction refused for it anyway
        (or broken by a deadlock) is rolled back and tried again after a growing pause, until
        `lock_timeout` (default `access.lock_timeout`) has passed: then one error line, and nothing
        of it is written."""
        if self.access.read_only and not schema_upkeep:
            raise StoreError(f"{self.where} is open read-only; nothing can be written through it")
        self._linked = None  # whatever this writes, the last batch's index no longer knows it
        waiting = self.access.lock_timeout if lock_timeout is None else lock_timeout
        deadline = time.monotonic() + waiting
        pause = 0.05
        while True:
            token = _lock_wait_ms.set(max(1, int((deadline - time.monotonic()) * 1000)))
            try:
                with self._writer.begin() as conn:
                    _take_writer_turn(conn)
                    return work(conn)
            except DBAPIError as e:
                if not waited_for_lock(e):
                    raise
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreError(
                        f"{self.where} is locked by another writer: waited {waiting:g} s "
                        "(--lock-timeout) and wrote nothing; run the command again once the other writer is done"
                    ) from None
                log.info("%s is locked by another writer; trying again in %.2f s", self.where, pause)
                time.sleep(min(pause, left))
                pause = min(pause * 2, 2.0)
            finally:
                _lock_wait_ms.reset(token)

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """One read transaction for several queries: an export reads one state of the database."""
        with one_state(self.engine) as conn:
            yield Snapshot(conn)

    @contextmanager
    def time_limit(self, seconds: float | None) -> Iterator[None]:
        """Interrupt the reads begun inside the block once `seconds` have passed (they raise
        `OperationalError`): the API bounds its heavy queries so."""
        with read_time_limit(seconds):
            yield

    def generation(self) -> int:
        """A number that grows with every write transaction: equal numbers, same database."""
        with self.engine.connect() as conn:
            return _generation(conn)

    # Writing ------------------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, minhash: bytes | None,
                      link: Callable[[EventIndex, Analysis], str | None] | None = None) -> bool:
        """Write one article with everything found in it; see `save_analyses`."""
        return bool(self.save_analyses([(analysis, minhash)], link).written)

    def save_analyses(self, batch: Iterable[tuple[Analysis, bytes | None]],
                      link: Callable[[EventIndex, Analysis], str | None] | None = None,
                      corrections: Mapping[str, Correction] | None = None) -> Saved:
        """Write articles with their entity mentions, actors and event mentions, and let `link`
        attach the mentions to events (it returns the story id), all in one transaction: after a
        crash either the whole batch is there or none of it. Each article has its own savepoint: one
        that fails to store or link is left out whole (and returned in `failed`), the others are
        kept. Articles already stored (by this process or, concurrently, another) are skipped,
        unless `corrections` names them: then their metadata is updated, the change recorded, and
        what was found in them replaced and linked again."""
        batch = list(batch)
        corrections = corrections or {}
        # The last batch's index keeps what linking read (term frequencies, profiles, samples) for
        # this one, when no transaction has written since: the generation it left is still the
        # database's. Only a first try may take it (a try that failed may have changed its caches),
        # and never with corrections (they change what it holds of an article).
        last, self._linked = self._linked, None
        offered = iter([last] if last is not None and not corrections else [])
        linked: list[tuple[int, EventIndex]] = []

        def work(conn: Connection) -> Saved:
            saved = Saved()
            kept = next(offered, None)
            index = kept[1].continued(conn) if kept is not None and _generation(conn) == kept[0] else EventIndex(conn)
            for analysis, minhash in batch:
                stage = "store"
                savepoint = conn.begin_nested()
                try:
                    correction = corrections.get(analysis.article.article_id)
                    if correction is not None:
                        self._replace_analysis(conn, index, analysis, minhash, correction)
                    elif not self._insert_analysis(conn, analysis, minhash):
                        savepoint.commit()
                        continue
                    if link is not None:
                        stage = "link"
                        self._link(conn, index, analysis, link)
                    savepoint.commit()
                    saved.written.append(analysis)
                except Exception as e:  # one article's failure never loses the batch (a broken database does)
                    savepoint.rollback()
                    if _environmental(e):
                        raise
                    log.exception("%s failed for %s", stage, analysis.article.source_path)
                    saved.failed.append((analysis, stage, f"{stage} failed: {one_line(e)}"))
                    index = index.fresh()
            if saved.written:
                from tidings.review import replay  # analysts' decisions hold whatever the linker did

                if replay(conn, index, {m.mention_id for a in saved.written for m in a.events}):
                    index.forget_read()
                count_generation(conn)
            linked.append((_generation(conn), index))
            return saved

        if not batch:
            return Saved()
        saved = self._write(work)
        if linked and not corrections:
            self._linked = linked[-1]
        return saved

    @staticmethod
    def _link(conn: Connection, index: EventIndex, analysis: Analysis,
              link: Callable[[EventIndex, Analysis], str | None]) -> None:
        story_id = link(index, analysis)
        if index.story_of_article(analysis.article.article_id) != story_id:  # `link_article` sets it itself
            index.set_story(analysis.article.article_id, story_id)

    @staticmethod
    def _next_sequence(conn: Connection) -> int:
        return (conn.execute(select(func.max(articles.c.sequence))).scalar() or 0) + 1

    def _insert_analysis(self, conn: Connection, analysis: Analysis, minhash: bytes | None) -> bool:
        article = analysis.article
        row = {**_article_row(article, minhash), "sequence": self._next_sequence(conn),
               "profile": analysis.profile.to_dict() if analysis.profile else None}
        inserted = _insert_new(conn, articles).values(row).returning(articles.c.article_id)
        if conn.execute(inserted).first() is None:
            return False  # stored before, by this run or another
        self._insert_findings(conn, analysis)
        return True

    def _insert_findings(self, conn: Connection, analysis: Analysis) -> None:
        article = analysis.article
        self._upsert_actors(conn, analysis.actors)
        if analysis.entities:
            conn.execute(entity_mentions.insert(), [
                {"article_id": article.article_id, "start": m.start, "end": m.end, "text": m.text,
                 "label": m.label, "actor_id": m.actor_id} for m in analysis.entities])
        if analysis.events:
            conn.execute(event_mentions.insert(), [_mention_row(m, None) for m in analysis.events])

    def _replace_analysis(self, conn: Connection, index: EventIndex, analysis: Analysis, minhash: bytes | None,
                          correction: Correction) -> None:
        """A correction: the article's old findings leave their events (an event left without
        reports goes), the corrected metadata and the new findings take their place, and the change
        is recorded. The article is stored as if new (its sequence moves to the end), so a relink
        replays it where ingest linked it; its mentions keep their events' ids where they can."""
        article_id = analysis.article.article_id
        old = conn.execute(select(event_mentions.c.mention_id, event_mentions.c.event_id)
                           .where(event_mentions.c.article_id == article_id)).all()
        index.previous.update({r.mention_id: r.event_id for r in old if r.event_id})
        for table in (event_mentions, entity_mentions, article_terms):
            conn.execute(table.delete().where(table.c.article_id == article_id))
        for event_id in sorted({r.event_id for r in old if r.event_id}):
            index.refresh(event_id)
        index.recounted.add(article_id)
        row = {k: v for k, v in _article_row(analysis.article, minhash).items() if k not in ("article_id", "story_id")}
        conn.execute(articles.update().where(articles.c.article_id == article_id).values(
            **row, sequence=self._next_sequence(conn),
            profile=analysis.profile.to_dict() if analysis.profile else None))
        index.forget_article(article_id)  # its publication day, original or outlet may be corrected
        number = (conn.execute(select(func.max(article_corrections.c.number))
                               .where(article_corrections.c.article_id == article_id)).scalar() or 0) + 1
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute(article_corrections.insert(), [
            {"article_id": article_id, "number": number, "field": name, "old": _as_text(old_value),
             "new": _as_text(new_value), "corrected_at": now}
            for name, (old_value, new_value) in sorted(correction.changes.items())])
        self._insert_findings(conn, analysis)

    def relink(self, link: Callable[[EventIndex, Analysis], str | None]) -> list[tuple[str, str]]:
        """Drop every event and link all stored mentions again, article by article in the order
        they were stored (with the term statistics rebuilt in that order), in one transaction:
        relinking gives back exactly what ingest gave, and the same database gives the same events
        every time. An article whose linking fails keeps its mentions unlinked and its reason is
        recorded (stage "relink"); returns (source path, reason) for each."""
        def work(conn: Connection) -> list[tuple[str, str]]:
            index = EventIndex(conn)
            previous = index.previous_events()
            previous_merged = {r.event_id: tuple(r.merged_ids) for r in
                               conn.execute(select(events.c.event_id, events.c.merged_ids)) if r.merged_ids}
            for table in (*EVENT_TABLES, article_terms, term_frequencies):
                conn.execute(table.delete())
            conn.execute(event_mentions.update().values(event_id=None, link_score=None, link_reasons=None))
            conn.execute(articles.update().values(story_id=None))
            index = EventIndex(conn)
            index.previous, index.previous_merged = previous, previous_merged
            order = select(articles).order_by(articles.c.sequence.is_(None), articles.c.sequence,
                                              articles.c.published.is_(None), articles.c.published,
                                              articles.c.article_id)
            failed = []
            for row in conn.execute(order).all():
                article = _article_from(row)
                found = [mention_from_row(r) for r in conn.execute(
                    select(event_mentions).where(event_mentions.c.article_id == article.article_id)
                    .order_by(event_mentions.c.start, event_mentions.c.mention_id))]
                analysis = Analysis(article, events=tuple(found), profile=Profile.from_dict(row.profile))
                savepoint = conn.begin_nested()
                try:
                    self._link(conn, index, analysis, link)
                    savepoint.commit()
                except Exception as e:  # the others are linked all the same
                    savepoint.rollback()
                    if _environmental(e):
                        raise
                    log.exception("relink failed for %s", article.source_path)
                    reason = f"link failed: {one_line(e)}"
                    failed.append((article.source_path, reason))
                    _record_error(conn, BadInput(article.source_path, reason), "relink")
                    index = index.fresh()
            from tidings.review import replay  # analysts' decisions hold whatever the linker did

            replay(conn, index)
            count_generation(conn)
            return failed

        return self._write(work)

    def _upsert_actors(self, conn: Any, found: Iterable[Actor]) -> None:
        by_id = {a.actor_id: a for a in found}
        if not by_id:
            return
        rows = conn.execute(select(actors).where(actors.c.actor_id.in_(list(by_id)))).all()
        known = {r.actor_id: r for r in rows}
        new = [_actor_row(actor) for actor_id, actor in sorted(by_id.items()) if actor_id not in known]
        if new:
            conn.execute(_insert_new(conn, actors), new)
        for actor_id, row in sorted(known.items()):
            aliases = sorted(set(row.aliases) | set(by_id[actor_id].aliases))
            if aliases != list(row.aliases):
                conn.execute(actors.update().where(actors.c.actor_id == actor_id).values(aliases=aliases))

    def record_error(self, error: BadInput, stage: str = "read", lock_timeout: float | None = None) -> None:
        """Keep a bad input's one-line reason, once, so the run's summary and later checks can see it."""
        self._write(lambda conn: _record_error(conn, error, stage), lock_timeout)

    # Reading ------------------------------------------------------------------------------------

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        return set(self.stored_metadata(ids))

    def stored_metadata(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The correctable metadata (`CORRECTABLE`) of the stored articles among `ids`, by id, with
        `duplicate_of` (which a correction keeps)."""
        ids = list(ids)
        found: dict[str, dict[str, Any]] = {}
        names = (*CORRECTABLE, "duplicate_of")
        columns = [articles.c.article_id, *(articles.c[name] for name in names)]
        with self.engine.connect() as conn:
            for chunk in _chunks(ids):
                for r in conn.execute(select(*columns).where(articles.c.article_id.in_(chunk))):
                    found[r.article_id] = {name: getattr(r, name) for name in names}
        return found

    def same_content(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
        """Stored articles by (content hash, source path): the same text from the same place,
        stored under another id (its url was different), with their correctable metadata."""
        wanted = set(keys)
        found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        names = (*CORRECTABLE, "duplicate_of")
        columns = [articles.c.article_id, articles.c.content_hash, articles.c.source_path,
                   *(articles.c[name] for name in names)]
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted({h for h, _ in wanted})):
                for r in conn.execute(select(*columns).where(articles.c.content_hash.in_(chunk))
                                      .order_by(articles.c.sequence)):
                    key = (r.content_hash, r.source_path)
                    if key in wanted and key not in found:
                        found[key] = (r.article_id, {name: getattr(r, name) for name in names})
        return found

    def original_signatures(self) -> Iterator[StoredSignature]:
        """Content hash and MinHash of every article that is not itself a duplicate."""
        query = (select(articles.c.article_id, articles.c.content_hash, articles.c.minhash)
                 .where(articles.c.duplicate_of.is_(None)).order_by(articles.c.article_id))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield StoredSignature(row.article_id, row.content_hash, row.minhash)

    def articles(self) -> Iterator[Article]:
        with self.snapshot() as s:
            yield from s.articles()

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.article_id == article_id)).first()
        return _article_from(row) if row else None

    def entity_mentions(self) -> dict[str, list[EntityMention]]:
        """Entity mentions by article id, in text order."""
        with self.snapshot() as s:
            return s.entity_mentions()

    def actors(self) -> Iterator[Actor]:
        with self.snapshot() as s:
            yield from s.actors()

    def event_mentions(self) -> Iterator[tuple[str | None, EventMention]]:
        """(event id, mention) pairs in article and text order."""
        with self.snapshot() as s:
            yield from s.event_mentions()

    def events(self) -> Iterator[Event]:
        with self.snapshot() as s:
            yield from s.events()

    def corrections(self) -> dict[str, list[dict[str, Any]]]:
        with self.snapshot() as s:
            return s.corrections()

    def errors(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [r._asdict() for r in conn.execute(select(ingest_errors).order_by(ingest_errors.c.location,
                                                                                       ingest_errors.c.line.nulls_first()))]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (articles, actors, entity_mentions, event_mentions, events, event_actors, event_sources,
                              event_blocks,
                              article_terms, term_frequencies, ingest_errors)}


def _require_sqlite_file(path: str | None) -> None:
    """A reader never creates a database: SQLite would make an empty file for a mistyped path."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    if not Path(path).is_file():
        raise StoreError(f"cannot open the database {path}: no such file; check --db or $TIDINGS_DB "
                         "(this command reads a database and never creates one)")


def _record_error(conn: Connection, error: BadInput, stage: str) -> None:
    error_id = content_id(error.where, str(error.line), stage, error.reason)
    inserted = conn.execute(_insert_new(conn, ingest_errors).values(
        error_id=error_id, location=error.where, line=error.line, stage=stage, reason=error.reason))
    if inserted.rowcount:
        count_generation(conn)


@contextmanager
def one_state(engine: Engine) -> Iterator[Connection]:
    """A connection whose queries all read one state of the database, whatever commits meanwhile
    (on PostgreSQL, REPEATABLE READ; SQLite's read transaction is one state already)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _generation(conn: Connection) -> int:
    return conn.execute(select(store_state.c.value).where(store_state.c.name == "generation")).scalar() or 0


def count_generation(conn: Connection) -> None:
    """Add one to the database's generation: every transaction that changes what it holds does."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(store_state).values(name="generation", value=1)
    conn.execute(insert.on_conflict_do_update(index_elements=[store_state.c.name],
                                              set_={"value": store_state.c.value + 1}))


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _article_row(a: Article, minhash: bytes | None) -> dict[str, Any]:
    return {"article_id": a.article_id, "source_path": a.source_path, "title": a.title, "source": a.source,
            "published": a.published, "dateline": a.dateline, "agency": a.agency, "url": a.url,
            "language": a.language, "text": a.text, "content_hash": a.content_hash, "minhash": minhash,
            "duplicate_of": a.duplicate_of, "story_id": a.story_id, "provenance": a.provenance or None}


def _article_from(r: Any) -> Article:
    return Article(article_id=r.article_id, source_path=r.source_path, text=r.text, title=r.title,
                   source=r.source, published=r.published, dateline=r.dateline, agency=r.agency, url=r.url,
                   language=r.language, content_hash=r.content_hash, duplicate_of=r.duplicate_of,
                   story_id=r.story_id, provenance=r.provenance or {})


def _actor_row(a: Actor) -> dict[str, Any]:
    d = a.to_dict()
    d["aliases"] = sorted(set(d["aliases"]))
    return d


def _mention_row(m: EventMention, event_id: str | None) -> dict[str, Any]:
    return {"mention_id": m.mention_id, "article_id": m.article_id, "event_id": event_id, "start": m.start,
            "end": m.end, "text": m.text, "sentence": m.sentence, "type": m.type, "mode": m.mode,
            "subtype": m.subtype, "status": m.status, **_interval_columns(m.date),
            "location": m.location.to_dict() if m.location else None,
            "source_actors": list(m.source_actors), "target_actors": list(m.target_actors), "speaker": m.speaker,
            "confidence": m.confidence, "signature": m.signature.to_dict() if m.signature else None,
            "local_event": m.local_event}


def mention_from_row(r: Any) -> EventMention:
    return EventMention(r.article_id, r.start, r.end, r.text, r.sentence, r.type, r.status, r.mode, r.subtype,
                        _interval_from(r), Place.from_dict(r.location), tuple(r.source_actors),
                        tuple(r.target_actors), r.speaker, 1.0 if r.confidence is None else r.confidence,
                        Signature.from_dict(r.signature), r.local_event)


def _event_row(e: Event) -> dict[str, Any]:
    return {"event_id": e.event_id, "type": e.type, "mode": e.mode, "subtype": e.subtype, "status": e.status,
            **_interval_columns(e.date), "location": e.location.to_dict() if e.location else None,
            **place_columns(e.location),
            "source_actors": list(e.source_actors), "target_actors": list(e.target_actors),
            "merged_ids": list(e.merged_ids), "confidence": e.confidence, "num_articles": e.num_articles,
            "num_sources": e.num_sources, "num_mentions": len(e.mention_ids)}


def place_columns(place: Place | None) -> dict[str, Any]:
    """The indexed copies of an event's location: its country code and lower-cased name."""
    return {"country": place.country.upper() if place and place.country else None,
            "place": place.name.lower() if place and place.name else None}


def event_from_row(r: Any, mention_ids: tuple[str, ...]) -> Event:
    return Event(r.event_id, r.type, r.status, mention_ids, r.mode, r.subtype, _interval_from(r),
                 Place.from_dict(r.location), tuple(r.source_actors), tuple(r.target_actors), tuple(r.merged_ids),
                 1.0 if r.confidence is None else r.confidence, r.num_articles or 0, r.num_sources or 0)


__all__ = ["EVENT_TABLES", "FTS_TABLE", "READ", "Access", "Correction", "EventIndex", "Saved", "Snapshot", "Store",
           "StoredSignature", "count_generation", "database_url", "fill_event_summaries", "one_line", "one_state",
           "read_time_limit", "waited_for_lock"]
