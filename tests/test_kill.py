"""A process killed with SIGKILL mid-ingest leaves a consistent database, and re-running completes
it with exactly the result of an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tidings.export import export
from tidings.store import Store

from conftest import SEEDS


def make_corpus(folder: Path, count: int) -> None:
    """Distinct articles assembled from the seed paragraphs, deterministically."""
    paragraphs = [p for f in sorted((SEEDS / "articles").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 80]
    rng = random.Random(7)
    folder.mkdir()
    for i in range(count):
        body = "\n\n".join(rng.sample(paragraphs, 4))
        (folder / f"{i:03}.txt").write_text(f"Report number {i} on the talks\n\n{body}\n", encoding="utf-8")


def start_ingest(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tidings", "ingest", str(corpus), "--db", str(db), "--batch-size", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def kill_after(corpus: Path, db: Path, articles: int) -> None:
    proc = start_ingest(corpus, db)
    deadline = time.monotonic() + 120
    while stored_articles(db) < articles and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def assert_consistent(db: Path, reference: dict[str, int]) -> None:
    """SQLite's own check passes, and every stored article has all its event mentions."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = dict(conn.execute("SELECT a.source_path, count(m.mention_id) FROM articles a "
                                   "LEFT JOIN event_mentions m ON m.article_id = a.article_id GROUP BY a.source_path"))
        orphans = conn.execute("SELECT count(*) FROM event_mentions m LEFT JOIN events e ON e.event_id = m.event_id "
                               "WHERE e.event_id IS NULL").fetchone()[0]
    assert orphans == 0
    assert all(counts[path] == reference[path] for path in counts)


def test_kill_mid_ingest_then_rerun_matches_uninterrupted_run(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 30)
    reference_db, killed_db = tmp_path / "reference.db", tmp_path / "killed.db"
    assert start_ingest(corpus, reference_db).wait() == 0
    with sqlite3.connect(reference_db) as conn:
        reference = dict(conn.execute("SELECT a.source_path, count(m.mention_id) FROM articles a "
                                      "LEFT JOIN event_mentions m ON m.article_id = a.article_id GROUP BY a.source_path"))

    for articles in (3, 11, 20):
        kill_after(corpus, killed_db, articles)
        assert_consistent(killed_db, reference)
    assert start_ingest(corpus, killed_db).wait() == 0

    exports = []
    for db in (reference_db, killed_db):
        export(Store.open(db), "jsonl", tmp_path / db.stem)
        exports.append({f.name: f.read_bytes() for f in sorted((tmp_path / db.stem).iterdir())})
    assert exports[0] == exports[1]
    assert stored_articles(killed_db) == 30
