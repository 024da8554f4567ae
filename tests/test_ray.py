"""`--executor ray`: the per-article stages on a (local) Ray cluster, Parquet shards in between,
and the same database as the in-process executor. Ray starts slowly, so this module shares one
two-CPU cluster across its tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import DATA

from tidings.cli import main
from tidings.export import export
from tidings.run import ingest
from tidings.run.distributed import findings_from_json
from tidings.sources import load_manifest
from tidings.store import Store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def cluster():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield ray
    ray.shutdown()


@pytest.fixture
def corpus(seeds: Path) -> Path:
    """The seeds, a few plain-text fixtures (a wire copy among them) and one bad file."""
    for name in ("london_rail_strike_portal.txt", "london_rail_strike_reuters.txt", "kabul_checkpoint_ap.txt",
                 "nairobi_floods.txt"):
        shutil.copy(DATA / "text" / name, seeds / "articles" / name)
    (seeds / "articles" / "empty.txt").write_bytes(b"")
    return seeds


def exported(db: str, out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in export(Store.open(db), "jsonl", out)}


def test_ray_export_equals_local_and_shards_hold_every_article(cluster, corpus, tmp_path):
    local, on_ray = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'ray.db'}"
    expected = ingest([corpus / "articles"], Store.open(local), load_manifest(corpus / "manifest.jsonl"), batch_size=2)
    result = CliRunner().invoke(main, ["ingest", str(corpus / "articles"), "--manifest", str(corpus / "manifest.jsonl"),
                                       "--db", on_ray, "--batch-size", "2", "--executor", "ray", "--workers", "2",
                                       "--shards", str(tmp_path / "shards")])
    assert result.exit_code == 1, result.output  # the empty file
    assert result.stdout.strip().startswith(f"{expected.stored} articles stored, 0 already stored, "
                                            f"{expected.duplicates} duplicates, {expected.events} event mentions")
    assert exported(on_ray, tmp_path / "ray") == exported(local, tmp_path / "local")

    [run] = (tmp_path / "shards").iterdir()
    shards = pq.read_table(run).sort_by("seq").to_pylist()
    assert [r["seq"] for r in shards] == list(range(expected.stored))
    stored = {a.article_id for a in Store.open(on_ray).articles()}
    assert {r["article_id"] for r in shards} == stored
    events = sum(len(findings_from_json(r["findings"])[2]) for r in shards)
    assert events == expected.events and all(r["error"] is None for r in shards)
