"""Watch a folder and ingest files as they arrive (polling: it works on every file system, network
mounts included, and needs no extra dependency).

A file is ingested once it has stopped changing: its size and modification time are the same at
two polls `interval` seconds apart, so a crawler still writing a `.warc.gz` is left alone until it
is done. Files whose names start with a dot, or whose suffix no reader handles (`.part`, `.tmp`),
are never looked at, so writing to a temporary name and renaming is the safest way to deliver.

Each file is ingested once per process; a file that changes afterwards (a JSONL file appended to)
is ingested again, and only its new articles are stored, since the store skips articles it
already has (ids come from content). For the same reason a restarted watcher re-reads the folder
without storing anything twice. A bad file is reported like any bad input (stored in
`ingest_errors`) and the watch goes on; a file that makes the ingest itself fail is reported and
not retried until it changes.

    report = watch(Path("incoming"), Store.open("tidings.db"), interval=5)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import BadInput
from tidings.run import IngestReport, ingest
from tidings.sources import input_files, load_manifest
from tidings.store import Store

log = logging.getLogger(__name__)

#: (size, modification time in ns): a file with the same signature at two polls is complete.
Signature = tuple[int, int]


@dataclass
class WatchReport:
    """Totals over a watch; `files` lists every file ingested, in order."""

    files: list[Path] = field(default_factory=list)
    stored: int = 0
    already_stored: int = 0
    events: int = 0
    errors: list[BadInput] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)

    def add(self, paths: list[Path], report: IngestReport) -> None:
        self.files += paths
        self.stored += report.stored
        self.already_stored += report.already_stored
        self.events += report.events
        self.errors += report.errors


class Watcher:
    """The state of one watched folder between polls."""

    def __init__(self, folder: Path, manifest: Path | None = None):
        self.folder, self.manifest = folder, manifest
        self.last_seen: dict[Path, Signature] = {}
        self.ingested: dict[Path, Signature] = {}

    def poll(self) -> list[Path]:
        """Files that are new or changed since ingested and unchanged since the previous poll."""
        now = {path: sig for path in input_files([self.folder]) if (sig := signature(path)) is not None}
        if self.manifest is not None:  # read by every ingest, never ingested itself
            now = {path: sig for path, sig in now.items() if path.resolve() != self.manifest}
        ready = [path for path, sig in now.items()
                 if self.last_seen.get(path) == sig and self.ingested.get(path) != sig]
        self.last_seen = now
        return sorted(ready)

    def waiting(self) -> list[Path]:
        """Files seen but not (yet) ingested as they are now: still being written."""
        return sorted(p for p, sig in self.last_seen.items() if self.ingested.get(p) != sig)

    def ingest(self, paths: list[Path], store: Store, **options: Any) -> IngestReport:
        """Ingest `paths`; they count as done even if the ingest failed, until they change."""
        for path in paths:
            self.ingested[path] = self.last_seen[path]
        try:
            return ingest(paths, store, load_manifest(self.manifest), **options)
        except Exception as e:  # one poison file must not end the watch
            log.exception("ingest of %s failed", ", ".join(map(str, paths)))
            report = IngestReport()
            report.errors.append(BadInput(", ".join(map(str, paths)), f"ingest failed: {e.__class__.__name__}: {e}"))
            return report


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

    `once`: poll twice, `interval` apart, ingest what is complete, and return (files still being
    written are listed in `report.waiting`). Otherwise run until `should_stop()` is true.
    `options` go to `tidings.run.ingest` (batch_size, workers, ...).
    """
    watcher = Watcher(folder, manifest.resolve() if manifest else None)
    report = WatchReport()
    watcher.poll()
    while True:
        sleep(interval)
        ready = watcher.poll()
        if ready:
            result = watcher.ingest(ready, store, **options)
            report.add(ready, result)
            if on_ingest:
                on_ingest(ready, result)
        if once or should_stop():
            report.waiting = watcher.waiting()
            return report
