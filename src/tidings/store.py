"""The database: SQLAlchemy 2 Core tables and the queries every other part uses.

SQLite by default (a file path or `sqlite:///...`), PostgreSQL by URL (`postgresql://...`, run
through psycopg 3): the schema uses only portable types (JSON, Date, LargeBinary); the few
dialect-specific things (SQLite pragmas, PostgreSQL's writer lock, insert-or-ignore) sit in small
helpers below. Each batch of articles is written with all its mentions and events in one
transaction, so a process killed mid-ingest leaves either the whole batch or nothing, and re-running
the ingest completes it. Several processes may ingest into one PostgreSQL database at once: their
write transactions take turns, so linking always sees the events the others stored.

    store = Store.open("tidings.db")
    for article in store.articles(): ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from tidings.errors import BadInput, StoreError
from tidings.link import POSTING_LIMIT, Link, most_similar, rare_terms
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
    Column("source", Text),
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
    Column("date_basis", String(16)),
    Column("location", JSON),
    Column("source_actors", JSON, nullable=False),
    Column("target_actors", JSON, nullable=False),
    Column("merged_ids", JSON, nullable=False),
    Column("confidence", Float),
    Column("num_articles", Integer),
    Column("num_sources", Integer),  # independent reports: wire copies do not count again
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
)
Index("ix_event_blocks_key", event_blocks.c.key, event_blocks.c.date_start)

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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL keeps committed transactions atomic after kill -9
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _take_writer_turn(conn: Any) -> None:
    """On PostgreSQL, wait until no other Tidings transaction is writing: concurrent ingests then
    never insert the same article twice, and each links against the events the others stored.
    SQLite needs nothing: it lets one writer at a time in by itself."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})


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
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(term_frequencies)
        self._count_up = insert.on_conflict_do_update(index_elements=[term_frequencies.c.term],
                                                      set_={"frequency": term_frequencies.c.frequency + 1})

    def prefetch(self, terms: Iterable[str]) -> None:
        missing = sorted({t for t in terms if t not in self._loaded})
        for chunk in _chunks(missing):
            rows = self.conn.execute(select(term_frequencies).where(term_frequencies.c.term.in_(chunk)))
            self.frequency.update({r.term: r.frequency for r in rows})
            self._loaded.update(chunk)
            self.forget(chunk)

    def add(self, profile: Profile) -> None:
        terms = sorted(set(profile.terms) | set(profile.entities))
        self.prefetch(terms)
        super().add(profile)
        self.conn.execute(self._count_up, [{"term": t, "frequency": 1} for t in ["", *terms]])


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
        self.stats: TermStatistics = StoredTermStatistics(conn)
        self._insert_event = _insert_new(conn, events).returning(events.c.event_id)
        self._profiles: dict[str, Profile] = {}

    def candidates(self, keys: Sequence[str], types: Sequence[str], window: tuple[date, date] | None,
                   limit: int) -> list[str]:
        if not keys:
            return []
        hits = func.count().label("hits")
        query = (select(event_blocks.c.event_id, hits)
                 .where(event_blocks.c.key.in_(list(keys)), event_blocks.c.type.in_(list(types))))
        if window is not None:
            query = query.where(event_blocks.c.date_start.is_(None) | (
                (event_blocks.c.date_start <= window[1]) & (event_blocks.c.date_end >= window[0])))
        query = query.group_by(event_blocks.c.event_id).order_by(hits.desc(), event_blocks.c.event_id).limit(limit)
        return [r.event_id for r in self.conn.execute(query)]

    def add_article(self, article: Article, profile: Profile) -> None:
        self.stats.add(profile)
        self._profiles[article.article_id] = profile
        sequence = self.conn.execute(select(articles.c.sequence)
                                     .where(articles.c.article_id == article.article_id)).scalar()
        terms = rare_terms(profile, self.stats)
        if terms:
            self.conn.execute(article_terms.insert(), [
                {"term": t, "article_id": article.article_id, "sequence": sequence or 0} for t in terms])

    def similar_articles(self, article_id: str, profile: Profile, limit: int) -> list[tuple[float, str]]:
        shared: dict[str, int] = {}
        for term in rare_terms(profile, self.stats):
            rows = self.conn.execute(select(article_terms.c.article_id).where(article_terms.c.term == term)
                                     .order_by(article_terms.c.sequence.desc()).limit(POSTING_LIMIT))
            for r in rows:
                if r.article_id != article_id:
                    shared[r.article_id] = shared.get(r.article_id, 0) + 1
        return most_similar(article_id, profile, shared, self.profiles, self.stats, limit)

    def events_of_articles(self, article_ids: Sequence[str], types: Sequence[str]) -> list[str]:
        if not article_ids:
            return []
        query = (select(event_mentions.c.event_id).distinct()
                 .join(events, events.c.event_id == event_mentions.c.event_id)
                 .where(event_mentions.c.article_id.in_(list(article_ids)), events.c.type.in_(list(types)))
                 .order_by(event_mentions.c.event_id))
        return list(self.conn.execute(query).scalars())

    def events(self, event_ids: Sequence[str]) -> list[Event]:
        if not event_ids:
            return []
        rows = self.conn.execute(select(events).where(events.c.event_id.in_(list(event_ids)))).all()
        by_id = {r.event_id: event_from_row(r, ()) for r in rows}  # linking needs the state, not the mentions
        return [by_id[e] for e in event_ids if e in by_id]

    def sample(self, event_id: str, limit: int) -> list[LinkMention]:
        rows = self.conn.execute(
            select(event_mentions, articles.c.published)
            .join(articles, articles.c.article_id == event_mentions.c.article_id)
            .where(event_mentions.c.event_id == event_id)
            .order_by(event_mentions.c.confidence.desc(), event_mentions.c.start, event_mentions.c.mention_id)
            .limit(limit)).all()
        found = []
        for r in rows:
            m = mention_from_row(r)
            found.append(LinkMention(m, m.signature or Signature(m.text.lower()), r.published))
        return found

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
        rows = self.conn.execute(select(event_mentions).where(event_mentions.c.event_id == event_id)
                                 .order_by(event_mentions.c.mention_id)).all()
        return [mention_from_row(r) for r in rows]

    def published(self, article_ids: Iterable[str]) -> dict[str, date | None]:
        rows = self.conn.execute(select(articles.c.article_id, articles.c.published)
                                 .where(articles.c.article_id.in_(sorted(set(article_ids)))))
        return {r.article_id: r.published for r in rows}

    def copies(self, article_ids: Iterable[str]) -> dict[str, str]:
        rows = self.conn.execute(select(articles.c.article_id, articles.c.duplicate_of)
                                 .where(articles.c.article_id.in_(sorted(set(article_ids))),
                                        articles.c.duplicate_of.is_not(None)))
        return {r.article_id: r.duplicate_of for r in rows}

    def assign(self, links: Sequence[Link], event_id: str) -> None:
        params = [{"m_id": x.mention_id, "e_id": event_id, "score": x.score,
                   "reasons": {"joined": x.joined, "reasons": [list(r) for r in x.reasons]}} for x in links]
        if params:
            self.conn.execute(_ASSIGN_MENTION, params)

    def save(self, event: Event, keys: Sequence[str]) -> None:
        """Insert or replace an event, its actor index and its blocking keys."""
        row = _event_row(event)
        if self.conn.execute(self._insert_event, row).first() is None:  # there already: replace it
            self.conn.execute(_REPLACE_EVENT, {**row, "e_id": event.event_id})
            self.conn.execute(_DROP_EVENT_ACTORS, {"e_id": event.event_id})
            self.conn.execute(_DROP_EVENT_BLOCKS, {"e_id": event.event_id})
        dates = _interval_columns(event.date)
        span = {"type": event.type, "date_start": dates["date_start"], "date_end": dates["date_end"]}
        actor_ids = sorted(set(event.source_actors) | set(event.target_actors))
        if actor_ids:
            self.conn.execute(event_actors.insert(), [{"event_id": event.event_id, "actor_id": a, **span}
                                                      for a in actor_ids])
        if keys:
            self.conn.execute(event_blocks.insert(), [{"event_id": event.event_id, "key": k, **span}
                                                      for k in sorted(set(keys))])

    def story_of_article(self, article_id: str) -> str | None:
        row = self.conn.execute(select(articles.c.story_id).where(articles.c.article_id == article_id)).first()
        return row.story_id if row else None

    def story_of_event(self, event_id: str, exclude_article: str) -> str | None:
        """The story of another article that reports this event, if any."""
        row = self.conn.execute(
            select(articles.c.story_id).join(event_mentions, event_mentions.c.article_id == articles.c.article_id)
            .where(event_mentions.c.event_id == event_id, articles.c.article_id != exclude_article,
                   articles.c.story_id.is_not(None))
            .order_by(articles.c.published.nulls_first(), articles.c.article_id).limit(1)).first()
        return row.story_id if row else None

    def set_story(self, article_id: str, story_id: str) -> None:
        self.conn.execute(articles.update().where(articles.c.article_id == article_id).values(story_id=story_id))

    def previous_events(self) -> dict[str, str]:
        linked = (select(event_mentions.c.mention_id, event_mentions.c.event_id)
                  .where(event_mentions.c.event_id.is_not(None)))
        return {r.mention_id: r.event_id for r in self.conn.execute(linked)}


def _add_missing_columns(conn: Any) -> None:
    """A database made by an older Tidings gets the columns added since, empty (all of them are
    nullable), so that opening it never loses what it holds."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))


@dataclass(frozen=True)
class StoredSignature:
    article_id: str
    content_hash: str
    minhash: bytes | None


class Store:
    """One database, opened once; every read and write of Tidings goes through here."""

    def __init__(self, engine: Engine):
        self.engine = engine
        try:
            with engine.begin() as conn:  # processes starting together on a new database create it once
                _take_writer_turn(conn)
                metadata.create_all(conn)
                _add_missing_columns(conn)
        except SQLAlchemyError as e:
            reason = e.orig if hasattr(e, "orig") else e
            raise StoreError(f"cannot open the database {engine.url!r}: {e.__class__.__name__}: {reason}") from None

    @classmethod
    def open(cls, db: str | Path | None = None) -> Store:
        url = database_url(db)
        try:
            make_url(url).get_dialect()
        except (ArgumentError, ImportError) as e:
            raise StoreError(f"cannot open the database {url!r}: {e}; use sqlite:///FILE, a file path or "
                             "postgresql://USER@HOST/DB") from None
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # Writing ------------------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, minhash: bytes | None,
                      link: Callable[[EventIndex, Analysis], str | None] | None = None) -> bool:
        """Write one article with everything found in it; see `save_analyses`."""
        return bool(self.save_analyses([(analysis, minhash)], link))

    def save_analyses(self, batch: Iterable[tuple[Analysis, bytes | None]],
                      link: Callable[[EventIndex, Analysis], str | None] | None = None) -> list[Analysis]:
        """Write articles with their entity mentions, actors and event mentions, and let `link`
        attach the mentions to events (it returns the story id), all in one transaction: after a
        crash either the whole batch is there or none of it. Articles already stored (by this
        process or, concurrently, another) are skipped; returns the analyses actually written."""
        written = []
        with self.engine.begin() as conn:
            _take_writer_turn(conn)
            index = EventIndex(conn)
            for analysis, minhash in batch:
                if not self._insert_analysis(conn, analysis, minhash):
                    continue
                written.append(analysis)
                if link is not None:
                    story_id = link(index, analysis)
                    conn.execute(articles.update().where(articles.c.article_id == analysis.article.article_id)
                                 .values(story_id=story_id))
        return written

    def _insert_analysis(self, conn: Any, analysis: Analysis, minhash: bytes | None) -> bool:
        article = analysis.article
        sequence = (conn.execute(select(func.max(articles.c.sequence))).scalar() or 0) + 1
        row = {**_article_row(article, minhash), "sequence": sequence,
               "profile": analysis.profile.to_dict() if analysis.profile else None}
        inserted = _insert_new(conn, articles).values(row).returning(articles.c.article_id)
        if conn.execute(inserted).first() is None:
            return False  # stored before, by this run or another
        self._upsert_actors(conn, analysis.actors)
        if analysis.entities:
            conn.execute(entity_mentions.insert(), [
                {"article_id": article.article_id, "start": m.start, "end": m.end, "text": m.text,
                 "label": m.label, "actor_id": m.actor_id} for m in analysis.entities])
        if analysis.events:
            conn.execute(event_mentions.insert(), [_mention_row(m, None) for m in analysis.events])
        return True

    def relink(self, link: Callable[[EventIndex, Analysis], str | None]) -> None:
        """Drop every event and link all stored mentions again, article by article in the order
        they were stored (with the term statistics rebuilt in that order), in one transaction:
        relinking gives back exactly what ingest gave, and the same database gives the same events
        every time."""
        with self.engine.begin() as conn:
            _take_writer_turn(conn)
            previous = EventIndex(conn).previous_events()
            previous_merged = {r.event_id: tuple(r.merged_ids) for r in
                               conn.execute(select(events.c.event_id, events.c.merged_ids)) if r.merged_ids}
            for table in (event_blocks, event_actors, events, article_terms, term_frequencies):
                conn.execute(table.delete())
            conn.execute(event_mentions.update().values(event_id=None, link_score=None, link_reasons=None))
            conn.execute(articles.update().values(story_id=None))
            index = EventIndex(conn)
            index.previous, index.previous_merged = previous, previous_merged
            order = select(articles).order_by(articles.c.sequence.is_(None), articles.c.sequence,
                                              articles.c.published.is_(None), articles.c.published,
                                              articles.c.article_id)
            for row in conn.execute(order).all():
                article = _article_from(row)
                found = [mention_from_row(r) for r in conn.execute(
                    select(event_mentions).where(event_mentions.c.article_id == article.article_id)
                    .order_by(event_mentions.c.start, event_mentions.c.mention_id))]
                story_id = link(index, Analysis(article, events=tuple(found), profile=Profile.from_dict(row.profile)))
                conn.execute(articles.update().where(articles.c.article_id == article.article_id)
                             .values(story_id=story_id))

    def _upsert_actors(self, conn: Any, found: Iterable[Actor]) -> None:
        by_id = {a.actor_id: a for a in found}
        if not by_id:
            return
        rows = conn.execute(select(actors).where(actors.c.actor_id.in_(list(by_id)))).all()
        known = {r.actor_id: r for r in rows}
        for actor_id, actor in sorted(by_id.items()):
            if actor_id not in known:
                conn.execute(_insert_new(conn, actors).values(_actor_row(actor)))
                continue
            aliases = sorted(set(known[actor_id].aliases) | set(actor.aliases))
            if aliases != list(known[actor_id].aliases):
                conn.execute(actors.update().where(actors.c.actor_id == actor_id).values(aliases=aliases))

    def record_error(self, error: BadInput, stage: str = "read") -> None:
        """Keep a bad input's one-line reason, once, so the run's summary and later checks can see it."""
        error_id = content_id(error.where, str(error.line), stage, error.reason)
        with self.engine.begin() as conn:
            conn.execute(_insert_new(conn, ingest_errors).values(error_id=error_id, location=error.where,
                                                                 line=error.line, stage=stage, reason=error.reason))

    # Reading ------------------------------------------------------------------------------------

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                stored = select(articles.c.article_id).where(articles.c.article_id.in_(chunk))
                found |= set(conn.execute(stored).scalars())
        return found

    def original_signatures(self) -> Iterator[StoredSignature]:
        """Content hash and MinHash of every article that is not itself a duplicate."""
        query = (select(articles.c.article_id, articles.c.content_hash, articles.c.minhash)
                 .where(articles.c.duplicate_of.is_(None)).order_by(articles.c.article_id))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield StoredSignature(row.article_id, row.content_hash, row.minhash)

    def articles(self) -> Iterator[Article]:
        with self.engine.connect() as conn:
            oldest_first = select(articles).order_by(articles.c.published.nulls_first(), articles.c.article_id)
            for row in conn.execute(oldest_first):
                yield _article_from(row)

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.article_id == article_id)).first()
        return _article_from(row) if row else None

    def entity_mentions(self) -> dict[str, list[EntityMention]]:
        """Entity mentions by article id, in text order."""
        found: dict[str, list[EntityMention]] = {}
        query = select(entity_mentions).order_by(entity_mentions.c.article_id, entity_mentions.c.start,
                                                 entity_mentions.c.end)
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                found.setdefault(r.article_id, []).append(EntityMention(r.start, r.end, r.text, r.label, r.actor_id))
        return found

    def actors(self) -> Iterator[Actor]:
        with self.engine.connect() as conn:
            for r in conn.execute(select(actors).order_by(actors.c.actor_id)):
                yield Actor.from_dict(r._asdict())

    def event_mentions(self) -> Iterator[tuple[str | None, EventMention]]:
        """(event id, mention) pairs in article and text order."""
        query = select(event_mentions).order_by(event_mentions.c.article_id, event_mentions.c.start,
                                                event_mentions.c.mention_id)
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                yield r.event_id, mention_from_row(r)

    def events(self) -> Iterator[Event]:
        members: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for eid, mid in conn.execute(select(event_mentions.c.event_id, event_mentions.c.mention_id)
                                         .order_by(event_mentions.c.mention_id)):
                members.setdefault(eid, []).append(mid)
            # dated events first, in time order; undated ones after them
            query = select(events).order_by(events.c.date_start.is_(None), events.c.date_start, events.c.event_id)
            for r in conn.execute(query):
                yield event_from_row(r, tuple(members.get(r.event_id, ())))

    def errors(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [r._asdict() for r in conn.execute(select(ingest_errors).order_by(ingest_errors.c.location,
                                                                                       ingest_errors.c.line.nulls_first()))]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (articles, actors, entity_mentions, event_mentions, events, event_actors, event_blocks,
                              article_terms, term_frequencies, ingest_errors)}


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
            "source_actors": list(e.source_actors), "target_actors": list(e.target_actors),
            "merged_ids": list(e.merged_ids), "confidence": e.confidence, "num_articles": e.num_articles,
            "num_sources": e.num_sources}


def event_from_row(r: Any, mention_ids: tuple[str, ...]) -> Event:
    return Event(r.event_id, r.type, r.status, mention_ids, r.mode, r.subtype, _interval_from(r),
                 Place.from_dict(r.location), tuple(r.source_actors), tuple(r.target_actors), tuple(r.merged_ids),
                 1.0 if r.confidence is None else r.confidence, r.num_articles or 0, r.num_sources or 0)


__all__ = ["EventIndex", "Store", "StoredSignature", "database_url"]
