"""The process-pool executor (`tidings ingest --workers N`): parsing and the per-article stages
in N worker processes, everything else in the calling one.

The caller loads the language pipeline and the knowledge base once (`load_models`) and forked
workers share them; where workers are spawned, each loads them (the pool's initializer). A worker
analyses whole batches through one `nlp.pipe` stream. Articles go out and only their findings
(entity mentions, actors, event mentions: small picklable records, never spaCy Docs) come back.
A few batches are in flight at a time, so the workers parse while the caller stores and links the
batch before; results are taken in submission order, which keeps the database identical to
`--workers 1`.

Workers die with their parent: killed with SIGKILL, the parent cannot stop them itself, so each
worker asks the kernel to kill it when its parent goes (Linux `PR_SET_PDEATHSIG`) and, on any
system, watches its parent's pid from a thread and exits when it changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tidings.errors import TidingsError
from tidings.run import Analyser, Outcome, Prepared, analyse_articles, load_models

#: Batches queued per worker: enough that a worker never waits for the caller, few enough that
#: memory stays that of a handful of batches.
BATCHES_IN_FLIGHT_PER_WORKER = 2
#: How much less CPU a worker claims than the caller (`os.nice`) when they contend for it: storing
#: and linking run one batch at a time in the caller, so every second it waits for a core is a
#: second added to the whole ingest, while the workers' queue absorbs their waits.
WORKER_NICENESS = 10
#: Seconds between two looks at the parent's pid (the fallback where the kernel cannot be asked).
PARENT_CHECK_SECONDS = 0.5
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process end when `parent` does, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
    if os.getppid() != parent:  # it died before we asked
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="tidings-parent-watch", daemon=True).start()


def _start_worker(parent: int) -> None:
    """The pool's initializer: tied to the parent first, yielding to it (`WORKER_NICENESS`), then
    the models loaded once."""
    die_with_parent(parent)
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    load_models()


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start at once and share the caller's loaded tables
    until they write to them; spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def in_pool(batch_size: int, workers: int, typer: str) -> Analyser:
    """An executor that analyses batches in `workers` processes and returns them in input order."""
    def run(prepared: Iterator[Prepared]) -> Iterator[tuple[Prepared, list[Outcome]]]:
        pending: deque[tuple[Prepared, Future[list[Outcome]] | None]] = deque()
        context = _context()
        if context.get_start_method() == "fork":
            load_models()  # once, here: forked workers share it
        try:
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                     initargs=(os.getpid(),)) as pool:
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
