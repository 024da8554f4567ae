"""Kill campaigns: `tidings ingest`, `relink` and `export` killed with SIGKILL at random points,
again and again, on SQLite and PostgreSQL, leave a database that is consistent (SQLite's integrity
check passes, every article has all its event mentions, every linked mention is in a stored event),
and re-running completes with exactly the result of an uninterrupted run: no article or event lost
or doubled, exports byte-identical. Killing the parent of `ingest --workers 2` leaves no worker
behind (each dies with its parent) and the re-run completes it.

A few kills run in `make test`; `make soak` (TIDINGS_SOAK=1) runs many, at random points drawn
from the uninterrupted run's own duration. TIDINGS_KILLS overrides the count per command. The
PostgreSQL campaigns run when TIDINGS_TEST_PG_URL names a server (as CI's .ci/run does).
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
import soak
from conftest import SEEDS
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tidings.export import export
from tidings.store import READ, Store, database_url

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


def start_ingest(corpus: Path, db: str | Path, *extra: str) -> subprocess.Popen:
    return tidings("ingest", corpus, "--db", db, "--batch-size", "2", *extra)


_engines: dict[str, Engine] = {}


def engine_of(db: str | Path) -> Engine:
    """A plain engine on the database, for looking at it from outside the commands under test."""
    url = database_url(db)
    if url not in _engines:
        _engines[url] = create_engine(url, connect_args={"timeout": 5} if url.startswith("sqlite") else {})
    return _engines[url]


def stored_articles(db: str | Path) -> int:
    try:
        with engine_of(db).connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    except Exception:  # not created yet, or locked for a moment
        return 0


def kill(proc: subprocess.Popen) -> bool:
    """SIGKILL `proc`; True if it was still running (so the kill interrupted something)."""
    running = proc.poll() is None
    if running:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return running


def kill_after(corpus: Path, db: str | Path, articles: int, extra_seconds: float = 0.0) -> bool:
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


def mention_counts(db: str | Path) -> dict[str, int]:
    with engine_of(db).connect() as conn:
        return dict(conn.execute(text(
            "SELECT a.source_path, count(m.mention_id) FROM articles a "
            "LEFT JOIN event_mentions m ON m.article_id = a.article_id GROUP BY a.source_path")).all())


def count_lost(kind: str, db: str | Path, reference: dict[str, int]) -> int:
    """Articles and event mentions of the uninterrupted run missing from `db`, added to the soak figures."""
    found = mention_counts(db)
    lost = sum(n + 1 for path, n in reference.items() if path not in found)
    lost += sum(max(0, n - found[path]) for path, n in reference.items() if path in found)
    soak.lost[kind] += lost
    return lost


def assert_consistent(db: str | Path, reference: dict[str, int]) -> None:
    """SQLite's own check passes, every stored article has all its event mentions, and every mention
    sure enough to link is in an event that exists."""
    from tidings.link import LINK_THRESHOLD

    with engine_of(db).connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        orphans = conn.execute(text(
            "SELECT count(*) FROM event_mentions m LEFT JOIN events e ON e.event_id = m.event_id "
            "WHERE e.event_id IS NULL AND (m.event_id IS NOT NULL OR m.confidence >= :threshold)"),
            {"threshold": LINK_THRESHOLD}).scalar_one()
    assert orphans == 0
    counts = mention_counts(db)
    assert all(counts[path] == reference[path] for path in counts)


def exported(db: str | Path, out: Path) -> dict[str, bytes]:
    store = Store.open(db, READ)
    try:
        export(store, "jsonl", out, force=True)
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


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


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


@pytest.fixture(scope="module")
def reference_export(reference, tmp_path_factory) -> dict[str, bytes]:
    return exported(reference[1], tmp_path_factory.mktemp("reference-export"))


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
def test_kill_mid_ingest_then_rerun_matches_uninterrupted_run(reference, reference_export, store_url, tmp_path):
    """The exports of the re-run database equal the uninterrupted SQLite run's, on either backend."""
    corpus, reference_db = reference
    backend = "postgresql" if store_url.startswith("postgresql") else "sqlite"
    expected = mention_counts(reference_db)
    rng = random.Random(11)
    rounds = max(1, KILLS // 4)
    kills = 0
    for round_ in range(rounds):
        killed_db = store_url if backend == "postgresql" else f"sqlite:///{tmp_path / f'killed{round_}.db'}"
        if backend == "postgresql" and round_:
            with engine_of(killed_db).begin() as conn:  # start again from an empty database
                for table in ("article_corrections", "event_blocks", "event_actors", "article_terms", "entity_mentions",
                              "event_mentions", "events", "articles", "actors", "term_frequencies", "ingest_errors",
                              "store_state"):
                    conn.execute(text(f"DELETE FROM {table}"))
        points = (3, 11, 20) if round_ == 0 else sorted(rng.sample(range(1, ARTICLES), 3))
        for articles in points:
            landed = kill_after(corpus, killed_db, articles, rng.uniform(0, 0.4) if round_ else 0.0)
            kills += landed
            soak.survived(f"ingest ({backend})", landed)
            assert_consistent(killed_db, expected)
        assert start_ingest(corpus, killed_db).wait(timeout=TIMEOUT) == 0
        assert count_lost(f"ingest ({backend})", killed_db, expected) == 0
        assert exported(killed_db, tmp_path / f"out{round_}") == reference_export
        assert stored_articles(killed_db) == ARTICLES
    print(f"\nkill campaign ingest ({backend}): {kills} kills survived over {rounds} rounds, 0 articles lost")


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
        landed = kill_at(rng.uniform(min(startup, duration) * 0.9, duration), "relink", "--db", killed)
        kills += landed
        soak.survived("relink (sqlite)", landed)
        assert_consistent(killed, expected)
        state = exported(killed, tmp_path / f"state{n}")
        assert state in (before, after)
        if state == after:  # finished before the kill: start again from the ingested database
            copy_db(ingested, killed)
        rolled_back += state == before
    assert timed("relink", "--db", killed) > 0
    assert exported(killed, tmp_path / "rerun") == after
    assert count_lost("relink (sqlite)", killed, expected) == 0
    print(f"\nkill campaign relink: {kills} of {KILLS} kills landed while running (run takes {duration:.1f}s), "
          f"{rolled_back} rolled back whole, 0 lost")


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_kill_mid_relink_on_postgres_leaves_the_relinked_state(reference, startup, store_url, tmp_path):
    """On PostgreSQL, relinking a relinked database gives it back unchanged; killed at any moment,
    a relink leaves exactly that state."""
    corpus, _ = reference
    assert start_ingest(corpus, store_url).wait(timeout=TIMEOUT) == 0
    duration = timed("relink", "--db", store_url)
    after = exported(store_url, tmp_path / "after")
    assert timed("relink", "--db", store_url) > 0 and exported(store_url, tmp_path / "again") == after
    expected = mention_counts(store_url)
    rng = random.Random(19)
    kills = 0
    for n in range(KILLS):
        landed = kill_at(rng.uniform(min(startup, duration) * 0.9, duration), "relink", "--db", store_url)
        kills += landed
        soak.survived("relink (postgresql)", landed)
        assert_consistent(store_url, expected)
        assert exported(store_url, tmp_path / f"state{n}") == after
    assert count_lost("relink (postgresql)", store_url, expected) == 0
    print(f"\nkill campaign relink (postgresql): {kills} of {KILLS} kills landed while running, 0 lost")


def test_kill_mid_export_then_rerun_is_byte_identical(reference, startup, tmp_path):
    """An export killed at any moment leaves its folder as it was (absent here, or the whole
    previous export), never half a file or a mix of two exports."""
    _, db = reference
    out = tmp_path / "out"
    duration = timed("export", "--format", "jsonl", "--out", tmp_path / "reference", "--db", db)
    expected = files_in(tmp_path / "reference")
    rng = random.Random(17)
    kills = 0
    for _ in range(KILLS):
        moment = rng.uniform(min(startup, duration) * 0.9, duration)
        landed = kill_at(moment, "export", "--format", "jsonl", "--out", out, "--db", db, "--force")
        kills += landed
        soak.survived("export (sqlite)", landed)
        assert not out.exists() or files_in(out) == expected  # all or nothing
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert timed("export", "--format", "jsonl", "--out", out, "--db", db, "--force") > 0
    assert files_in(out) == expected
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tidings-export-")]  # the killed runs' staging
    print(f"\nkill campaign export: {kills} of {KILLS} kills landed mid-run (run takes {duration:.1f}s), 0 lost")


@pytest.mark.model
def test_kill_parent_of_workers_leaves_no_worker_and_the_rerun_completes(reference, reference_export, tmp_path):
    """kill -9 of `ingest --workers 2` while its workers analyse: both workers end within seconds
    (they would otherwise live on, 350 MB each), and the re-run stores exactly the uninterrupted run."""
    corpus, reference_db = reference
    expected = mention_counts(reference_db)
    rng = random.Random(23)
    rounds = max(1, KILLS // 4)
    for round_ in range(rounds):
        db = tmp_path / f"workers{round_}.db"
        proc = start_ingest(corpus, db, "--workers", "2")
        deadline = time.monotonic() + TIMEOUT
        # killed once a random few articles are stored, not after a random time: the workers live
        # until the last batch is analysed, which a fast caller reaches within a second
        stored = rng.randint(2, ARTICLES // 3)
        while (len(descendants(proc.pid)) < 2 or stored_articles(db) < stored) and proc.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = descendants(proc.pid)
        assert kill(proc), "the ingest finished before its parent could be killed"
        gone_by = time.monotonic() + 15
        while any(alive(w) for w in workers) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert workers and not [w for w in workers if alive(w)], "workers outlived their parent"
        soak.survived("ingest --workers 2, parent (sqlite)")
        assert_consistent(db, expected)
        assert start_ingest(corpus, db, "--workers", "2").wait(timeout=TIMEOUT) == 0
        assert count_lost("ingest --workers 2 (sqlite)", db, expected) == 0
        assert exported(db, tmp_path / f"out{round_}") == reference_export
    print(f"\nkill campaign parent of workers: {rounds} parents killed, no worker left, 0 lost")
