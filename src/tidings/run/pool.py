"""The process-pool executor (`tidings ingest --workers N`): parsing and the per-article stages
in N worker processes, everything else in the calling one.

Each worker loads the language pipeline and the knowledge base once (the pool's initializer) and
analyses whole batches through one `nlp.pipe` stream. Articles go out and only their findings
(entity mentions, actors, event mentions: small picklable records, never spaCy Docs) come back.
A few batches are in flight at a time, so the workers parse while the caller stores and links the
batch before; results are taken in submission order, which keeps the database identical to
`--workers 1`.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tidings.errors import TidingsError
from tidings.run import Analyser, Outcome, Prepared, analyse_articles, load_models

#: Batches queued per worker: enough that a worker never waits for the caller, few enough that
#: memory stays that of a handful of batches.
BATCHES_IN_FLIGHT_PER_WORKER = 2


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start at once and share the caller's loaded tables
    until they write to them; spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def in_pool(batch_size: int, workers: int, typer: str) -> Analyser:
    """An executor that analyses batches in `workers` processes and returns them in input order."""
    def run(prepared: Iterator[Prepared]) -> Iterator[tuple[Prepared, list[Outcome]]]:
        pending: deque[tuple[Prepared, Future[list[Outcome]] | None]] = deque()
        try:
            with ProcessPoolExecutor(workers, mp_context=_context(), initializer=load_models) as pool:
                for batch in prepared:
                    articles = [a for a, _ in batch.articles]
                    future = pool.submit(analyse_articles, articles, batch_size, typer) if articles else None
                    pending.append((batch, future))
                    while len(pending) > workers * BATCHES_IN_FLIGHT_PER_WORKER:
                        yield _finished(*pending.popleft())
                while pending:
                    yield _finished(*pending.popleft())
        except BrokenProcessPool:
            first = next((b.articles[0][0].source_path for b, f in pending if f is not None), "?")
            raise TidingsError(f"a worker process died while analysing the batches from {first} on "
                               "(out of memory?); what was stored before is kept: run the ingest again, "
                               "with fewer --workers or a smaller --batch-size, to complete it") from None
    return run


def _finished(batch: Prepared, future: Future[list[Outcome]] | None) -> tuple[Prepared, list[Outcome]]:
    return batch, future.result() if future is not None else []
