"""The manifest: JSONL metadata (file, published, source, url, language, title) for inputs whose
text lacks it, keyed by file name."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tidings.errors import BadInput

FIELDS = ("file", "published", "source", "url", "language", "title")


@dataclass
class Manifest:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[BadInput] = field(default_factory=list)
    path: Path | None = None

    def for_file(self, path: Path) -> dict[str, Any]:
        return self.entries.get(path.name) or self.entries.get(str(path)) or {}


def parse_day(value: Any) -> date | None:
    """An ISO day (or the day of an ISO timestamp) or None; raises ValueError on anything else."""
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value).strip()[:10])


def load_manifest(path: str | Path | None) -> Manifest:
    """Read a manifest; a malformed line becomes an error naming file and line, the rest still load."""
    if path is None:
        return Manifest()
    path = Path(path)
    manifest = Manifest(path=path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        manifest.errors.append(BadInput(str(path), f"cannot read manifest: {e.strerror or e}"))
        return manifest
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
                raise ValueError('expected an object with a "file" name')
            entry["published"] = parse_day(entry.get("published"))
        except (UnicodeDecodeError, ValueError) as e:
            manifest.errors.append(BadInput(str(path), f"bad manifest line: {e}", line=n))
            continue
        manifest.entries[Path(entry["file"]).name] = {k: entry.get(k) for k in FIELDS}
    return manifest
