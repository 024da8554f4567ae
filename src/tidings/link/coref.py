"""`tidings corefer`: cluster given event mentions (the gold-mention task of ECB+ and GVC) with the
very linker that ingest uses.

Each document is read and put through the per-article stage as ingest would (actors, events,
dates, places), so a given mention knows what the pipeline knows of the word it sits on: its
type, date, place, actors and confidence when the pipeline found an event there, else it is an
OTHER event named by its lemma with full confidence (it is given as an event). Its signature is
taken on its own span and sentence. Then the documents, in file-name order, go through
`link.within_article`'s clustering and `link.link_article` with an in-memory index; a mention's
cluster is its event.

    corefer(Path("prepared/mentions.jsonl"), Path("clusters.jsonl"))
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tidings.link import MemoryEventIndex, local_events
from tidings.link.pairs import PairModel, profile_of, signatures_of
from tidings.model import Analysis, Article, EventMention


def sentence_bounds(text: str, sentence: str, start: int) -> tuple[int, int] | None:
    """The occurrence of `sentence` in `text` that holds offset `start`."""
    if not sentence:
        return None
    at = text.find(sentence)
    while at >= 0:
        if at <= start < at + len(sentence):
            return at, at + len(sentence)
        at = text.find(sentence, at + 1)
    return None


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True, slots=True)
class Given:
    """One document's given mentions as the linker sees them, and the ids they were given under."""

    analysis: Analysis
    given: dict[str, list[str]]  # our mention id -> the given ids on that span


def given_mentions(mentions_path: Path, docs_dir: Path | None = None) -> list[Given]:
    """The documents of an ECB+-style mentions.jsonl (mention_id, file, start, end, text, sentence;
    documents in docs/ beside it, a manifest.jsonl beside it giving publication days) through the
    per-article stage, each given mention with what the pipeline knows of its word."""
    from tidings import nlp
    from tidings.run import analyse

    mentions_path = Path(mentions_path)
    docs_dir = Path(docs_dir) if docs_dir else mentions_path.parent / "docs"
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _read_jsonl(mentions_path):
        by_file[r["file"]].append(r)
    manifest = mentions_path.parent / "manifest.jsonl"
    published = {r["file"]: r.get("published") for r in _read_jsonl(manifest)} if manifest.is_file() else {}
    files = sorted(by_file)
    texts = [_document_text(docs_dir / f, by_file[f]) for f in files]
    found: list[Given] = []
    for f, text, doc in zip(files, texts, nlp.parse(texts), strict=True):
        when = published.get(f)
        day = date.fromisoformat(when) if when else None
        article = Article(f, f, text, published=day, content_hash=f)
        pipeline = analyse(article, doc).events
        rows = sorted(by_file[f], key=lambda r: (r["start"], r["mention_id"]))
        spans = [(r["start"], r["end"]) for r in rows]
        sentences = [sentence_bounds(text, r.get("sentence") or "", r["start"]) for r in rows]
        given: dict[str, list[str]] = defaultdict(list)
        mentions = []
        for r, signature in zip(rows, signatures_of(doc, spans, sentences), strict=True):
            m = dataclasses.replace(_given_mention(article, r, pipeline, signature.lemma), signature=signature)
            if m.mention_id not in given:
                mentions.append(m)
            given[m.mention_id].append(r["mention_id"])
        found.append(Given(Analysis(article, events=tuple(mentions), profile=profile_of(doc)), dict(given)))
    return found


def cluster_given(documents: list[Given], model: PairModel | None = None) -> dict[str, str]:
    """Given mention id -> cluster (its event), the documents linked in order as one ingest would."""
    index = MemoryEventIndex()
    for d in documents:
        a = d.analysis
        index.link(Analysis(a.article, events=tuple(local_events(a.events, a.article.published, model, a.profile)),
                            profile=a.profile), model)
    return {g: index.event_of.get(m, m) for d in documents for m, ids in d.given.items() for g in ids}


def corefer(mentions_path: Path, out_path: Path, docs_dir: Path | None = None) -> int:
    """Cluster the mentions of an ECB+-style mentions.jsonl with the shipped linker; write
    {"mention_id", "cluster"} lines. Returns the number of mentions written."""
    clusters = cluster_given(given_mentions(mentions_path, docs_dir))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as out:
        for mention_id in sorted(clusters):
            out.write(json.dumps({"mention_id": mention_id, "cluster": clusters[mention_id]}) + "\n")
    return len(clusters)


def _document_text(path: Path, rows: list[dict[str, Any]]) -> str:
    """The document, or when it is not there, a text rebuilt from its mentions' sentences."""
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return "\n".join(dict.fromkeys(r["sentence"] for r in rows)) + "\n"


def _given_mention(article: Article, row: dict[str, Any], found: tuple[EventMention, ...], lemma: str) -> EventMention:
    """A given mention with what the pipeline found on its word, or an OTHER event named by its lemma."""
    start, end = row["start"], row["end"]
    hit = next((m for m in found if m.start < end and start < m.end), None)
    base = EventMention(article.article_id, start, end, row["text"], row.get("sentence") or "", "OTHER",
                        "unknown", subtype=lemma, confidence=1.0)
    if hit is None:
        return base
    return dataclasses.replace(hit, start=start, end=end, text=row["text"], sentence=base.sentence, confidence=1.0,
                               local_event=None)
