"""Shared fixtures. The seed articles come from the project's own examples/seeds, never ../shared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the seed articles and their manifest."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS / "articles", target / "articles")
    shutil.copy(SEEDS / "manifest.jsonl", target / "manifest.jsonl")
    return target


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tidings.db'}"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
