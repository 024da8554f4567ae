"""Settings, resolved once at the edge (CLI, server start-up) and passed down.

Precedence: defaults < `TIDINGS_*` environment variables < command-line flags. No stage reads the
environment itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Settings:
    db: str = "tidings.db"
    """Database: an SQLAlchemy URL or a file path (SQLite). Env: TIDINGS_DB."""
    batch_size: int = 32
    """Articles parsed per `nlp.pipe` batch. Env: TIDINGS_BATCH_SIZE."""
    workers: int = 1
    """Processes that parse and analyse articles (1: this one). Env: TIDINGS_WORKERS."""
    executor: str = "local"
    """Where the analysis runs: `local` (this machine) or `ray` (a Ray cluster). Env: TIDINGS_EXECUTOR."""
    typer: str = "learned"
    """Which event typer types trigger words: `learned` (the shipped model) or `lexicon` (the
    lexicon's most frequent reading). Env: TIDINGS_TYPER."""

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, **flags: object) -> Settings:
        """Defaults, overridden by TIDINGS_<NAME> variables, overridden by flags that are not None."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}  # field name -> value of the field's type (env text read as int for ints)
        for f in fields(cls):
            env = environ.get(f"TIDINGS_{f.name.upper()}")
            if env not in (None, ""):
                values[f.name] = int(env) if f.type in (int, "int") else env
            if flags.get(f.name) is not None:
                values[f.name] = flags[f.name]
        return cls(**values)
