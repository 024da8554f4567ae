"""`--workers N`: parsing and the per-article stages in worker processes give the very database
that one process gives, and a failing article or worker is reported, not lost."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

import tidings.run
from tidings.cli import main
from tidings.errors import TidingsError
from tidings.export import export
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store

pytestmark = pytest.mark.model


@pytest.fixture
def corpus(seeds: Path) -> Path:
    """The seeds, the plain-text fixtures (wire copies included) and two bad inputs, in one folder."""
    folder = seeds / "articles"
    for path in sorted((DATA / "text").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    shutil.copy(DATA / "jsonl" / "newsplease_sample.jsonl", folder / "newsplease_sample.jsonl")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "empty.txt").write_bytes(b"")
    return seeds


def exported(db: str, out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in export(Store.open(db), "jsonl", out)}


def test_pool_database_identical_to_one_worker(corpus, tmp_path):
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    manifest = load_manifest(corpus / "manifest.jsonl")
    report = ingest([corpus / "articles"], Store.open(one), manifest, batch_size=2)
    result = CliRunner().invoke(main, ["ingest", str(corpus / "articles"), "--manifest", str(corpus / "manifest.jsonl"),
                                       "--db", two, "--batch-size", "2", "--workers", "2"])
    assert result.exit_code == 1  # the bad files and records
    assert result.stderr.splitlines() == [f"error: {e}" for e in report.errors]
    assert result.stdout.strip() == (f"{report.stored} articles stored, 0 already stored, "
                                     f"{report.duplicates} duplicates, {report.events} event mentions, "
                                     f"{len(report.errors)} errors")
    assert report.stored > 10 and report.duplicates > 0 and report.events > 20
    assert exported(two, tmp_path / "two") == exported(one, tmp_path / "one")
    assert Store.open(two).errors() == Store.open(one).errors()


def test_pool_failing_article_is_reported_and_the_rest_stored(corpus, tmp_path, monkeypatch):
    analyse = tidings.run.analyse

    def fails_on_nairobi(article, doc, typer="learned"):  # the workers are forked, so they run this too
        if "nairobi" in article.source_path:
            raise ValueError("a stage broke")
        return analyse(article, doc, typer)

    monkeypatch.setattr(tidings.run, "analyse", fails_on_nairobi)
    store = Store.open(f"sqlite:///{tmp_path / 't.db'}")
    report = ingest([corpus / "articles"], store, batch_size=3, workers=2)
    failed = [e for e in report.errors if "nairobi" in e.where]
    assert [e.reason for e in failed] == ["analysis failed: ValueError: a stage broke"]
    assert report.stored == len(list(store.articles())) > 10
    assert not any("nairobi" in a.source_path for a in store.articles())


def test_pool_dead_worker_is_one_clear_error_and_the_rerun_completes(corpus, tmp_path, monkeypatch):
    analyse = tidings.run.analyse

    def dies_on_nairobi(article, doc, typer="learned"):
        if "nairobi" in article.source_path:
            os._exit(9)  # as the kernel's out-of-memory killer would
        return analyse(article, doc, typer)

    db = f"sqlite:///{tmp_path / 't.db'}"
    monkeypatch.setattr(tidings.run, "analyse", dies_on_nairobi)
    with pytest.raises(TidingsError, match="a worker process died .* run the ingest again"):
        ingest([corpus / "articles"], Store.open(db), batch_size=2, workers=2)
    monkeypatch.setattr(tidings.run, "analyse", analyse)
    rerun = ingest([corpus / "articles"], Store.open(db), batch_size=2, workers=2)
    assert any("nairobi" in a.source_path for a in Store.open(db).articles())
    assert rerun.stored + rerun.already_stored == rerun.read


def test_pool_workers_yield_the_cpu_to_the_caller_that_stores_and_links(corpus, tmp_path, monkeypatch):
    """Storing and linking run one batch at a time in the caller: where it and the workers contend
    for the cores, the workers give way (they run at a lower priority)."""
    from tidings.run.pool import WORKER_NICENESS

    analyse = tidings.run.analyse
    seen = tmp_path / "niceness"
    seen.mkdir()

    def noting_its_niceness(article, doc, typer="learned"):
        (seen / str(os.getpid())).write_text(str(os.nice(0)))
        return analyse(article, doc, typer)

    monkeypatch.setattr(tidings.run, "analyse", noting_its_niceness)
    report = ingest([corpus / "articles"], Store.open(f"sqlite:///{tmp_path / 't.db'}"), batch_size=2, workers=2)
    assert report.stored > 10
    # the caller may have analysed a warm-up text before it forked them (`load_models`)
    workers = {int(p.name): int(p.read_text()) for p in seen.iterdir() if int(p.name) != os.getpid()}
    assert workers and set(workers.values()) == {min(os.nice(0) + WORKER_NICENESS, 19)}
