"""Kill campaigns: `tidings ingest`, `relink` and `export` killed with SIGKILL at random points,
again and again, leave a database that passes SQLite's integrity check, and re-running completes
with exactly the result of an uninterrupted run: no article or event lost or doubled, exports
byte-identical.

A few kills run in `make test`; `make soak` (TIDINGS_SOAK=1) runs many, at random points drawn
from the uninterrupted run's own duration. TIDINGS_KILLS overrides the count per command.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from tidings.export import export
from tidings.store import Store

SOAK = os.environ.get("TIDINGS_SOAK") == "1"
KILLS = int(os.environ.get("TIDINGS_KILLS", 0)) or (12 if SOAK else 1)
ARTICLES = 30
TIMEOUT = 300


def make_corpus(folder: Path, count: int) -> None:
    """Distinct articles assembled from the seed paragraphs, deterministically."""
    paragraphs = [p for f in sorted((SEEDS / "articles").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 80]
    rng = random.Random(7)
    folder.mkdir()
    for i in range(count):
        body = "\n\n".join(rng.sample(paragraphs, 4))
        (folder / f"{i:03}.txt").write_text(f"Report number {i} on the talks\n\n{body}\n", encoding="utf-8")


def tidings(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tidings", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_ingest(corpus: Path, db: Path) -> subprocess.Popen:
    return tidings("ingest", corpus, "--db", db, "--batch-size", "2")


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def kill(proc: subprocess.Popen) -> bool:
    """SIGKILL `proc`; True if it was still running (so the kill interrupted something)."""
    running = proc.poll() is None
    if running:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return running


def kill_after(corpus: Path, db: Path, articles: int, extra_seconds: float = 0.0) -> bool:
    """Kill an ingest once `articles` are stored (plus a random moment later, to land inside a
    batch's transaction rather than between two)."""
    proc = start_ingest(corpus, db)
    deadline = time.monotonic() + TIMEOUT
    while stored_articles(db) < articles and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(extra_seconds)
    return kill(proc)


def kill_at(seconds: float, *args: str | Path) -> bool:
    proc = tidings(*args)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=seconds)
    return kill(proc)


def timed(*args: str | Path) -> float:
    started = time.monotonic()
    assert tidings(*args).wait(timeout=TIMEOUT) == 0
    return time.monotonic() - started


def mention_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT a.source_path, count(m.mention_id) FROM articles a "
                                 "LEFT JOIN event_mentions m ON m.article_id = a.article_id GROUP BY a.source_path"))


def assert_consistent(db: Path, reference: dict[str, int]) -> None:
    """SQLite's own check passes, every stored article has all its event mentions, and every mention
    sure enough to link is in an event that exists."""
    from tidings.link import LINK_THRESHOLD

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute("SELECT count(*) FROM event_mentions m LEFT JOIN events e ON e.event_id = m.event_id "
                               "WHERE e.event_id IS NULL AND (m.event_id IS NOT NULL OR m.confidence >= ?)",
                               (LINK_THRESHOLD,)).fetchone()[0]
    assert orphans == 0
    counts = mention_counts(db)
    assert all(counts[path] == reference[path] for path in counts)


def exported(db: Path, out: Path) -> dict[str, bytes]:
    store = Store.open(db)
    try:
        export(store, "jsonl", out)
    finally:
        store.close()
    return files_in(out)


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy, replacing `target` and the write-ahead log a killed process left beside
    it (copying the file alone would let SQLite replay that stale log onto the copy)."""
    for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def files_in(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def startup() -> float:
    """Seconds the command takes to start (imports): kills are aimed after it, at the work."""
    return timed("--version")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, Path]:
    """The corpus and a database made by one uninterrupted ingest."""
    folder = tmp_path_factory.mktemp("kill")
    corpus, db = folder / "corpus", folder / "reference.db"
    make_corpus(corpus, ARTICLES)
    assert start_ingest(corpus, db).wait(timeout=TIMEOUT) == 0
    return corpus, db


def test_kill_mid_ingest_then_rerun_matches_uninterrupted_run(reference, tmp_path):
    corpus, reference_db = reference
    expected = mention_counts(reference_db)
    rng = random.Random(11)
    rounds = max(1, KILLS // 4)
    kills = 0
    for round_ in range(rounds):
        killed_db = tmp_path / f"killed{round_}.db"
        points = (3, 11, 20) if round_ == 0 else sorted(rng.sample(range(1, ARTICLES), 3))
        for articles in points:
            kills += kill_after(corpus, killed_db, articles, rng.uniform(0, 0.4) if round_ else 0.0)
            assert_consistent(killed_db, expected)
        assert start_ingest(corpus, killed_db).wait(timeout=TIMEOUT) == 0
        assert exported(killed_db, tmp_path / f"out{round_}") == exported(reference_db, tmp_path / "reference")
        assert stored_articles(killed_db) == ARTICLES
    print(f"\nkill campaign ingest: {kills} kills survived over {rounds} rounds, 0 articles lost")


def test_kill_mid_relink_then_rerun_matches_uninterrupted_relink(reference, startup, tmp_path):
    """Relink is one transaction: killed, the database is exactly as before it or (killed after
    the commit, while exiting) exactly as after it; then one relink gives the uninterrupted result."""
    _, ingested = reference
    relinked, killed = tmp_path / "relinked.db", tmp_path / "killed.db"
    copy_db(ingested, relinked)
    copy_db(ingested, killed)
    duration = timed("relink", "--db", relinked)
    before, after = exported(ingested, tmp_path / "before"), exported(relinked, tmp_path / "after")
    expected = mention_counts(relinked)
    rng = random.Random(13)
    kills = rolled_back = 0
    for n in range(KILLS):
        kills += kill_at(rng.uniform(min(startup, duration) * 0.9, duration), "relink", "--db", killed)
        assert_consistent(killed, expected)
        state = exported(killed, tmp_path / f"state{n}")
        assert state in (before, after)
        if state == after:  # finished before the kill: start again from the ingested database
            copy_db(ingested, killed)
        rolled_back += state == before
    assert timed("relink", "--db", killed) > 0
    assert exported(killed, tmp_path / "rerun") == after
    print(f"\nkill campaign relink: {kills} of {KILLS} kills landed while running (run takes {duration:.1f}s), "
          f"{rolled_back} rolled back whole, 0 lost")


def test_kill_mid_export_then_rerun_is_byte_identical(reference, startup, tmp_path):
    _, db = reference
    out = tmp_path / "out"
    duration = timed("export", "--format", "jsonl", "--out", tmp_path / "reference", "--db", db)
    expected = files_in(tmp_path / "reference")
    rng = random.Random(17)
    kills = 0
    for _ in range(KILLS):
        moment = rng.uniform(min(startup, duration) * 0.9, duration)
        kills += kill_at(moment, "export", "--format", "jsonl", "--out", out, "--db", db)
        written = files_in(out) if out.exists() else {}
        finished = {name: data for name, data in written.items() if not name.endswith(".tmp")}
        assert all(expected[name] == data for name, data in finished.items())  # never half a file
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert timed("export", "--format", "jsonl", "--out", out, "--db", db) > 0
    assert files_in(out) == expected
    print(f"\nkill campaign export: {kills} of {KILLS} kills landed mid-run (run takes {duration:.1f}s), 0 lost")
