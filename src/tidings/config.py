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
    durable: bool = False
    """SQLite: sync every commit to disk (synchronous=FULL), so a power cut loses nothing committed.
    Env: TIDINGS_DURABLE (1 or true)."""
    lock_timeout: int = 60
    """Seconds a write waits for another writer's lock before giving up. Env: TIDINGS_LOCK_TIMEOUT."""

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, **flags: object) -> Settings:
        """Defaults, overridden by TIDINGS_<NAME> variables, overridden by flags that are not None."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}  # field name -> value of the field's type (env text read as int for ints)
        for f in fields(cls):
            env = environ.get(f"TIDINGS_{f.name.upper()}")
            if env not in (None, ""):
                values[f.name] = _from_environment(f.name, str(env), f.type)
            if flags.get(f.name) is not None:
                values[f.name] = flags[f.name]
        return cls(**values)


def _from_environment(name: str, value: str, kind: Any) -> Any:
    """A TIDINGS_* variable's text as the field's type; a value that is not one is one clear error."""
    from tidings.errors import TidingsError

    if kind in (bool, "bool"):
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise TidingsError(f"TIDINGS_{name.upper()}={value!r}: expected 1 or 0 (true or false)")
    if kind in (int, "int"):
        try:
            return int(value)
        except ValueError:
            raise TidingsError(f"TIDINGS_{name.upper()}={value!r}: expected a whole number") from None
    return value
