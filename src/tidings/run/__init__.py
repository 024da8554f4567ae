"""Executors: how articles travel through the stages, in batches, in this process or in others.

`ingest` reads, cleans and de-duplicates the articles here, in input order; parsing and the
per-article stages (`analyse`: actors, then events) run in this process (`workers=1`), in a pool
of worker processes (`workers>1`, `tidings.run.pool`) or on a Ray cluster (`executor="ray"`,
`tidings.run.distributed`); storing and linking come back here, batch by batch in input order, so
every executor gives the same database. One bad input or one failing article never stops the run,
whichever stage it fails in (reading, cleaning, parsing, analysis, storing, linking): its reason is
stored (`ingest_errors`) and counted in the returned report, and the rest of the batch is stored.

What the pipeline cannot read whole is still kept: an article over `MAX_ARTICLE_CHARS` is stored
and analysed up to the limit (cut at a paragraph, flagged with `truncated_from` in its
provenance), and an article in a language other than English is stored with its language
(`tidings.language`) and a warning, without analysis. An article stored before and read again with
corrected metadata (a manifest's date, source, url or language) is a correction: its metadata is
updated, the change recorded, and the article analysed and linked again.

    report = ingest(["examples/seeds/articles"], Store.open("t.db"), workers=2)
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from tidings import actors, clean, events, link, nlp
from tidings.errors import BadInput, TidingsError
from tidings.events.typer import typer_named
from tidings.language import ENGLISH, detect_language
from tidings.link.pairs import profile_of
from tidings.model import Actor, Analysis, Article, EntityMention, EventMention, Profile, RawArticle, text_order
from tidings.sources import Manifest, read_paths
from tidings.store import CORRECTABLE, Correction, Store, one_line

log = logging.getLogger(__name__)

#: spaCy's own limit for one text: longer articles are stored and analysed up to it.
MAX_ARTICLE_CHARS = 1_000_000
#: Event mentions kept of one article, the first in text order: a real report has tens; a list or
#: transcript with thousands would keep the linker busy for minutes (found by tests/test_fuzz.py).
MAX_EVENT_MENTIONS = 500

EXECUTORS = ("local", "ray")
DEFAULT_TYPER = "learned"

#: What the per-article stages found in one article (its `Analysis` without the article, which the
#: caller already has: only this travels back from a worker), or why they failed.
Findings = tuple[tuple[EntityMention, ...], tuple[Actor, ...], tuple[EventMention, ...], Profile | None]
Outcome = Findings | str


@dataclass
class IngestReport:
    """What one ingest run did; `errors` holds one line per bad input or failed article, and
    `warnings` one per article stored as it is but not analysed in full (another language, cut)."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    events: int = 0
    corrected: int = 0
    other_language: int = 0
    truncated: int = 0
    errors: list[BadInput] = field(default_factory=list)
    warnings: list[BadInput] = field(default_factory=list)

    def summary(self) -> str:
        """The one line `tidings ingest` ends with; the rarer counts only when there are any."""
        extra = [f"{n} {what}" for n, what in ((self.corrected, "corrected"),
                                               (self.other_language, "not in English (stored, not analysed)"),
                                               (self.truncated, "truncated")) if n]
        return ", ".join([f"{self.stored} articles stored", f"{self.already_stored} already stored",
                          f"{self.duplicates} duplicates", f"{self.events} event mentions", *extra,
                          f"{len(self.errors)} errors"])


@dataclass
class Prepared:
    """One input batch after cleaning and duplicate detection: the articles to analyse (with their
    MinHash signatures), those stored without analysis (another language), the corrections among
    them, and the inputs that failed on the way, recorded when the batch is stored so that every
    executor reports them in the same order."""

    articles: list[tuple[Article, bytes]]
    failures: list[tuple[BadInput, str]]
    unanalysed: list[tuple[Article, bytes]] = field(default_factory=list)
    corrections: dict[str, Correction] = field(default_factory=dict)
    inputs: int = 0
    """Input items in the batch (articles and bad inputs): what a progress bar counts."""


#: An executor: prepared batches in, each with its articles' outcomes out, in the same order.
Analyser = Callable[[Iterator[Prepared]], Iterator[tuple[Prepared, list[Outcome]]]]


def analyse(article: Article, doc: Doc, typer: str = DEFAULT_TYPER) -> Analysis:
    """All per-article stages, as a pure function of the article and its parse (and the typer,
    by name: `Settings.typer`)."""
    entities, found_actors = actors.resolve_entities(article, doc)
    extraction = events.extract(article, doc, entities, found_actors, typer_named(typer))
    mentions = sorted(extraction.events, key=text_order)[:MAX_EVENT_MENTIONS]
    profile = profile_of(doc)
    mentions = link.within_article(article, doc, mentions, profile)
    # the unnamed parties' mentions join the article's; one at the span of an unresolved mention resolves it
    at = {(m.start, m.end): m for m in entities}
    at.update({(m.start, m.end): dataclasses.replace(at.get((m.start, m.end), m), actor_id=m.actor_id)
               for m in extraction.entities})
    entities = sorted(at.values(), key=lambda m: (m.start, m.end))
    return Analysis(article, tuple(entities), (*found_actors, *extraction.actors), tuple(mentions), profile)


def analyse_articles(articles: Sequence[Article], batch_size: int, typer: str = DEFAULT_TYPER) -> list[Outcome]:
    """Parse the articles in one `nlp.pipe` stream and analyse each; an article whose parse or
    analysis raises gets its reason instead, and the others go on. Every executor runs this."""
    outcomes: list[Outcome] = []
    try:
        for article, doc in zip(articles, nlp.parse((a.text for a in articles), batch_size=batch_size),
                                strict=True):
            outcomes.append(_analysed(article, doc, typer))
    except Exception:  # the stream broke on one text: parse the rest one by one, to find which
        log.exception("parsing failed in the batch from %s on", articles[len(outcomes)].source_path)
        for article in articles[len(outcomes):]:
            try:
                doc = next(iter(nlp.parse([article.text])))
            except Exception as e:
                outcomes.append(f"parsing failed: {one_line(e)}")
                continue
            outcomes.append(_analysed(article, doc, typer))
    return outcomes


def _analysed(article: Article, doc: Doc, typer: str) -> Outcome:
    try:
        found = analyse(article, doc, typer)
        return found.entities, found.actors, found.events, found.profile
    except Exception as e:  # a bug in one stage must not lose the rest of the batch
        log.exception("analysis failed for %s", article.source_path)
        return f"analysis failed: {one_line(e)}"


#: What `load_models` analyses once, so that every table a stage builds on first use (the
#: knowledge base's phrase matcher, the lexicon, the typer and detector weights, the word vectors,
#: the pair model) is built before the first batch, and before workers are forked: they share it.
WARM_UP = ("Police in Flint, Michigan, said a gunman shot two men on Monday. Russian President Vladimir "
           "Putin met Iran's leader Ali Khamenei in Tehran, and the United Nations condemned the attack.")


@functools.cache
def load_models() -> None:
    """Load the language pipeline, the knowledge base and the gazetteer now (once per process, and
    inherited by forked workers), and build what the stages build on first use (`WARM_UP`), not in
    the first batch."""
    from tidings.kb import load_kb
    from tidings.places import gazetteer

    load_kb()
    gazetteer()
    analyse(Article("warm-up", "warm-up", WARM_UP, published=date(2015, 11, 23)), nlp.load()(WARM_UP))


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

    def warn(self, warning: BadInput) -> None:
        log.warning("%s", warning)
        self.report.warnings.append(warning)

    def prepare(self, batch: list[RawArticle | BadInput]) -> Prepared:
        """Clean the batch's new (and corrected) articles and mark duplicates; an article that
        fails here is kept in `failures`, for `store_batch` to record."""
        raws = [r for r in batch if isinstance(r, RawArticle)]
        prepared = Prepared([], [(bad, "read") for bad in batch if isinstance(bad, BadInput)], inputs=len(batch))
        stored = self.store.stored_metadata(r.article_id for r in raws)
        new: list[Article] = []
        for raw in raws:
            self.report.read += 1
            if raw.article_id in self.scheduled:  # earlier in this run
                self.report.already_stored += 1
                continue
            try:
                if raw.article_id in stored:
                    changes = corrected_metadata(stored[raw.article_id], raw)
                    if not changes:
                        self.report.already_stored += 1
                        continue
                    article = self._cleaned(raw).replace(duplicate_of=stored[raw.article_id]["duplicate_of"])
                    prepared.corrections[article.article_id] = Correction(article.article_id, changes)
                    self._ready(prepared, article, clean.minhash(article.text))
                else:
                    new.append(self._cleaned(raw))
            except Exception as e:  # a bug in cleaning loses this article only
                log.exception("cleaning failed for %s", raw.source_path)
                prepared.failures.append((BadInput(raw.source_path, f"cleaning failed: {one_line(e)}"), "clean"))
        self._prepare_new(prepared, new)
        return prepared

    def _cleaned(self, raw: RawArticle) -> Article:
        self.scheduled.add(raw.article_id)
        body, original = _truncated(raw.body)
        article = clean.clean(raw if original is None else dataclasses.replace(raw, body=body))
        article = article.replace(article_id=raw.article_id)  # the id of what was read, cut or not
        if original is None and len(article.text) > MAX_ARTICLE_CHARS:
            original = len(article.text)
        if original is not None:
            article = article.replace(text=_truncated(article.text)[0],
                                      provenance={**article.provenance, "truncated_from": original})
        return article

    def _prepare_new(self, prepared: Prepared, new: list[Article]) -> None:
        """New articles: the same text from the same place stored under another id (its url
        changed) is a correction of it; the rest are checked for duplicates."""
        same = self.store.same_content((a.content_hash, a.source_path) for a in new)
        for article in new:
            try:
                if problem := _unusable(article):
                    prepared.failures.append((BadInput(article.source_path, problem), "clean"))
                    continue
                signature = clean.minhash(article.text)
                earlier = same.get((article.content_hash, article.source_path))
                if earlier is not None:
                    stored_id, metadata = earlier
                    changes = corrected_metadata(metadata, article)
                    if not changes:
                        self.report.already_stored += 1
                        continue
                    article = article.replace(article_id=stored_id, duplicate_of=metadata["duplicate_of"])
                    prepared.corrections[stored_id] = Correction(stored_id, changes)
                else:
                    article = self._mark_duplicate(article, signature)
                self._ready(prepared, article, signature)
            except Exception as e:
                log.exception("duplicate detection failed for %s", article.source_path)
                prepared.failures.append((BadInput(article.source_path, f"cleaning failed: {one_line(e)}"),
                                          "clean"))

    def _mark_duplicate(self, article: Article, signature: Any) -> Article:
        duplicate_of = self.duplicates.check(article.content_hash, signature)
        if duplicate_of:
            self.report.duplicates += 1
            return article.replace(duplicate_of=duplicate_of)
        self.duplicates.add(article.article_id, article.content_hash, signature)
        return article

    def _ready(self, prepared: Prepared, article: Article, signature: Any) -> None:
        """To be analysed, or, in a language the pipeline does not read, stored as it is."""
        language = detect_language(article.text)
        if "truncated_from" in article.provenance:
            self.report.truncated += 1
            self.warn(BadInput(article.source_path, f"article of {article.provenance['truncated_from']:,} "
                                                    f"characters: stored and analysed up to {len(article.text):,}"))
        if language != ENGLISH:
            self.report.other_language += 1
            article = article.replace(language=article.language or language,
                                      provenance={**article.provenance, "detected_language": language})
            self.warn(BadInput(article.source_path, f"the text is in another language ({language}) and the "
                                                    "pipeline reads English only: stored without analysis"))
            prepared.unanalysed.append((article, clean.signature_bytes(signature)))
            return
        if article.language is None:
            article = article.replace(language=ENGLISH)
        prepared.articles.append((article, clean.signature_bytes(signature)))

    def store_batch(self, prepared: Prepared, outcomes: list[Outcome]) -> None:
        """Store the analysed batch and link it, in one transaction (articles, mentions, links);
        an article that fails to store or link is recorded and left out, the rest are kept."""
        for error, stage in prepared.failures:
            self.fail(error, stage)
        analysed: list[tuple[Analysis, bytes]] = []
        for (article, signature), outcome in zip(prepared.articles, outcomes, strict=True):
            if isinstance(outcome, str):
                self.fail(BadInput(article.source_path, outcome), "analyse")
                continue
            analysed.append((Analysis(article, *outcome), signature))
            if len(outcome[2]) >= MAX_EVENT_MENTIONS:
                self.warn(BadInput(article.source_path, f"{MAX_EVENT_MENTIONS} event mentions or more: the first "
                                                        f"{MAX_EVENT_MENTIONS} in text order are kept"))
        analysed += [(Analysis(article), signature) for article, signature in prepared.unanalysed]
        saved = self.store.save_analyses(analysed, link.link_article, prepared.corrections)
        for analysis, stage, reason in saved.failed:
            self.fail(BadInput(analysis.article.source_path, reason), stage)
        corrected = sum(a.article.article_id in prepared.corrections for a in saved.written)
        self.report.corrected += corrected
        self.report.stored += len(saved.written) - corrected
        self.report.already_stored += len(analysed) - len(saved.written) - len(saved.failed)  # another process
        self.report.events += sum(len(a.events) for a in saved.written)
        if self.on_article and prepared.inputs:  # every input counts, stored or skipped: the bar reaches its total
            self.on_article(prepared.inputs)


def corrected_metadata(stored: Mapping[str, Any], found: RawArticle | Article) -> dict[str, tuple[Any, Any]]:
    """The correctable fields (`store.CORRECTABLE`) that an input gives and that differ from what
    is stored: field -> (stored, given). A field the input leaves empty corrects nothing."""
    return {name: (stored.get(name), getattr(found, name)) for name in CORRECTABLE
            if getattr(found, name) is not None and getattr(found, name) != stored.get(name)}


def _truncated(text: str) -> tuple[str, int | None]:
    """The text cut to at most `MAX_ARTICLE_CHARS`, at the last paragraph break (or line, or
    sentence) in its last tenth, and the original length; (text, None) when it fits."""
    limit = MAX_ARTICLE_CHARS
    if len(text) <= limit:
        return text, None
    head = text[:limit]
    for mark in ("\n\n", "\n", ". "):
        cut = head.rfind(mark, int(limit * 0.9))
        if cut > 0:
            return head[:cut + (1 if mark == ". " else 0)], len(text)
    return head, len(text)


def _unusable(article: Article) -> str | None:
    if not article.text.strip():
        return "no article text left after cleaning"
    return None


def in_process(batch_size: int, typer: str = DEFAULT_TYPER) -> Analyser:
    """The executor of `workers=1`: each batch parsed and analysed here, when its turn comes."""
    def run(prepared: Iterator[Prepared]) -> Iterator[tuple[Prepared, list[Outcome]]]:
        for batch in prepared:
            yield batch, analyse_articles([a for a, _ in batch.articles], batch_size, typer)
    return run


def choose_analyser(executor: str, workers: int, batch_size: int, ray_address: str | None = None,
                    shards: str | Path | None = None, typer: str = DEFAULT_TYPER) -> Analyser:
    """The executor for the settings: `local` with 1 worker runs here, with more a process pool;
    `ray` runs on a Ray cluster (`ray_address`: "auto" joins a running one, "local" or None starts one)."""
    if executor == "ray":
        from tidings.run.distributed import on_ray

        return on_ray(batch_size, workers, ray_address, shards, typer)
    if executor != "local":
        raise TidingsError(f"unknown executor {executor!r}; choose one of: {', '.join(EXECUTORS)}")
    typer_named(typer)  # an unknown name is an error before anything runs
    if workers > 1:
        from tidings.run.pool import in_pool

        return in_pool(batch_size, workers, typer)
    return in_process(batch_size, typer)


def ingest(paths: Iterable[str | Path], store: Store, manifest: Manifest | None = None, batch_size: int = 32,
           on_article: Callable[[int], None] | None = None, workers: int = 1, executor: str = "local",
           ray_address: str | None = None, shards: str | Path | None = None,
           typer: str = DEFAULT_TYPER) -> IngestReport:
    """Ingest files and folders into `store`; already stored articles are skipped, so re-running
    an interrupted ingest completes it. `workers`, `executor`, `ray_address` and `shards` choose
    where the analysis runs (see `choose_analyser`); the database comes out the same."""
    return ingest_items(read_paths(paths, manifest), store, batch_size, on_article, workers, executor, ray_address,
                        shards, manifest_errors=manifest.errors if manifest else (), typer=typer)


def ingest_items(items: Iterable[RawArticle | BadInput], store: Store, batch_size: int = 32,
                 on_article: Callable[[int], None] | None = None, workers: int = 1, executor: str = "local",
                 ray_address: str | None = None, shards: str | Path | None = None,
                 manifest_errors: Iterable[BadInput] = (), typer: str = DEFAULT_TYPER) -> IngestReport:
    """`ingest` for articles already read (by a reader, or from the API)."""
    analyser = choose_analyser(executor, workers, batch_size, ray_address, shards, typer)
    report = IngestReport()
    run = _Ingest(store, report, on_article)
    for error in manifest_errors:
        run.fail(error, "manifest")
    prepared = (run.prepare(batch) for batch in _batches(items, batch_size))
    for batch, outcomes in analyser(prepared):
        run.store_batch(batch, outcomes)
    return report


__all__ = ["EXECUTORS", "MAX_ARTICLE_CHARS", "MAX_EVENT_MENTIONS", "IngestReport", "Prepared", "analyse",
           "analyse_articles", "corrected_metadata", "ingest", "ingest_items", "load_models"]
