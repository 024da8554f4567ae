"""PostgreSQL end to end (runs when TIDINGS_TEST_PG_URL names a server, as in CI): the same
export as SQLite, and several processes ingesting into one database at once lose and duplicate
nothing. The store's own tests run on both backends in test_store.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA
from sqlalchemy import select

from tidings import store as tables
from tidings.export import export
from tidings.link import LINK_THRESHOLD
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not os.environ.get("TIDINGS_TEST_PG_URL"), reason="TIDINGS_TEST_PG_URL is not set")]


@pytest.fixture
def corpus(seeds: Path) -> Path:
    for path in sorted((DATA / "text").glob("*.txt")):
        shutil.copy(path, seeds / "articles" / path.name)
    return seeds


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """Only the PostgreSQL side of conftest's `store_url`."""
    return request.getfixturevalue("store_url")


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_postgres_export_equals_sqlite(corpus, store_url, tmp_path):
    manifest = load_manifest(corpus / "manifest.jsonl")
    written = {}
    for name, url in (("sqlite", f"sqlite:///{tmp_path / 't.db'}"), ("postgresql", store_url)):
        report = ingest([corpus / "articles"], Store.open(url), manifest, batch_size=4)
        assert report.errors == []
        paths = export(Store.open(url), "jsonl", tmp_path / name)
        written[name] = {p.name: p.read_text(encoding="utf-8") for p in paths}
    assert written["postgresql"] == written["sqlite"]
    assert written["sqlite"]["events.jsonl"].count("\n") > 10


def rows(store: Store, table, *columns) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*(table.c[c] for c in columns)))]


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_postgres_concurrent_ingests_store_each_article_once(corpus, store_url, tmp_path):
    files = sorted((corpus / "articles").glob("*.txt"))
    assert len(files) == 10
    overlapping = [files[0:6], files[3:10], files[0:3] + files[6:10]]  # every file in two of the three
    procs = [subprocess.Popen([sys.executable, "-m", "tidings", "ingest", *map(str, part), "--manifest",
                               str(corpus / "manifest.jsonl"), "--db", store_url, "--batch-size", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for part in overlapping]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    stored = sum(int(out.split(" articles stored")[0]) for out, _ in outputs)

    alone = Store.open(f"sqlite:///{tmp_path / 'alone.db'}")
    ingest(files, alone, load_manifest(corpus / "manifest.jsonl"), batch_size=2)
    together = Store.open(store_url)
    assert stored == len(files)  # each article stored by exactly one of the processes
    for table, columns in ((tables.articles, ("article_id",)), (tables.entity_mentions, ("article_id", "start", "end")),
                           (tables.event_mentions, ("mention_id",)), (tables.actors, ("actor_id",))):
        assert sorted(rows(together, table, *columns)) == sorted(rows(alone, table, *columns)), table.name
    events = {e.event_id: e for e in together.events()}
    mentions = rows(together, tables.event_mentions, "mention_id", "event_id", "confidence")
    linked = [(m, e) for m, e, _ in mentions if e is not None]  # those sure enough to link (LINK_THRESHOLD)
    assert all(confidence < LINK_THRESHOLD for _, event_id, confidence in mentions if event_id is None)
    assert all(event_id in events for _, event_id in linked)  # every linked mention is in a stored event
    assert sorted(m for e in events.values() for m in e.mention_ids) == sorted(m for m, _ in linked)
    assert {e for e, _ in rows(together, tables.event_actors, "event_id", "actor_id")} <= set(events)
