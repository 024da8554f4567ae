"""Watch a folder and ingest files as they arrive (polling: it works on every file system, network
mounts included, and needs no extra dependency).

A file is ingested once it has stopped changing: its size and modification time are the same at
two polls `interval` seconds apart, so a crawler still writing a `.warc.gz` is left alone until it
is done. Files whose names start with a dot, or whose suffix no reader handles (`.part`, `.tmp`),
are never looked at, so writing to a temporary name and renaming is the safest way to deliver.

Each file is ingested once per process; a file that changes afterwards (a JSONL file appended to)
is ingested again, and only its new articles are stored, since the store skips articles it
already has (ids come from content). For the same reason a restarted watcher re-reads the folder
without storing anything twice. A bad file or article is reported like any bad input (stored in
`ingest_errors`) and the watch goes on. An ingest that fails as a whole (the database locked by
another writer for longer than the lock timeout, a full disk) loses nothing: each failure is
recorded (stage "watch"), and the files are tried again after `interval`, then twice as long each
time, up to `MAX_RETRY_SECONDS`, until they are stored.

    report = watch(Path("incoming"), Store.open("tidings.db"), interval=5)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import BadInput, TidingsError
from tidings.run import IngestReport, ingest
from tidings.sources import input_files, load_manifest
from tidings.store import Store, one_line

log = logging.getLogger(__name__)

#: (size, modification time in ns): a file with the same signature at two polls is complete.
Signature = tuple[int, int]
#: The longest pause before a failed file is tried again.
MAX_RETRY_SECONDS = 300.0
#: `--once` tries a failed file this many times (with the same growing pauses) before it gives up.
ONCE_ATTEMPTS = 3
#: Seconds spent waiting for the lock to record a failure: the database may be what failed.
RECORD_LOCK_SECONDS = 1.0


@dataclass
class WatchReport:
    """Totals over a watch; `files` lists every file ingested, in order; `failed` the files whose
    ingest failed and that are still to be tried again."""

    files: list[Path] = field(default_factory=list)
    stored: int = 0
    already_stored: int = 0
    events: int = 0
    errors: list[BadInput] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)

    def add(self, paths: list[Path], report: IngestReport) -> None:
        self.files += paths
        self.stored += report.stored
        self.already_stored += report.already_stored
        self.events += report.events
        self.errors += report.errors


@dataclass
class Failure:
    """A file whose ingest failed: as it was then, how often, and when to try again."""

    signature: Signature
    attempts: int
    retry_at: float


class Watcher:
    """The state of one watched folder between polls."""

    def __init__(self, folder: Path, manifest: Path | None = None, interval: float = 2.0,
                 clock: Callable[[], float] = time.monotonic):
        self.folder, self.manifest, self.interval, self.clock = folder, manifest, interval, clock
        self.last_seen: dict[Path, Signature] = {}
        self.ingested: dict[Path, Signature] = {}
        self.failures: dict[Path, Failure] = {}
        self.unrecorded: list[BadInput] = []

    def poll(self) -> list[Path]:
        """Files that are new or changed since ingested and unchanged since the previous poll, and
        failed files whose pause is over (a failed file that changed counts as new)."""
        now = {path: sig for path in input_files([self.folder]) if (sig := signature(path)) is not None}
        if self.manifest is not None:  # read by every ingest, never ingested itself
            now = {path: sig for path, sig in now.items() if path.resolve() != self.manifest}
        for path in [p for p, f in self.failures.items() if now.get(p) != f.signature]:
            del self.failures[path]
        ready = [path for path, sig in now.items() if self.last_seen.get(path) == sig
                 and self.ingested.get(path) != sig and (path not in self.failures
                                                         or self.failures[path].retry_at <= self.clock())]
        self.last_seen = now
        return sorted(ready)

    def waiting(self) -> list[Path]:
        """Files seen but not (yet) ingested as they are now: still being written, or failed."""
        return sorted(p for p, sig in self.last_seen.items() if self.ingested.get(p) != sig)

    def ingest(self, paths: list[Path], store: Store, **options: Any) -> IngestReport:
        """Ingest `paths`. If the ingest fails as a whole, nothing is marked done: the failure is
        recorded and the files wait for their next try."""
        try:
            report = ingest(paths, store, load_manifest(self.manifest), **options)
        except Exception as e:  # the watch goes on; the files are tried again later
            if not isinstance(e, TidingsError):
                log.exception("ingest of %s failed", ", ".join(map(str, paths)))
            return self._failed(paths, store, e)
        for path in paths:
            self.ingested[path] = self.last_seen[path]
            self.failures.pop(path, None)
        self._record_pending(store)
        return report

    def _failed(self, paths: list[Path], store: Store, error: Exception) -> IngestReport:
        report = IngestReport()
        for path in paths:
            before = self.failures.get(path)
            attempts = before.attempts + 1 if before else 1
            pause = min(MAX_RETRY_SECONDS, self.interval * 2 ** (attempts - 1))
            self.failures[path] = Failure(self.last_seen[path], attempts, self.clock() + pause)
            reason = (f"ingest failed (attempt {attempts}; tried again in {pause:g} s): "
                      f"{error if isinstance(error, TidingsError) else one_line(error)}")
            report.errors.append(BadInput(str(path), reason))
        self.unrecorded += report.errors
        self._record_pending(store)
        return report

    def _record_pending(self, store: Store) -> None:
        """Record the failures not yet in the database; if it is still locked, keep them for later."""
        while self.unrecorded:
            try:
                store.record_error(self.unrecorded[0], "watch", lock_timeout=RECORD_LOCK_SECONDS)
            except Exception as e:
                log.warning("cannot record the failure yet (%s); kept for the next try", one_line(e))
                return
            self.unrecorded.pop(0)

    def next_retry(self) -> float | None:
        """Seconds until the earliest failed file may be tried again, or None."""
        if not self.failures:
            return None
        return max(0.0, min(f.retry_at for f in self.failures.values()) - self.clock())


def signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except OSError:  # gone between listing and looking
        return None
    return stat.st_size, stat.st_mtime_ns


def watch(folder: Path, store: Store, *, manifest: Path | None = None, interval: float = 2.0, once: bool = False,
          on_ingest: Callable[[list[Path], IngestReport], None] | None = None,
          should_stop: Callable[[], bool] = lambda: False, sleep: Callable[[float], None] = time.sleep,
          **options: Any) -> WatchReport:
    """Poll `folder` every `interval` seconds and ingest each file once it is complete.

    `once`: poll twice, `interval` apart, ingest what is complete, try a failed file up to
    `ONCE_ATTEMPTS` times, and return (files still being written are listed in `report.waiting`,
    files that kept failing in `report.failed`). Otherwise run until `should_stop()` is true.
    `options` go to `tidings.run.ingest` (batch_size, workers, ...).
    """
    watcher = Watcher(folder, manifest.resolve() if manifest else None, interval)
    report = WatchReport()
    watcher.poll()
    while True:
        sleep(interval)
        ready = watcher.poll()
        if ready:
            result = watcher.ingest(ready, store, **options)
            report.add([p for p in ready if p not in watcher.failures], result)
            if on_ingest:
                on_ingest(ready, result)
        retry = watcher.next_retry()
        if once and retry is not None and all(f.attempts < ONCE_ATTEMPTS for f in watcher.failures.values()):
            sleep(max(0.0, retry - interval))
            continue
        if once or should_stop():
            report.waiting = watcher.waiting()
            report.failed = sorted(watcher.failures)
            return report
