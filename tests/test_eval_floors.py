"""The floors `make eval-check` holds real-news figures to (bench/eval_floors.json), and the check itself.

CI runs `make eval-check` whenever ../shared is present: a change that lowers a figure below its
floor fails. These tests need no ../shared: they pin the check's behaviour and the floors file.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from conftest import bench_module

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "bench" / "eval_floors.json"


@pytest.fixture(scope="module")
def evaluation() -> ModuleType:
    return bench_module("eval")


RESULTS = {
    "dev": {"score": 44.4, "areas": {"events": [7, 42]}, "coverage": {"placed": 1.6}},
    "gvc": {"conll_f1": 17.7, "events_per_incident": 12.27},
}


def test_figures_at_or_above_their_floors_pass(evaluation: ModuleType) -> None:
    floors = {"dev": {"score": 44, "areas": {"events": 7}, "coverage": {"placed": 1.5}}, "gvc": {"conll_f1": 17.7}}
    assert evaluation.broken_floors(RESULTS, floors) == []


def test_a_figure_below_its_floor_is_reported_by_name(evaluation: ModuleType) -> None:
    broken = evaluation.broken_floors(RESULTS, {"dev": {"score": 45, "areas": {"events": 8}}})
    assert broken == ["dev.score: 44.4 is below the floor 45", "dev.areas.events: 7 is below the floor 8"]


def test_a_ceiling_bounds_a_figure_that_should_fall(evaluation: ModuleType) -> None:
    assert evaluation.broken_floors(RESULTS, {"gvc": {"events_per_incident_max": 13}}) == []
    assert evaluation.broken_floors(RESULTS, {"gvc": {"events_per_incident_max": 12}}) == [
        "gvc.events_per_incident: 12.27 is above the ceiling 12"]


def test_a_floor_on_a_figure_the_run_did_not_report_fails(evaluation: ModuleType) -> None:
    assert evaluation.broken_floors(RESULTS, {"ecb": {"conll_f1": 20}}) == ["ecb.conll_f1: not reported (floor 20)"]


def test_every_floor_names_a_figure_make_eval_reports(evaluation: ModuleType) -> None:
    """The floors file is valid: every key is a figure of one of the benchmarks, with a number."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    flat = evaluation.flatten(floors)
    assert flat, "no floors"
    for key, bound in flat.items():
        if key.startswith("_"):
            continue
        assert key.split(".")[0] in evaluation.CORPORA, key
        assert isinstance(bound, int | float), key


def test_without_shared_make_eval_says_so_and_succeeds(evaluation: ModuleType, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluation.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "build")]) == 0
    assert "nothing to measure" in capsys.readouterr().out
    assert not (tmp_path / "build" / "eval.json").exists()
