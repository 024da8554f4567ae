"""Ingest end to end: bad inputs never stop a batch, and re-running changes nothing."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from tidings.errors import TidingsError
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store


def dump(store: Store) -> dict[str, list]:
    """Every row of every table, sorted: two equal dumps are two identical databases."""
    with store.engine.connect() as conn:
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")).scalars().all()
        return {t: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{t}"')).all())) for t in tables}


def test_run_ingest_seeds(seeds, db):
    store = Store.open(db)
    report = ingest([seeds / "articles"], store, load_manifest(seeds / "manifest.jsonl"))
    assert (report.stored, report.errors) == (2, [])
    assert {a.dateline for a in store.articles()} == {"MOSCOW", "TEHRAN"}
    assert store.counts()["event_mentions"] > 0


def test_run_reingest_leaves_database_identical(seeds, db):
    store = Store.open(db)
    manifest = load_manifest(seeds / "manifest.jsonl")
    ingest([seeds / "articles"], store, manifest)
    before = dump(store)
    report = ingest([seeds / "articles"], store, manifest)
    assert (report.stored, report.already_stored) == (0, 2)
    assert dump(store) == before


def test_run_bad_inputs_are_reported_and_the_rest_is_stored(seeds, db, tmp_path):
    store = Store.open(db)
    ingest([seeds / "articles" / "000_5b95a3e8c0240a25.txt"], store, load_manifest(seeds / "manifest.jsonl"))
    stored_before = dump(store)["articles"]
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "latin1.txt").write_bytes("Caf\u00e9 news\n\nA caf\u00e9 opened.".encode("latin-1"))
    (batch / "news.jsonl").write_bytes(b'{"title": "Good", "maintext": "Police arrested two men in Lagos on Monday."}\n'
                                       b'{broken json\n')
    shutil.copy(seeds / "articles" / "003_1bfbd8a9fc5ad8c4.txt", batch / "good.txt")
    manifest = batch / "manifest.jsonl"
    manifest.write_text('{"file": "good.txt", "published": "2018-09-04"}\n{"file": \n', encoding="utf-8")

    report = ingest([batch], store, load_manifest(manifest))

    where = sorted(f"{e.where.rsplit('/', 1)[-1]}:{e.line or ''}" for e in report.errors)
    assert where == ["binary.txt:", "empty.txt:", "latin1.txt:", "manifest.jsonl:2", "news.jsonl:2"]
    assert report.stored == 2  # good.txt and the good JSONL record
    after = dump(store)["articles"]
    assert set(stored_before) <= set(after) and len(after) == 3
    assert len(store.errors()) == 5


def test_run_exact_and_near_duplicates_are_marked(seeds, db, tmp_path):
    store = Store.open(db)
    original = (seeds / "articles" / "003_1bfbd8a9fc5ad8c4.txt").read_text(encoding="utf-8")
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text(original, encoding="utf-8")
    (folder / "b.txt").write_text(original, encoding="utf-8")
    (folder / "c.txt").write_text(original.replace("over 470,000 people", "more than 470,000 people")
                                  + "\n\nFollow us on Telegram for more news.", encoding="utf-8")
    ingest([folder], store)
    by_path = {a.source_path: a for a in store.articles()}
    assert by_path["a.txt"].duplicate_of is None
    assert by_path["b.txt"].duplicate_of == by_path["a.txt"].article_id
    assert by_path["c.txt"].duplicate_of == by_path["a.txt"].article_id


def test_run_unknown_executor_is_one_clear_error(seeds, db):
    with pytest.raises(TidingsError, match="unknown executor 'spark'; choose one of: local, ray"):
        ingest([seeds / "articles"], Store.open(db), executor="spark")


def test_run_same_article_in_two_batches_is_stored_once(seeds, db):
    """Batches are prepared ahead of storing (for the workers); the second copy must still be a skip."""
    article = seeds / "articles" / "003_1bfbd8a9fc5ad8c4.txt"
    report = ingest([article, article], Store.open(db), batch_size=1)
    assert (report.read, report.stored, report.already_stored, report.errors) == (2, 1, 1, [])
