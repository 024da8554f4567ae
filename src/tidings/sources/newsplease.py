"""news-please JSONL: one article per line, with news-please's field names.

Fields read: `title`, `maintext` (or `text`), `date_publish`, `url`, `source_domain`, `language`;
`description` is kept in provenance. `date_download` is when the crawler fetched the page, never
when it was published, so it is kept in provenance and never used as the publication date.

Decisions:

- A line that is not a JSON object, is not valid UTF-8, or has no main text yields one
  `BadInput(file, reason, line=n)`; the following lines are still read.
- An unreadable `date_publish` does not lose the article: it is read with `published=None`, and the
  raw value is kept in `provenance["date_publish_unreadable"]`.
- `source_path` is `"<file name>#<line>"`: it says exactly where the record is, and it is stable as
  long as the file is. The article id uses the record's URL when it has one (see
  `RawArticle.article_id`), so it also survives a re-export that reorders the lines.
- A manifest entry for the file only fills gaps (published, source, language): records carry their
  own metadata, and one file-level title or URL cannot describe many articles.
- A file named `manifest.jsonl` is a Tidings manifest, not news, and is skipped silently.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources.compressed import GzipMembers, GzipProblem
from tidings.sources.manifest import Manifest, parse_day
from tidings.sources.text import decode

MANIFEST_NAME = "manifest.jsonl"
#: Fields that are provenance, not article metadata.
PROVENANCE_FIELDS = ("description", "date_download", "date_modify", "authors", "filename")
#: A longer line is refused (and skipped) without being held in memory: no article is this long.
MAX_LINE_BYTES = 16 * 1024 * 1024


def read_newsplease(path: Path, manifest: Manifest) -> Iterator[RawArticle | BadInput]:
    """Every article of a news-please JSONL (or .jsonl.gz) file, with one BadInput per bad line."""
    if path.name.lower() == MANIFEST_NAME:
        return
    defaults = manifest.for_file(path)
    with open_lines(path) as lines:
        n = 0
        try:
            for n, raw in enumerate(bounded_lines(lines), 1):
                if raw is None:
                    yield BadInput(str(path), f"line longer than {MAX_LINE_BYTES:,} bytes; skipped", line=n)
                elif raw.strip():
                    yield read_record(raw, path, n, defaults)
        except GzipProblem as e:
            yield BadInput(str(path), f"{e.reason}; stopped after line {n}")


def open_lines(path: Path) -> IO[bytes]:
    """The file as lines of bytes, decompressed on the fly for .gz (never read whole, and capped:
    see `tidings.sources.compressed`)."""
    if path.suffix.lower() != ".gz":
        return path.open("rb")
    return io.BufferedReader(GzipMembers(path.open("rb"), close_raw=True))


def bounded_lines(lines: IO[bytes]) -> Iterator[bytes | None]:
    """Each line, or None for a line over MAX_LINE_BYTES (whose rest is read past, not kept)."""
    while line := lines.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := lines.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
            pass
        yield None


def read_record(raw: bytes, path: Path, line: int, defaults: dict[str, Any]) -> RawArticle | BadInput:
    try:
        record = parse_record(raw, str(path))
        body = main_text(record, str(path))
    except BadInput as e:
        return BadInput(str(path), e.reason, line=line)
    published, provenance = publication_day(record)
    provenance.update({k: record[k] for k in PROVENANCE_FIELDS if record.get(k) not in (None, "", [])})
    return RawArticle(
        source_path=f"{path.name}#{line}", body=body, title=text_field(record, "title"),
        published=published or defaults.get("published"),
        source=text_field(record, "source_domain") or defaults.get("source"),
        url=text_field(record, "url"),
        language=text_field(record, "language") or defaults.get("language"),
        provenance={"format": "news-please", **provenance},
    )


def parse_record(raw: bytes, where: str) -> dict[str, Any]:
    """One line as a JSON object, or BadInput (the caller adds the line number)."""
    text = decode(raw, where)
    try:
        record = json.loads(text)
    except ValueError as e:
        raise BadInput(where, f"not JSON: {e}") from None
    except RecursionError:
        raise BadInput(where, "not JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise BadInput(where, f"expected a JSON object, got {type(record).__name__}")
    return record


def main_text(record: dict[str, Any], where: str) -> str:
    """The body as paragraphs separated by blank lines, as in plain-text inputs."""
    text = record.get("maintext", record.get("text"))
    if text is not None and not isinstance(text, str):
        raise BadInput(where, "maintext is not a string")
    blocks = [" ".join(line.split()) for line in (text or "").splitlines()]
    body = "\n\n".join(b for b in blocks if b)
    if not body:
        raise BadInput(where, "no maintext")
    return body


def publication_day(record: dict[str, Any]) -> tuple[date | None, dict[str, Any]]:
    """The day of `date_publish` (news-please's "2018-09-04 10:22:00" or ISO), or None with the
    raw value noted in provenance when it cannot be read."""
    value = record.get("date_publish")
    try:
        return parse_day(value), {}
    except (TypeError, ValueError):
        return None, {"date_publish_unreadable": value}


def text_field(record: dict[str, Any], key: str) -> str | None:
    """A metadata string, whitespace-collapsed; None when absent, empty or not a string."""
    value = record.get(key)
    return (" ".join(value.split()) or None) if isinstance(value, str) else None
