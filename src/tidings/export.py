"""Exports: the stored database written in the formats analysts load.

Every format reads one gathering step (`Gathered`): actors and article metadata by id, and the
events streamed in date order, each with all its reports (`Reported`). Exporters live in
`EXPORTERS`, a plain name -> function registry, so `--format` is a lookup; each returns the files
it wrote. `export` reads the whole database through one snapshot (one transaction), so an export
taken while an ingest writes is one consistent state: no event points at an article the export
lacks. It writes into a staging folder beside the target and renames it into place, so the target
holds either the previous export or the whole new one, never a mix; it refuses a target folder that
already holds files unless `force` is given (then each file of the format is replaced, atomically).
Rows are sorted (events by date, then id) so the same database always gives the same bytes; an
empty database gives valid files with no records.

Cells bound for spreadsheets (`csv`, `gdelt`) that start with `=`, `+`, `-`, `@`, a tab or a
carriage return get a leading `'`, so that no spreadsheet runs article text as a formula (the
OWASP advice against CSV injection); numbers are written as numbers and are never changed.

`jsonl` — the contract of DESIGN.md that the benchmarks read: articles.jsonl, actors.jsonl and
events.jsonl, one record a line, every offset into the article's clean `text`; and reviews.jsonl,
the analysts' audit log (`tidings.review`: review_id, number, action merge/split/not-event,
event_ids, mention_ids, result, who, why, decided_at), oldest first. Articles also carry
`corrections` (each change a re-ingest with corrected metadata made: {number, field, old, new,
corrected_at}), `truncated_from` (the length of an article cut to what the pipeline reads, else
null) and `detected_language` (set when the text is not English and was stored without analysis).

`csv` — events.csv, mentions.csv, actors.csv, articles.csv, reviews.csv (RFC 4180 via the csv module; cells
with newlines are quoted). Lists are joined with ";" and dates are ISO days; an empty cell is null.
  events: event_id, type, mode, subtype, status, confidence, date_start, date_end, date_precision,
    date_basis, location_name, location_country, location_region (the state or province), location_kind,
    location_precision, location_basis,
    location_lat, location_lon, source_actor_ids,
    source_actor_names, target_actor_ids, target_actor_names (the names in the order of the ids),
    num_mentions, num_articles (distinct articles reporting it), num_sources (independent reports: a
    wire copy does not count again), merged_ids.
  mentions (every event mention, linked or not): mention_id, event_id, article_id, start, end
    (offsets of the trigger in the article's text), text (the trigger), sentence, type, mode,
    subtype, status, confidence, date_start, date_end, date_precision, date_basis, speaker, source_actor_ids,
    target_actor_ids, location_name.
  actors: actor_id, name, kind, country, kb_id, aliases, roles (JSON list of {title, country, start, end}).
  articles: article_id, source_path, title, source, published, dateline, agency, url, language,
    duplicate_of, story_id, text (the clean text every offset refers to).
  reviews: review_id, number, action, event_ids, mention_ids, result, who, why, decided_at.

`parquet` — the same five tables and columns as events.parquet, mentions.parquet, actors.parquet,
articles.parquet, reviews.parquet, typed: dates date32, lat/lon float64, counts and offsets int64, lists list<string>.

`plover` — events.plover.json, a JSON array in the PLOVER/POLECAT data model, one record per
event in a PLOVER category (OTHER events have no PLOVER category and are left out):
  {event_id, tidings_event_id, event_type, event_mode, contexts (not coded: always []), status,
   event_date, event_date_end, date_precision (event_date is the interval's first day),
   actors, recipients: [{id, name, country, kind, kb_id}],
   location: {name, country, admin1 (state or province), lat, lon, feature_type ("city", "country", "region",
  "other")} | null,
   sources: [{article_id, title, source, published, url, evidence: [{sentence, trigger, start, end, status}]}]}
  The PLOVER manual codes an announced meeting as AGREE (intent to meet), not CONSULT, so a planned
  CONSULT is written as AGREE with no mode. When a meeting that was announced is later reported as
  held, the event gives two records: the AGREE (event_id "<id>-intent", status planned, evidence the
  announcements) and the CONSULT (event_id "<id>", evidence the other reports); both keep the
  meeting's date and tidings_event_id "<id>", so they join back to the other exports.

`gdelt` — events.tsv and mentions.tsv named after the GDELT 2.0 event and mention tables, adapted:
GLOBALEVENTID is our event id (a string), EventCode is the PLOVER type (or OTHER), not a CAMEO
code, Actor1/Actor2 are the source/target actors (ids and names joined with ";"), country codes are
ISO 3166 alpha-3 (GDELT uses CAMEO codes for actors and FIPS for places), and an undated event has
an empty SQLDATE: Tidings never stands in the publication date for the event date. Unlike GDELT's
own files these have a header row. Cells have tabs and newlines turned into spaces and are never
quoted, so a plain split on tabs reads them (csv: delimiter "\\t", quoting QUOTE_NONE).
  events: GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate, EventEndDate, DatePrecision,
    Actor1Code, Actor1Name, Actor1CountryCode, Actor2Code, Actor2Name, Actor2CountryCode, EventCode,
    EventMode, EventSubtype, EventStatus, NumMentions, NumSources, NumArticles, ActionGeo_Type
    (1 country, 2 US state, 3 US city, 4 world city, 5 world region, as GDELT), ActionGeo_FullName,
    ActionGeo_CountryCode, ActionGeo_Lat, ActionGeo_Long, SOURCEURL (the first report's URL or path).
  mentions: GLOBALEVENTID, EventTimeDate (the event's first day, YYYYMMDD; GDELT gives the time it
    first saw the event), MentionTimeDate (the article's publication day), MentionSourceName,
    MentionIdentifier (URL or path), MentionID, ActionCharOffset, ActionCharEnd (the trigger's
    offsets in the article's text), MentionTrigger, MentionStatus, MentionSentence.

`timelinejs` — timeline.json for TimelineJS3: {title, events: [{start_date, end_date?, text:
{headline, text}, group (the type), unique_id (the event id)}]}, dated events only. Day and week
dates give year, month and day, month dates year and month, year dates the year; an end date is
given only when it differs. TimelineJS renders HTML and article text is untrusted, so every piece
of text is HTML-escaped; the only markup is our own <p>.

`geojson` — events.geojson, a FeatureCollection of Point features ([lon, lat], RFC 7946) for events
with coordinates; properties: event_id, type, mode, status, date_start, date_end, date_precision,
place, country, precision. `precision` is the place's kind: "city", or "country" when the point is
only the country's capital standing for the whole country, which a map must not draw as a city.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from tidings.errors import TidingsError, UnknownFormat
from tidings.model import Actor, Article, EntityMention, Event, EventMention

# The store's own row converters: export reads the same tables and must decode them the same way.
from tidings.review import decisions
from tidings.store import Snapshot, Store, articles, event_from_row, event_mentions, events, mention_from_row

#: What an exporter reads: a snapshot (as `export` gives it), or a store (read through one snapshot).
Readable = Store | Snapshot
Exporter = Callable[[Readable, Path], list[Path]]


@contextmanager
def _snapshot(source: Readable) -> Iterator[Snapshot]:
    if isinstance(source, Snapshot):
        yield source
    else:
        with source.snapshot() as snapshot:
            yield snapshot


# Writing files atomically ------------------------------------------------------------------------

@contextmanager
def _atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it when the block succeeds and removed if it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        yield tmp
        tmp.replace(path)  # a reader never sees half a file
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _atomic_text(path: Path) -> Iterator[IO[str]]:
    with _atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        yield f


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with _atomic_text(path) as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def _write_json_stream(path: Path, head: str, items: Iterable[dict[str, Any]], tail: str) -> Path:
    """One JSON document whose list of items is written as it comes, not built in memory first."""
    with _atomic_text(path) as f:
        f.write(head)
        first = True
        for item in items:
            f.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
            first = False
        f.write((tail if first else "\n" + tail) + "\n")
    return path


# Gathering: what every format reads ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Source:
    """An article as exports cite it: everything but its text."""

    article_id: str
    source_path: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None

    @property
    def identifier(self) -> str:
        return self.url or self.source_path


@dataclass(frozen=True, slots=True)
class Reported:
    """An event with every report of it, in article and text order."""

    event: Event
    mentions: tuple[EventMention, ...]
    #: mention id -> why it is in the event: {score, joined, reasons} (`link.Link`)
    links: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def article_ids(self) -> list[str]:
        return sorted({m.article_id for m in self.mentions})


class Gathered:
    """Actors and article metadata by id (small: no texts), and the events with their mentions,
    streamed from the snapshot so that no format holds all of them at once."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.actors: dict[str, Actor] = {a.actor_id: a for a in snapshot.actors()}
        query = select(articles.c.article_id, articles.c.source_path, articles.c.title, articles.c.source,
                       articles.c.url, articles.c.published)
        self.sources: dict[str, Source] = {r.article_id: Source(*r) for r in snapshot.conn.execute(query)}

    def events(self) -> Iterator[Reported]:
        """Dated events first, in time order, then undated ones; each with its mentions. Two cursors
        walk events and (event-ordered) mentions side by side."""
        order = (events.c.date_start.is_(None), events.c.date_start, events.c.event_id)
        mention_query = (select(event_mentions).join(events, events.c.event_id == event_mentions.c.event_id)
                         .order_by(*order, event_mentions.c.article_id, event_mentions.c.start,
                                   event_mentions.c.mention_id))
        streamed = self.snapshot.conn.execution_options(stream_results=True)
        rows = iter(streamed.execute(mention_query))
        pending = next(rows, None)
        for event_row in streamed.execute(select(events).order_by(*order)):
            found, links = [], {}
            while pending is not None and pending.event_id == event_row.event_id:
                found.append(mention_from_row(pending))
                links[pending.mention_id] = {"score": pending.link_score, **(pending.link_reasons or {})}
                pending = next(rows, None)
            event = event_from_row(event_row, tuple(sorted(m.mention_id for m in found)))
            yield Reported(event, tuple(found), links)

    def names(self, actor_ids: Iterable[str]) -> list[str]:
        """Actor names in the order of the ids; an id the database does not know stands for itself."""
        return [self.actors[a].name if a in self.actors else a for a in actor_ids]

    def countries(self, actor_ids: Iterable[str]) -> list[str]:
        return sorted({c for a in actor_ids if a in self.actors and (c := self.actors[a].country)})

    def cited(self, r: Reported) -> list[Source]:
        """The articles reporting an event, earliest first."""
        found = [self.sources[a] for a in r.article_ids if a in self.sources]
        return sorted(found, key=lambda s: (s.published or date.min, s.article_id))


# jsonl -------------------------------------------------------------------------------------------

def article_record(article: Article, mentions: list[EntityMention],
                   corrections: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "article_id": article.article_id, "source_path": article.source_path, "title": article.title,
        "source": article.source, "published": article.published.isoformat() if article.published else None,
        "dateline": article.dateline, "agency": article.agency, "url": article.url, "language": article.language,
        "text": article.text, "duplicate_of": article.duplicate_of,
        "actors": sorted({m.actor_id for m in mentions if m.actor_id}),
        "entity_mentions": [m.to_dict() for m in mentions], "story_id": article.story_id,
        "corrections": corrections or [], "truncated_from": article.provenance.get("truncated_from"),
        "detected_language": article.provenance.get("detected_language"),
    }


def mention_record(m: EventMention, link: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A mention as exports write it; `link` (why it is in its event) adds `link_score` and
    `link_reasons` (the event it joined, the features that decided)."""
    d = m.to_dict()
    record = {k: d[k] for k in ("mention_id", "article_id", "start", "end", "text", "sentence", "status", "date",
                                "speaker", "type", "mode", "subtype", "location", "source_actors", "target_actors",
                                "confidence")}
    link = link or {}
    record["link_score"] = link.get("score")
    record["link_reasons"] = {"joined": link.get("joined"), "reasons": link.get("reasons") or []}
    return record


def event_record(e: Event, mentions: Iterable[EventMention], links: Mapping[str, Mapping[str, Any]] | None = None
                 ) -> dict[str, Any]:
    links = links or {}
    return {
        "event_id": e.event_id, "type": e.type, "mode": e.mode, "subtype": e.subtype, "status": e.status,
        "confidence": e.confidence, "date": e.date.to_dict() if e.date else None,
        "location": e.location.to_dict() if e.location else None,
        "source_actors": list(e.source_actors), "target_actors": list(e.target_actors),
        "num_articles": e.num_articles, "num_sources": e.num_sources,
        "merged_ids": list(e.merged_ids), "mentions": [mention_record(m, links.get(m.mention_id)) for m in mentions],
    }


def export_jsonl(source: Readable, out: Path) -> list[Path]:
    with _snapshot(source) as snapshot:
        entities, corrections = snapshot.entity_mentions(), snapshot.corrections()
        return [
            _write_jsonl(out / "articles.jsonl", (article_record(a, entities.get(a.article_id, []),
                                                                 corrections.get(a.article_id))
                                                  for a in snapshot.articles())),
            _write_jsonl(out / "actors.jsonl", (a.to_dict() for a in snapshot.actors())),
            _write_jsonl(out / "events.jsonl", (event_record(r.event, r.mentions, r.links)
                                                 for r in Gathered(snapshot).events())),
            _write_jsonl(out / "reviews.jsonl", (d.to_dict() for d in decisions(snapshot.conn))),
        ]


# Tables: csv and parquet -------------------------------------------------------------------------

#: Column name and kind ("str", "int", "float", "date", "list"); the kind picks the Parquet type.
Columns = tuple[tuple[str, str], ...]

EVENT_COLUMNS: Columns = (
    ("event_id", "str"), ("type", "str"), ("mode", "str"), ("subtype", "str"), ("status", "str"),
    ("confidence", "float"),
    ("date_start", "date"), ("date_end", "date"), ("date_precision", "str"), ("date_basis", "str"),
    ("location_name", "str"), ("location_country", "str"), ("location_region", "str"), ("location_kind", "str"),
    ("location_precision", "str"), ("location_basis", "str"),
    ("location_lat", "float"), ("location_lon", "float"),
    ("source_actor_ids", "list"), ("source_actor_names", "list"),
    ("target_actor_ids", "list"), ("target_actor_names", "list"),
    ("num_mentions", "int"), ("num_articles", "int"), ("num_sources", "int"), ("merged_ids", "list"),
)
MENTION_COLUMNS: Columns = (
    ("mention_id", "str"), ("event_id", "str"), ("article_id", "str"), ("start", "int"), ("end", "int"),
    ("text", "str"), ("sentence", "str"), ("type", "str"), ("mode", "str"), ("subtype", "str"), ("status", "str"),
    ("confidence", "float"),
    ("date_start", "date"), ("date_end", "date"), ("date_precision", "str"), ("date_basis", "str"), ("speaker", "str"),
    ("source_actor_ids", "list"), ("target_actor_ids", "list"), ("location_name", "str"),
)
ACTOR_COLUMNS: Columns = (
    ("actor_id", "str"), ("name", "str"), ("kind", "str"), ("country", "str"), ("kb_id", "str"),
    ("aliases", "list"), ("roles", "str"),
)
ARTICLE_COLUMNS: Columns = (
    ("article_id", "str"), ("source_path", "str"), ("title", "str"), ("source", "str"), ("published", "date"),
    ("dateline", "str"), ("agency", "str"), ("url", "str"), ("language", "str"), ("duplicate_of", "str"),
    ("story_id", "str"), ("text", "str"),
)

REVIEW_COLUMNS: Columns = (
    ("review_id", "str"), ("number", "int"), ("action", "str"), ("event_ids", "list"), ("mention_ids", "list"),
    ("result", "str"), ("who", "str"), ("why", "str"), ("decided_at", "str"),
)


def event_row(r: Reported, g: Gathered) -> dict[str, Any]:
    e, place = r.event, r.event.location
    return {
        "event_id": e.event_id, "type": e.type, "mode": e.mode, "subtype": e.subtype, "status": e.status,
        "confidence": e.confidence,
        "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
        "date_precision": e.date.precision if e.date else None, "date_basis": e.date.basis if e.date else None,
        "location_name": place.name if place else None, "location_country": place.country if place else None,
        "location_region": place.region if place else None, "location_kind": place.kind if place else None,
        "location_precision": place.precision if place else None,
        "location_basis": place.basis if place else None,
        "location_lat": place.lat if place else None, "location_lon": place.lon if place else None,
        "source_actor_ids": list(e.source_actors), "source_actor_names": g.names(e.source_actors),
        "target_actor_ids": list(e.target_actors), "target_actor_names": g.names(e.target_actors),
        "num_mentions": len(r.mentions), "num_articles": len(r.article_ids), "num_sources": e.num_sources,
        "merged_ids": list(e.merged_ids),
    }


def mention_row(event_id: str | None, m: EventMention) -> dict[str, Any]:
    return {
        "mention_id": m.mention_id, "event_id": event_id, "article_id": m.article_id, "start": m.start,
        "end": m.end, "text": m.text, "sentence": m.sentence, "type": m.type, "mode": m.mode,
        "subtype": m.subtype, "status": m.status, "confidence": m.confidence,
        "date_start": m.date.start if m.date else None,
        "date_end": m.date.end if m.date else None, "date_precision": m.date.precision if m.date else None,
        "date_basis": m.date.basis if m.date else None, "speaker": m.speaker,
        "source_actor_ids": list(m.source_actors), "target_actor_ids": list(m.target_actors),
        "location_name": m.location.name if m.location else None,
    }


def actor_row(a: Actor) -> dict[str, Any]:
    return {"actor_id": a.actor_id, "name": a.name, "kind": a.kind, "country": a.country, "kb_id": a.kb_id,
            "aliases": list(a.aliases), "roles": json.dumps([r.to_dict() for r in a.roles], ensure_ascii=False)}


def article_row(a: Article) -> dict[str, Any]:
    return {"article_id": a.article_id, "source_path": a.source_path, "title": a.title, "source": a.source,
            "published": a.published, "dateline": a.dateline, "agency": a.agency, "url": a.url,
            "language": a.language, "duplicate_of": a.duplicate_of, "story_id": a.story_id, "text": a.text}


def _tables(snapshot: Snapshot) -> list[tuple[str, Columns, Iterable[dict[str, Any]]]]:
    """The five tables of csv and parquet, each a lazy stream of rows."""
    g = Gathered(snapshot)
    return [
        ("events", EVENT_COLUMNS, (event_row(r, g) for r in g.events())),
        ("mentions", MENTION_COLUMNS, (mention_row(eid, m) for eid, m in snapshot.event_mentions())),
        ("actors", ACTOR_COLUMNS, (actor_row(a) for a in g.actors.values())),
        ("articles", ARTICLE_COLUMNS, (article_row(a) for a in snapshot.articles())),
        ("reviews", REVIEW_COLUMNS, (d.to_dict() for d in decisions(snapshot.conn))),
    ]


#: First characters that make a spreadsheet read a cell as a formula (or, tab and CR, hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: a cell that would start a formula gets a leading '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return neutralised(";".join(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralised(value)
    return value  # numbers as they are; the csv module writes None as an empty cell


def export_csv(source: Readable, out: Path) -> list[Path]:
    written = []
    with _snapshot(source) as snapshot:
        for name, columns, rows in _tables(snapshot):
            path = out / f"{name}.csv"
            with _atomic_text(path) as f:
                writer = csv.writer(f)
                writer.writerow([c for c, _ in columns])
                writer.writerows([_csv_cell(row[c]) for c, _ in columns] for row in rows)
            written.append(path)
    return written


PARQUET_BATCH_ROWS = 5_000  # rows held in memory before a row group is written


def export_parquet(source: Readable, out: Path) -> list[Path]:
    import pyarrow as pa  # imported here: only this format needs it, and it is slow to import
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
             "list": pa.list_(pa.string())}
    written = []
    with _snapshot(source) as snapshot:
        for name, columns, rows in _tables(snapshot):
            schema = pa.schema([(c, types[kind]) for c, kind in columns])
            path = out / f"{name}.parquet"
            with _atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
                batch: list[dict[str, Any]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= PARQUET_BATCH_ROWS:
                        writer.write_table(pa.Table.from_pylist(batch, schema))
                        batch = []
                writer.write_table(pa.Table.from_pylist(batch, schema))  # an empty table still writes the schema
            written.append(path)
    return written


# plover ------------------------------------------------------------------------------------------

def _plover_actors(actor_ids: Iterable[str], g: Gathered) -> list[dict[str, Any]]:
    found = []
    for actor_id in actor_ids:
        a = g.actors.get(actor_id)
        found.append({"id": actor_id, "name": a.name if a else actor_id, "country": a.country if a else None,
                      "kind": a.kind if a else None, "kb_id": a.kb_id if a else None})
    return found


def _plover_sources(mentions: Iterable[EventMention], g: Gathered) -> list[dict[str, Any]]:
    by_article: dict[str, list[EventMention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    cited = sorted((g.sources.get(a) or Source(a, a, None, None, None, None) for a in by_article),
                   key=lambda s: (s.published or date.min, s.article_id))
    return [{"article_id": s.article_id, "title": s.title, "source": s.source,
             "published": s.published.isoformat() if s.published else None, "url": s.url,
             "evidence": [{"sentence": m.sentence, "trigger": m.text, "start": m.start, "end": m.end,
                           "status": m.status} for m in by_article[s.article_id]]}
            for s in cited]


def plover_record(r: Reported, g: Gathered, event_type: str, mode: str | None, status: str,
                  mentions: Iterable[EventMention], record_id: str) -> dict[str, Any]:
    e, place = r.event, r.event.location
    return {
        "event_id": record_id, "tidings_event_id": e.event_id, "event_type": event_type, "event_mode": mode,
        "contexts": [], "status": status,
        "event_date": e.date.start.isoformat() if e.date else None,
        "event_date_end": e.date.end.isoformat() if e.date else None,
        "date_precision": e.date.precision if e.date else None,
        "actors": _plover_actors(e.source_actors, g), "recipients": _plover_actors(e.target_actors, g),
        "location": {"name": place.name, "country": place.country, "admin1": place.region, "lat": place.lat,
                     "lon": place.lon, "feature_type": place.kind} if place else None,
        "sources": _plover_sources(mentions, g),
    }


def plover_records(r: Reported, g: Gathered) -> list[dict[str, Any]]:
    """The PLOVER record(s) of one event: none for OTHER; an AGREE for the announcements of a
    meeting (a planned CONSULT); the event itself for everything else."""
    e = r.event
    if e.type == "OTHER":
        return []
    if e.type != "CONSULT":
        return [plover_record(r, g, e.type, e.mode, e.status, r.mentions, e.event_id)]
    if e.status == "planned":
        return [plover_record(r, g, "AGREE", None, "planned", r.mentions, e.event_id)]
    announced = [m for m in r.mentions if m.status == "planned"]
    reported = [m for m in r.mentions if m.status != "planned"]
    records = [plover_record(r, g, "AGREE", None, "planned", announced, f"{e.event_id}-intent")] if announced else []
    return records + [plover_record(r, g, "CONSULT", e.mode, e.status, reported, e.event_id)]


def export_plover(source: Readable, out: Path) -> list[Path]:
    with _snapshot(source) as snapshot:
        g = Gathered(snapshot)
        records = (record for r in g.events() for record in plover_records(r, g))
        return [_write_json_stream(out / "events.plover.json", "[", records, "]")]


# gdelt -------------------------------------------------------------------------------------------

GDELT_EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "EventEndDate", "DatePrecision",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "EventCode", "EventMode", "EventSubtype", "EventStatus", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL",
)
GDELT_MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionSourceName", "MentionIdentifier", "MentionID",
    "ActionCharOffset", "ActionCharEnd", "MentionTrigger", "MentionStatus", "MentionSentence",
)


def _gdelt_day(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def _gdelt_geo_type(kind: str, country: str | None) -> str:
    """GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    us = country == "USA"
    return {"country": "1", "region": "2" if us else "5", "city": "3" if us else "4"}.get(kind, "")


def gdelt_event_row(r: Reported, g: Gathered) -> list[Any]:
    e, place, start = r.event, r.event.location, r.event.date.start if r.event.date else None
    cited = g.cited(r)
    fraction = f"{start.year + (start.timetuple().tm_yday - 1) / 365:.4f}" if start else ""
    return [
        e.event_id, _gdelt_day(start), start.strftime("%Y%m") if start else "", start.year if start else "",
        fraction, _gdelt_day(e.date.end if e.date else None), e.date.precision if e.date else "",
        ";".join(e.source_actors), ";".join(g.names(e.source_actors)), ";".join(g.countries(e.source_actors)),
        ";".join(e.target_actors), ";".join(g.names(e.target_actors)), ";".join(g.countries(e.target_actors)),
        e.type, e.mode, e.subtype, e.status, len(r.mentions),
        len({s.source or s.identifier for s in cited}), len(r.article_ids),
        _gdelt_geo_type(place.kind, place.country) if place else "", place.name if place else "",
        place.country if place else "", place.lat if place else "", place.lon if place else "",
        cited[0].identifier if cited else "",
    ]


def gdelt_mention_row(r: Reported, m: EventMention, g: Gathered) -> list[Any]:
    s = g.sources.get(m.article_id)
    return [
        r.event.event_id, _gdelt_day(r.event.date.start if r.event.date else None),
        _gdelt_day(s.published if s else None), (s.source if s else None) or "", s.identifier if s else "",
        m.mention_id, m.start, m.end, m.text, m.status, m.sentence,
    ]


def _tsv_cell(value: Any) -> str:
    """GDELT-style cells: no tabs or line breaks inside, so rows split on tabs and lines; text
    that a spreadsheet would read as a formula is neutralised."""
    if value is None:
        return ""
    return neutralised(" ".join(value.split())) if isinstance(value, str) else str(value)


def export_gdelt(source: Readable, out: Path) -> list[Path]:
    paths = [out / "events.tsv", out / "mentions.tsv"]
    with _snapshot(source) as snapshot, _atomic_text(paths[0]) as ef, _atomic_text(paths[1]) as mf:
        g = Gathered(snapshot)
        writers = [csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
                   for f in (ef, mf)]
        writers[0].writerow(GDELT_EVENT_COLUMNS)
        writers[1].writerow(GDELT_MENTION_COLUMNS)
        for r in g.events():
            writers[0].writerow(map(_tsv_cell, gdelt_event_row(r, g)))
            writers[1].writerows(map(_tsv_cell, gdelt_mention_row(r, m, g)) for m in r.mentions)
    return paths


# timelinejs --------------------------------------------------------------------------------------

def _timeline_date(day: date, precision: str) -> dict[str, int]:
    if precision == "year":
        return {"year": day.year}
    if precision == "month":
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _paragraphs(*parts: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts if p)


def timeline_slide(r: Reported, g: Gathered) -> dict[str, Any] | None:
    """One TimelineJS slide; None for an undated event, which a timeline cannot place."""
    e = r.event
    if e.date is None:
        return None
    who = " and ".join(g.names(e.source_actors))
    whom = " and ".join(g.names(e.target_actors))
    headline = " ".join(p for p in (e.type.title(), f"({e.mode})" if e.mode else "",
                                    f"— {who}" if who else "", f"with {whom}" if whom else "") if p)
    place = f"{e.location.name} ({e.location.country})" if e.location and e.location.country else \
        (e.location.name if e.location else "")
    slide: dict[str, Any] = {
        "start_date": _timeline_date(e.date.start, e.date.precision),
        "text": {"headline": html.escape(headline),
                 "text": _paragraphs(f"Status: {e.status}", place,
                                     *(f"“{m.sentence}”" for m in r.mentions[:3]),
                                     _count(len(r.mentions), "report") + " in "
                                     + _count(len(r.article_ids), "article"))},
        "group": e.type, "unique_id": e.event_id,
    }
    if e.date.end != e.date.start and e.date.precision in ("day", "week"):
        slide["end_date"] = _timeline_date(e.date.end, e.date.precision)
    return slide


def export_timelinejs(source: Readable, out: Path) -> list[Path]:
    title = {"text": {"headline": "Tidings events", "text": _paragraphs("Events linked across the stored articles.")}}
    head = '{"title": ' + json.dumps(title, ensure_ascii=False) + ', "events": ['
    with _snapshot(source) as snapshot:
        g = Gathered(snapshot)
        slides = (s for r in g.events() if (s := timeline_slide(r, g)) is not None)
        return [_write_json_stream(out / "timeline.json", head, slides, "]}")]


# geojson -----------------------------------------------------------------------------------------

def geojson_feature(r: Reported) -> dict[str, Any] | None:
    """A Point for an event with coordinates (regions have none); None otherwise."""
    e, place = r.event, r.event.location
    if place is None or place.lat is None or place.lon is None:
        return None
    return {
        "type": "Feature", "id": e.event_id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "event_id": e.event_id, "type": e.type, "mode": e.mode, "status": e.status,
            "date_start": e.date.start.isoformat() if e.date else None,
            "date_end": e.date.end.isoformat() if e.date else None,
            "date_precision": e.date.precision if e.date else None,
            "place": place.name, "country": place.country, "precision": place.kind,
        },
    }


def export_geojson(source: Readable, out: Path) -> list[Path]:
    with _snapshot(source) as snapshot:
        features = (f for r in Gathered(snapshot).events() if (f := geojson_feature(r)) is not None)
        return [_write_json_stream(out / "events.geojson", '{"type": "FeatureCollection", "features": [',
                                   features, "]}")]


# Downloads of a filtered list (the API's /api/events.csv, .jsonl, .geojson) --------------------------

def _item_csv_row(item: Mapping[str, Any]) -> dict[str, Any]:
    """An events-list item (`tidings.query`'s dict, the API's JSON) in the columns of events.csv."""
    when, place = item.get("date") or {}, item.get("location") or {}
    return {
        "event_id": item["event_id"], "type": item["type"], "mode": item["mode"], "subtype": item["subtype"],
        "status": item["status"], "confidence": item["confidence"], "date_start": when.get("start"),
        "date_end": when.get("end"), "date_precision": when.get("precision"), "date_basis": when.get("basis"),
        "location_name": place.get("name"), "location_country": place.get("country"),
        "location_region": place.get("region"), "location_kind": place.get("kind"),
        "location_precision": place.get("precision"),
        "location_basis": place.get("basis"), "location_lat": place.get("lat"), "location_lon": place.get("lon"),
        "source_actor_ids": [a["actor_id"] for a in item["source_actors"]],
        "source_actor_names": [a["name"] or a["actor_id"] for a in item["source_actors"]],
        "target_actor_ids": [a["actor_id"] for a in item["target_actors"]],
        "target_actor_names": [a["name"] or a["actor_id"] for a in item["target_actors"]],
        "num_mentions": item.get("mention_count"), "num_articles": item["num_articles"],
        "num_sources": item["num_sources"], "merged_ids": item["merged_ids"],
    }


def _csv_lines(items: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c for c, _ in EVENT_COLUMNS])
    for item in items:
        row = _item_csv_row(item)
        writer.writerow([_csv_cell(row[c]) for c, _ in EVENT_COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_lines(items: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, ensure_ascii=False) + "\n"


def _geojson_lines(items: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """A FeatureCollection of the items with coordinates, each item whole as its properties."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for item in items:
        place = item.get("location") or {}
        if place.get("lat") is None or place.get("lon") is None:
            continue
        feature = {"type": "Feature", "id": item["event_id"],
                   "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]}, "properties": item}
        yield ("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "\n]}\n"


#: Formats of a filtered download: name -> (media type, writer of the items as text pieces).
DOWNLOADS: dict[str, tuple[str, Callable[[Iterable[Mapping[str, Any]]], Iterator[str]]]] = {
    "csv": ("text/csv; charset=utf-8", _csv_lines),
    "jsonl": ("application/x-ndjson", _jsonl_lines),
    "geojson": ("application/geo+json", _geojson_lines),
}


def download(items: Iterable[Mapping[str, Any]], fmt: str) -> Iterator[str]:
    """Events-list items (as `tidings.query.iter_events` gives them) in a download format, piece by
    piece, never the whole file in memory: CSV in the columns of events.csv (cells neutralised as
    in every CSV export), JSONL one item a line, GeoJSON the items with coordinates."""
    if fmt not in DOWNLOADS:
        raise UnknownFormat(f"unknown download format {fmt!r}; choose one of: {', '.join(DOWNLOADS)}")
    return DOWNLOADS[fmt][1](items)


EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl, "csv": export_csv, "parquet": export_parquet, "plover": export_plover,
    "gdelt": export_gdelt, "timelinejs": export_timelinejs, "geojson": export_geojson,
}


class TargetNotEmpty(TidingsError):
    """The export's folder already holds files, and replacing them was not asked for."""


STAGING = ".tidings-export-"


def export(store: Store, fmt: str, out: str | Path, force: bool = False) -> list[Path]:
    """Write the database in format `fmt` under folder `out`, from one snapshot, through a staging
    folder renamed into place; returns the files written. A folder that already holds files is
    refused unless `force` (then the format's files are replaced one by one, each atomically)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise TidingsError(f"{out} is a file; --out names the folder the export goes into")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise TargetNotEmpty(f"{out} is not empty: give an empty or new folder, or --force to replace "
                             f"the {fmt} files in it")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out.parent)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=out.parent))
    try:
        written = exporter(store, staging)
        return _into_place(staging, out, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _into_place(staging: Path, out: Path, written: list[Path]) -> list[Path]:
    """Put the staging folder's files in `out` in one atomic step: a rename onto a new or empty
    folder; for a folder that holds files (--force), the files it keeps are linked into the staging
    folder and the two folders swapped (Linux `renameat2`), else each file is replaced on its own."""
    relative = [p.relative_to(staging) for p in written]
    try:
        os.replace(staging, out)  # POSIX renames onto an empty folder, not onto a full one
        return [out / rel for rel in relative]
    except OSError:
        pass
    ours = set(relative)
    for kept in (f for f in out.rglob("*") if f.is_file() and f.relative_to(out) not in ours):
        target = staging / kept.relative_to(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(kept, target)
        except OSError:
            shutil.copy2(kept, target)
    if not _exchange(staging, out):
        for rel in relative:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, out / rel)
    return [out / rel for rel in relative]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where it cannot."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        return libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    except (OSError, AttributeError):
        return False


def _remove_abandoned_staging(folder: Path) -> None:
    """Staging folders left by an export that was killed: their process is gone."""
    for leftover in folder.glob(f"{STAGING}*-*"):
        pid = leftover.name[len(STAGING):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def export_archive(store: Store, fmt: str, target: Path) -> str:
    """The export as one file at `target`: the format's file itself, or a zip of its files.
    Returns the name to download it as. The API serves exports so."""
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=target.parent))
    try:
        files = export(store, fmt, staging / "out")
        if len(files) == 1:
            os.replace(files[0], target)
            return files[0].name
        import zipfile

        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f.relative_to(staging / "out").as_posix())
        return f"tidings-{fmt}.zip"
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m tidings.export FORMAT TARGET`: the database named by $TIDINGS_DB exported to one
    file, in a process of its own at low priority and with a cap on the bytes it may write (the
    API's exports run so, away from the server's requests). Prints the download name."""
    import argparse
    import resource

    from tidings.store import READ

    parser = argparse.ArgumentParser(prog="python -m tidings.export")
    parser.add_argument("format", choices=sorted(EXPORTERS))
    parser.add_argument("target", type=Path)
    parser.add_argument("--max-bytes", type=int, default=0, help="largest file the export may write (0: no cap)")
    parser.add_argument("--nice", type=int, default=10, help="how much lower than normal to run")
    args = parser.parse_args(argv)
    os.nice(args.nice)
    if args.max_bytes:  # a bigger file ends the process with SIGXFSZ
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.max_bytes, args.max_bytes))
    store = Store.open(os.environ.get("TIDINGS_DB", "tidings.db"), READ)
    try:
        print(export_archive(store, args.format, args.target))
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
