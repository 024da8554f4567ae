"""Executors: how articles travel through the stages, in batches, in this process or in others.

`ingest` reads, cleans and de-duplicates the articles here, in input order; parsing and the
per-article stages (`analyse`: actors, then events) run in this process (`workers=1`), in a pool
of worker processes (`workers>1`, `tidings.run.pool`) or on a Ray cluster (`executor="ray"`,
`tidings.run.distributed`); storing and linking come back here, batch by batch in input order, so
every executor gives the same database. One bad input or one failing article never stops the run:
its reason is stored and counted in the returned report.

    report = ingest(["examples/seeds/articles"], Store.open("t.db"), workers=2)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from spacy.tokens import Doc

from tidings import actors, clean, events, link, nlp
from tidings.errors import BadInput, TidingsError
from tidings.model import Actor, Analysis, Article, EntityMention, EventMention, RawArticle
from tidings.sources import Manifest, read_paths
from tidings.store import Store

log = logging.getLogger(__name__)

#: spaCy's own limit for one text; longer articles are refused with a clear error.
MAX_ARTICLE_CHARS = 1_000_000

EXECUTORS = ("local", "ray")

#: What the per-article stages found in one article (its `Analysis` without the article, which the
#: caller already has: only this travels back from a worker), or why they failed.
Findings = tuple[tuple[EntityMention, ...], tuple[Actor, ...], tuple[EventMention, ...]]
Outcome = Findings | str


@dataclass
class IngestReport:
    """What one ingest run did; `errors` holds one line per bad input or failed article."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[BadInput] = field(default_factory=list)


@dataclass
class Prepared:
    """One input batch after cleaning and duplicate detection: the articles to analyse (with their
    MinHash signatures) and the inputs that failed on the way, recorded when the batch is stored so
    that every executor reports them in the same order."""

    articles: list[tuple[Article, bytes]]
    failures: list[tuple[BadInput, str]]


#: An executor: prepared batches in, each with its articles' outcomes out, in the same order.
Analyser = Callable[[Iterator[Prepared]], Iterator[tuple[Prepared, list[Outcome]]]]


def analyse(article: Article, doc: Doc) -> Analysis:
    """All per-article stages, as a pure function of the article and its parse."""
    entities, found_actors = actors.resolve_entities(article, doc)
    mentions = events.extract_events(article, doc, entities, found_actors)
    return Analysis(article, tuple(entities), tuple(found_actors), tuple(mentions))


def analyse_articles(articles: Sequence[Article], batch_size: int) -> list[Outcome]:
    """Parse the articles in one `nlp.pipe` stream and analyse each; an article whose analysis
    raises gets its reason instead, and the others go on. Every executor runs this."""
    outcomes: list[Outcome] = []
    for article, doc in zip(articles, nlp.parse((a.text for a in articles), batch_size=batch_size), strict=True):
        try:
            found = analyse(article, doc)
            outcomes.append((found.entities, found.actors, found.events))
        except Exception as e:  # a bug in one stage must not lose the rest of the batch
            log.exception("analysis failed for %s", article.source_path)
            outcomes.append(f"analysis failed: {e.__class__.__name__}: {e}")
    return outcomes


def load_models() -> None:
    """Load the language pipeline, the knowledge base and the gazetteer now (once per process), not
    in the first batch."""
    from tidings.kb import load_kb
    from tidings.places import gazetteer

    nlp.load()
    load_kb()
    gazetteer()


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
    """The parts of a run that stay in the calling process, in input order: preparing batches
    before analysis, storing and linking them after."""

    def __init__(self, store: Store, report: IngestReport, on_article: Callable[[int], None] | None):
        self.store, self.report, self.on_article = store, report, on_article
        self.duplicates = _duplicate_index(store)
        #: ids prepared by this run: a batch may be prepared before the previous one is stored
        self.scheduled: set[str] = set()

    def fail(self, error: BadInput, stage: str) -> None:
        log.warning("%s", error)
        self.report.errors.append(error)
        self.store.record_error(error, stage)

    def prepare(self, batch: list[RawArticle | BadInput]) -> Prepared:
        """Clean the batch's new articles and mark duplicates; failures are kept for `store`."""
        raws = [r for r in batch if isinstance(r, RawArticle)]
        failures = [(bad, "read") for bad in batch if isinstance(bad, BadInput)]
        known = self.store.known_article_ids(r.article_id for r in raws) | self.scheduled
        ready: list[tuple[Article, bytes]] = []
        for raw in raws:
            self.report.read += 1
            if raw.article_id in known:  # stored before, or earlier in this run
                self.report.already_stored += 1
                continue
            article = clean.clean(raw)
            if problem := _unusable(article):
                failures.append((BadInput(raw.source_path, problem), "clean"))
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
            self.scheduled.add(article.article_id)
        return Prepared(ready, failures)

    def store_batch(self, prepared: Prepared, outcomes: list[Outcome]) -> None:
        """Store the analysed batch and link it, in one transaction (articles, mentions, links)."""
        for error, stage in prepared.failures:
            self.fail(error, stage)
        analysed: list[tuple[Analysis, bytes]] = []
        for (article, signature), outcome in zip(prepared.articles, outcomes, strict=True):
            if isinstance(outcome, str):
                self.fail(BadInput(article.source_path, outcome), "analyse")
            else:
                analysed.append((Analysis(article, *outcome), signature))
        written = self.store.save_analyses(analysed, link.link_article)
        self.report.stored += len(written)
        self.report.already_stored += len(analysed) - len(written)  # by another process meanwhile
        self.report.events += sum(len(a.events) for a in written)
        if self.on_article and analysed:
            self.on_article(len(analysed))


def _unusable(article: Article) -> str | None:
    if not article.text.strip():
        return "no article text left after cleaning"
    if len(article.text) > MAX_ARTICLE_CHARS:
        return f"article too long ({len(article.text):,} characters; limit {MAX_ARTICLE_CHARS:,})"
    return None


def in_process(batch_size: int) -> Analyser:
    """The executor of `workers=1`: each batch parsed and analysed here, when its turn comes."""
    def run(prepared: Iterator[Prepared]) -> Iterator[tuple[Prepared, list[Outcome]]]:
        for batch in prepared:
            yield batch, analyse_articles([a for a, _ in batch.articles], batch_size)
    return run


def choose_analyser(executor: str, workers: int, batch_size: int, ray_address: str | None = None,
                    shards: str | Path | None = None) -> Analyser:
    """The executor for the settings: `local` with 1 worker runs here, with more a process pool;
    `ray` runs on a Ray cluster (`ray_address`: "auto" joins a running one, "local" or None starts one)."""
    if executor == "ray":
        from tidings.run.distributed import on_ray

        return on_ray(batch_size, workers, ray_address, shards)
    if executor != "local":
        raise TidingsError(f"unknown executor {executor!r}; choose one of: {', '.join(EXECUTORS)}")
    if workers > 1:
        from tidings.run.pool import in_pool

        return in_pool(batch_size, workers)
    return in_process(batch_size)


def ingest(paths: Iterable[str | Path], store: Store, manifest: Manifest | None = None, batch_size: int = 32,
           on_article: Callable[[int], None] | None = None, workers: int = 1, executor: str = "local",
           ray_address: str | None = None, shards: str | Path | None = None) -> IngestReport:
    """Ingest files and folders into `store`; already stored articles are skipped, so re-running
    an interrupted ingest completes it. `workers`, `executor`, `ray_address` and `shards` choose
    where the analysis runs (see `choose_analyser`); the database comes out the same."""
    return ingest_items(read_paths(paths, manifest), store, batch_size, on_article, workers, executor, ray_address,
                        shards, manifest_errors=manifest.errors if manifest else ())


def ingest_items(items: Iterable[RawArticle | BadInput], store: Store, batch_size: int = 32,
                 on_article: Callable[[int], None] | None = None, workers: int = 1, executor: str = "local",
                 ray_address: str | None = None, shards: str | Path | None = None,
                 manifest_errors: Iterable[BadInput] = ()) -> IngestReport:
    """`ingest` for articles already read (by a reader, or from the API)."""
    analyser = choose_analyser(executor, workers, batch_size, ray_address, shards)
    report = IngestReport()
    run = _Ingest(store, report, on_article)
    for error in manifest_errors:
        run.fail(error, "manifest")
    prepared = (run.prepare(batch) for batch in _batches(items, batch_size))
    for batch, outcomes in analyser(prepared):
        run.store_batch(batch, outcomes)
    return report


__all__ = ["EXECUTORS", "IngestReport", "Prepared", "analyse", "analyse_articles", "ingest", "ingest_items",
           "load_models"]
