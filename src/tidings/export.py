"""Exports: the stored database written in the formats analysts load.

`jsonl` is the contract of DESIGN.md that the benchmarks read: articles.jsonl, actors.jsonl and
events.jsonl, one record a line, every offset into the article's clean `text`. Exporters live in
`EXPORTERS`, a plain name -> function registry, so `--format` is a lookup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tidings.errors import UnknownFormat
from tidings.model import Article, EntityMention, Event, EventMention
from tidings.store import Store

Exporter = Callable[[Store, Path], list[Path]]


def article_record(article: Article, mentions: list[EntityMention]) -> dict[str, Any]:
    return {
        "article_id": article.article_id, "source_path": article.source_path, "title": article.title,
        "source": article.source, "published": article.published.isoformat() if article.published else None,
        "dateline": article.dateline, "agency": article.agency, "url": article.url, "language": article.language,
        "text": article.text, "duplicate_of": article.duplicate_of,
        "actors": sorted({m.actor_id for m in mentions if m.actor_id}),
        "entity_mentions": [m.to_dict() for m in mentions], "story_id": article.story_id,
    }


def mention_record(m: EventMention) -> dict[str, Any]:
    d = m.to_dict()
    return {k: d[k] for k in ("mention_id", "article_id", "start", "end", "text", "sentence", "status", "date",
                              "speaker", "type", "mode", "location", "source_actors", "target_actors")}


def event_record(e: Event, mentions: list[EventMention]) -> dict[str, Any]:
    return {
        "event_id": e.event_id, "type": e.type, "mode": e.mode, "subtype": e.subtype, "status": e.status,
        "date": e.date.to_dict() if e.date else None, "location": e.location.to_dict() if e.location else None,
        "source_actors": list(e.source_actors), "target_actors": list(e.target_actors),
        "merged_ids": list(e.merged_ids), "mentions": [mention_record(m) for m in mentions],
    }


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(path)  # a reader never sees half a file
    return path


def export_jsonl(store: Store, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    entities = store.entity_mentions()
    mentions_of: dict[str | None, list[EventMention]] = {}
    for event_id, m in store.event_mentions():
        mentions_of.setdefault(event_id, []).append(m)
    return [
        _write_jsonl(out / "articles.jsonl", (article_record(a, entities.get(a.article_id, [])) for a in store.articles())),
        _write_jsonl(out / "actors.jsonl", (a.to_dict() for a in store.actors())),
        _write_jsonl(out / "events.jsonl", (event_record(e, mentions_of.get(e.event_id, [])) for e in store.events())),
    ]


EXPORTERS: dict[str, Exporter] = {"jsonl": export_jsonl}


def export(store: Store, fmt: str, out: str | Path) -> list[Path]:
    """Write the database in format `fmt` under folder `out`; returns the files written."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    return exporter(store, Path(out))
