"""Watch mode: files are ingested as they arrive, once complete, never twice, bad ones reported."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner
from conftest import SEEDS

from tidings.cli import main
from tidings.store import Store
from tidings.watch import Watcher, watch

ARTICLE = ("Dock workers in port number {n} walked off the job on Monday, demanding a pay rise of six percent. "
           "The port authority said talks with the union would resume on Wednesday.\n")


def write_article(folder: Path, n: int) -> Path:
    """Deliver as a careful writer does: a dot-file first, renamed when complete."""
    part = folder / f".{n}.txt.part"
    part.write_text(f"Strike at port {n}\n\n" + ARTICLE.format(n=n), encoding="utf-8")
    return part.rename(folder / f"{n:02}.txt")


def test_watcher_waits_until_a_file_stops_changing(tmp_path):
    watcher = Watcher(tmp_path)
    growing = tmp_path / "growing.jsonl"
    growing.write_text('{"maintext": "first half')
    assert watcher.poll() == []               # first sight: not yet known to be complete
    with growing.open("a") as f:
        f.write(' and the rest"}\n')
    os.utime(growing, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert watcher.poll() == []               # changed since the previous poll
    assert watcher.poll() == [growing]        # unchanged over one poll: complete


def test_watcher_ignores_dot_files_unknown_suffixes_and_the_manifest(tmp_path):
    (tmp_path / ".draft.txt").write_text("x")
    (tmp_path / "crawl.warc.gz.tmp").write_text("x")
    (tmp_path / "meta.jsonl").write_text("{}\n")
    watcher = Watcher(tmp_path, manifest=(tmp_path / "meta.jsonl").resolve())
    watcher.poll()
    assert watcher.poll() == []


def test_watch_once_ingests_complete_files(tmp_path, db):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n in range(3):
        write_article(incoming, n)
    store = Store.open(db)
    report = watch(incoming, store, interval=0.05, once=True)
    assert [p.name for p in report.files] == ["00.txt", "01.txt", "02.txt"]
    assert report.stored == 3 and report.errors == []
    assert store.counts()["articles"] == 3


def test_watch_picks_up_files_written_while_it_runs_and_never_ingests_twice(tmp_path, db):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "broken.html").write_bytes(b"\x00\x01binary")
    done = threading.Event()
    ingested: list[str] = []

    def writer() -> None:
        for n in range(4):
            write_article(incoming, n)
            time.sleep(0.15)
        done.set()

    def stop() -> bool:
        return done.is_set() and len(ingested) >= 5

    thread = threading.Thread(target=writer)
    thread.start()
    store = Store.open(db)
    deadline = time.monotonic() + 60
    report = watch(incoming, store, interval=0.05, on_ingest=lambda paths, _: ingested.extend(p.name for p in paths),
                   should_stop=lambda: stop() or time.monotonic() > deadline)
    thread.join()
    assert sorted(ingested) == ["00.txt", "01.txt", "02.txt", "03.txt", "broken.html"]   # each once
    assert report.stored == 4 and store.counts()["articles"] == 4
    [error] = report.errors
    assert "broken.html" in str(error) and "binary" in error.reason
    assert [e["location"] for e in store.errors()] == [str(incoming / "broken.html")]


def test_watch_a_changed_file_stores_only_its_new_articles(tmp_path, db):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    feed = incoming / "feed.jsonl"
    feed.write_text(f'{{"title": "Port strike", "maintext": "{ARTICLE.format(n=1).strip()}"}}\n')
    store = Store.open(db)
    assert watch(incoming, store, interval=0.05, once=True).stored == 1
    with feed.open("a") as f:
        f.write(f'{{"title": "Port strike ends", "maintext": "{ARTICLE.format(n=2).strip()}"}}\n')
    report = watch(incoming, store, interval=0.05, once=True)
    assert (report.stored, report.already_stored) == (1, 1)
    assert store.counts()["articles"] == 2


def test_cli_watch_once(tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for name in ("a.txt", "b.txt"):
        (incoming / name).write_text((SEEDS / "articles" / sorted(os.listdir(SEEDS / "articles"))[0]).read_text()
                                     + f"\n\nCopy {name}.\n")
    result = CliRunner().invoke(main, ["watch", str(incoming), "--db", str(tmp_path / "t.db"), "--once",
                                       "--interval", "0.05"])
    assert result.exit_code == 0, result.output
    assert "2 files: 2 articles stored" in result.output


def interruptible() -> None:
    """Ctrl-C stops the watcher as it does in a terminal, even when the tests run in a background
    job: a shell starts those with SIGINT ignored, and a child inherits that (Python then installs
    no KeyboardInterrupt handler, and the watcher never stops)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stored_articles(db: Path) -> int:
    """How many articles the watcher has stored, read without writing: opening a `Store` would
    create or complete the schema, a write the watcher would wait behind."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # no table yet, or a write in progress
        return 0
    finally:
        conn.close()


def test_cli_watch_runs_until_interrupted(tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "tidings", "watch", str(incoming), "--db", str(tmp_path / "t.db"),
                             "--interval", "0.1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=interruptible)
    try:
        time.sleep(1.0)
        write_article(incoming, 7)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not stored_articles(tmp_path / "t.db"):
            time.sleep(0.1)
    finally:
        proc.send_signal(2)  # Ctrl-C
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "1 files: 1 articles stored" in out and "stopped" in out
