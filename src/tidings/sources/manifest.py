"""The manifest: JSONL metadata (file, published, source, url, language, title) for inputs whose
text lacks it, one line per file.

An entry's `file` is matched against the end of each input's path, so `"dirA/report.txt"` names
that file only, and a bare name like `"report.txt"` names the one input of that name — unless the
run reads several files of that name (`dirA/report.txt` and `dirB/report.txt`): then it is
ambiguous, reported, and given to none of them. The longest matching entry wins.

Each field is checked alone: a bad one (`"published": "2015-13-45"`, a date in the future, a
number where text belongs) is dropped with one error naming file, line and field, and the rest of
the entry still applies. An entry naming a file that is neither among the inputs nor on disk is
reported. A manifest that cannot be read at all (missing, a folder, a FIFO) is `BadManifest`,
which stops the run before anything is stored.

    manifest = load_manifest("examples/seeds/manifest.jsonl")
    manifest.for_file(Path("examples/seeds/articles/000_5b95a3e8c0240a25.txt"))["published"]
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from tidings.errors import BadInput

FIELDS = ("file", "published", "source", "url", "language", "title")
TEXT_FIELDS = ("source", "url", "language", "title")
#: A publication day later than today by more than this is a mistake (time zones allow one day).
FUTURE_SLACK = timedelta(days=1)


class BadManifest(BadInput):
    """The manifest as a whole cannot be read: the run stops before storing anything."""


@dataclass
class Manifest:
    """Entries by their `file` (as a posix path), where each came from, and the problems found."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[BadInput] = field(default_factory=list)
    path: Path | None = None
    lines: dict[str, int] = field(default_factory=dict)
    #: bare names that match several inputs of this run (`check_inputs`): given to none
    ambiguous: set[str] = field(default_factory=set)

    def for_file(self, path: Path) -> dict[str, Any]:
        """The metadata of the longest entry whose path ends the file's path; {} when none (or
        the match is an ambiguous bare name)."""
        key = self._match(path)
        return self.entries[key] if key is not None and key not in self.ambiguous else {}

    def _match(self, path: Path) -> str | None:
        parts = _parts(path.resolve() if path.exists() else path.absolute())
        for n in range(len(parts), 0, -1):
            key = "/".join(parts[-n:]) if parts[-n] != "/" else "/" + "/".join(parts[-n + 1:])
            if key in self.entries:
                return key
        return None

    def check_inputs(self, files: Sequence[Path], roots: Iterable[Path] = ()) -> None:
        """Report entries that match several inputs by bare name (and give them to none), and
        entries that name a file neither among the inputs nor on disk."""
        if not self.entries:
            return
        matched: dict[str, list[Path]] = {}
        for f in files:
            key = self._match(f)
            if key is not None:
                matched.setdefault(key, []).append(f)
        for key, found in sorted(matched.items()):
            if "/" not in key and len(found) > 1:
                self.ambiguous.add(key)
                shown = ", ".join(str(f) for f in found[:3]) + (", ..." if len(found) > 3 else "")
                self._error(f"file {key!r} matches {len(found)} inputs ({shown}); name each by its path "
                            f"(e.g. {_tail(found[0])!r}): no metadata given to them", key)
        places = [self.path.parent] if self.path else []
        places += [r if r.is_dir() else r.parent for r in roots]
        for key in sorted(self.entries):
            if key not in matched and not any((place / key).exists() for place in places) and not Path(key).exists():
                self._error(f"file {key!r} is not among the inputs and not found beside the manifest", key)

    def _error(self, reason: str, key: str) -> None:
        self.errors.append(BadInput(str(self.path or "manifest"), reason, line=self.lines.get(key)))


def _parts(path: Path | PurePosixPath) -> tuple[str, ...]:
    return tuple(PurePosixPath(path.as_posix()).parts)


def _tail(path: Path) -> str:
    return "/".join(path.parts[-2:])


def _key(file: str, manifest: Path | None) -> str:
    """An entry's file as a posix path; one climbing with ".." is resolved beside the manifest."""
    posix = PurePosixPath(file.replace("\\", "/"))
    if ".." in posix.parts and manifest is not None:
        posix = PurePosixPath((manifest.parent / posix).resolve().as_posix())
    return posix.as_posix()


def parse_day(value: Any) -> date | None:
    """An ISO day (or the day of an ISO timestamp) or None; raises ValueError on anything else."""
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value).strip()[:10])


def check_field(name: str, value: Any, today: date | None = None) -> tuple[Any, str | None]:
    """A field's value as stored, or (None, why it is dropped)."""
    if value is None or value == "":
        return None, None
    if name == "published":
        try:
            day = parse_day(value)
        except (ValueError, TypeError):
            return None, f"{value!r} is not a day (YYYY-MM-DD)"
        if day is not None and day > (today or date.today()) + FUTURE_SLACK:
            return None, f"{day.isoformat()} is in the future"
        return day, None
    if not isinstance(value, str):
        return None, f"expected text, not {type(value).__name__} {json.dumps(value)[:40]}"
    if "\x00" in value:
        return None, "contains a NUL character"
    return value, None


def _readable(path: Path) -> None:
    """Refuse what is not a regular file before opening it: a FIFO would block forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise BadManifest(str(path), f"cannot read the manifest: {e.strerror or e}") from None
    if stat.S_ISDIR(mode):
        raise BadManifest(str(path), "the manifest is a folder; give the JSONL file")
    if not stat.S_ISREG(mode):
        raise BadManifest(str(path), "the manifest is not a regular file (a FIFO, device or socket); refused")


def load_manifest(path: str | Path | None, today: date | None = None) -> Manifest:
    """Read a manifest. A malformed line becomes an error naming file and line, a bad field one
    naming the field too, and the rest still loads; a manifest that cannot be read is `BadManifest`."""
    if path is None:
        return Manifest()
    path = Path(path)
    _readable(path)
    manifest = Manifest(path=path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BadManifest(str(path), f"cannot read the manifest: {e.strerror or e}") from None
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            manifest.errors.append(BadInput(str(path), f"bad manifest line: {e}", line=n))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"].strip():
            manifest.errors.append(BadInput(str(path), 'bad manifest line: expected an object with a "file" name',
                                            line=n))
            continue
        key = _key(entry["file"].strip(), path)
        kept: dict[str, Any] = {"file": entry["file"]}
        for name in FIELDS[1:]:
            kept[name], problem = check_field(name, entry.get(name), today)
            if problem:
                manifest.errors.append(BadInput(str(path), f"field {name!r}: {problem}; field ignored", line=n))
        if key in manifest.entries:
            manifest.errors.append(BadInput(str(path), f"file {key!r} is given again (first on line "
                                                       f"{manifest.lines[key]}); this line is used", line=n))
        manifest.entries[key], manifest.lines[key] = kept, n
    return manifest


__all__ = ["BadManifest", "Manifest", "check_field", "load_manifest", "parse_day"]
