"""Shared fixtures. The seed articles come from the project's own examples/seeds, never ../shared."""

from __future__ import annotations

import functools
import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

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


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty database on each backend: an SQLite file, and a new PostgreSQL schema (dropped
    afterwards) when TIDINGS_TEST_PG_URL names a server, as CI's `.ci/run` does."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tidings.db'}"
        return
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tidings.store import database_url

    server = os.environ.get("TIDINGS_TEST_PG_URL")
    if not server:
        pytest.skip("TIDINGS_TEST_PG_URL is not set (no PostgreSQL server to test against)")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    engine = create_engine(database_url(server))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url(server)).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@functools.cache
def bench_module(name: str) -> ModuleType:
    """A script of bench/ (not a package) as a module, loaded once: its helpers under test."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fuzz and kill campaigns' figures (tests/soak.py), when any ran."""
    import soak

    if soak.inputs or soak.kills:
        for line in soak.summary_lines():
            terminalreporter.write_line(line)
