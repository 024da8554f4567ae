"""Executors: how articles travel through the stages, in batches, in this process.

`ingest` reads, cleans, de-duplicates, parses (batched `nlp.pipe`), analyses and stores each
article in its own transaction. One bad input or one failing article never stops the batch: its
reason is stored and counted in the returned report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from spacy.tokens import Doc

from tidings import actors, clean, events, link, nlp
from tidings.errors import BadInput
from tidings.model import Analysis, Article, RawArticle
from tidings.sources import Manifest, read_paths
from tidings.store import Store

log = logging.getLogger(__name__)

#: spaCy's own limit for one text; longer articles are refused with a clear error.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass
class IngestReport:
    """What one ingest run did; `errors` holds one line per bad input or failed article."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[BadInput] = field(default_factory=list)


def analyse(article: Article, doc: Doc) -> Analysis:
    """All per-article stages, as a pure function of the article and its parse."""
    entities, found_actors = actors.resolve_entities(article, doc)
    mentions = events.extract_events(article, doc, entities, found_actors)
    return Analysis(article, tuple(entities), tuple(found_actors), tuple(mentions))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _duplicate_index(store: Store) -> clean.DuplicateIndex:
    index = clean.DuplicateIndex()
    for s in store.original_signatures():
        if s.minhash:
            index.add(s.article_id, s.content_hash, clean.from_signature_bytes(s.minhash))
    return index


class _Ingest:
    def __init__(self, store: Store, report: IngestReport, on_article: Callable[[int], None] | None):
        self.store, self.report, self.on_article = store, report, on_article
        self.duplicates = _duplicate_index(store)

    def fail(self, error: BadInput, stage: str) -> None:
        log.warning("%s", error)
        self.report.errors.append(error)
        self.store.record_error(error, stage)

    def prepare(self, batch: list[RawArticle | BadInput]) -> list[tuple[Article, bytes]]:
        """Clean the batch's new articles and mark duplicates; errors are recorded on the way."""
        raws = [r for r in batch if isinstance(r, RawArticle)]
        for bad in (r for r in batch if isinstance(r, BadInput)):
            self.fail(bad, "read")
        known = self.store.known_article_ids(r.article_id for r in raws)
        ready: list[tuple[Article, bytes]] = []
        for raw in raws:
            self.report.read += 1
            if raw.article_id in known:  # stored before, or earlier in this batch
                self.report.already_stored += 1
                continue
            article = clean.clean(raw)
            if not article.text.strip():
                self.fail(BadInput(raw.source_path, "no article text left after cleaning"), "clean")
                continue
            if len(article.text) > MAX_ARTICLE_CHARS:
                self.fail(BadInput(raw.source_path, f"article too long ({len(article.text):,} characters; "
                                                    f"limit {MAX_ARTICLE_CHARS:,})"), "clean")
                continue
            signature = clean.minhash(article.text)
            duplicate_of = self.duplicates.check(article.content_hash, signature)
            if duplicate_of:
                article = article.replace(duplicate_of=duplicate_of)
                self.report.duplicates += 1
            else:
                self.duplicates.add(article.article_id, article.content_hash, signature)
            ready.append((article, clean.signature_bytes(signature)))
            known.add(article.article_id)
        return ready

    def store_batch(self, ready: list[tuple[Article, bytes]], batch_size: int) -> None:
        """Analyse the batch and store it in one transaction (articles, mentions, links)."""
        docs = nlp.parse((a.text for a, _ in ready), batch_size=batch_size)
        analysed: list[tuple[Analysis, bytes]] = []
        for (article, signature), doc in zip(ready, docs):
            try:
                analysed.append((analyse(article, doc), signature))
            except Exception as e:  # a bug in one stage must not lose the rest of the batch
                log.exception("analysis failed for %s", article.source_path)
                self.fail(BadInput(article.source_path, f"analysis failed: {e.__class__.__name__}: {e}"), "analyse")
        self.store.save_analyses(analysed, link.link_article)
        self.report.stored += len(analysed)
        self.report.events += sum(len(a.events) for a, _ in analysed)
        if self.on_article and analysed:
            self.on_article(len(analysed))


def ingest(paths: Iterable[str | Path], store: Store, manifest: Manifest | None = None, batch_size: int = 32,
           on_article: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest files and folders into `store`; already stored articles are skipped, so re-running
    an interrupted ingest completes it."""
    report = IngestReport()
    run = _Ingest(store, report, on_article)
    for error in (manifest.errors if manifest else []):
        run.fail(error, "manifest")
    for batch in _batches(read_paths(paths, manifest), batch_size):
        run.store_batch(run.prepare(batch), batch_size)
    return report
