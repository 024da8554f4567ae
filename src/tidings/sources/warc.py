"""WARC archives (`.warc`, `.warc.gz`), as Common Crawl's CC-NEWS stores news pages.

Each `response` record whose HTTP payload is HTML becomes one article, extracted exactly as an
HTML file is (`tidings.sources.html`). Other records (`request`, `metadata`, `warcinfo`,
`revisit`, images, PDFs, redirects) are skipped silently: an archive is mostly those.

Provenance, so that an article can be traced to, and fetched again from, its archive:

- `url` is the record's `WARC-Target-URI`, the address the crawler fetched (the page's own
  canonical URL only if a record lacks it).
- `source_path` is `"<file name>#<offset>"`, the record's byte offset in the file as stored
  (compressed, for `.warc.gz`): with `length`, what a ranged request for the record needs.
- `provenance` keeps `warc_record_id`, `warc_offset`, `warc_length` and `warc_date`.
- The publication day comes from the page's markup. `WARC-Date` is when the crawler fetched the
  page, not when it was published (CC-NEWS crawls pages hours to years after they appear), so it is
  used only when the page states no date at all, and then marked
  `provenance["published_from"] = "warc-date (crawl time)"` so no one takes it for the real day.
  A manifest entry for the archive file (by name) comes between the two.
- Compression is recognised by content, not by name: a gzip file named `.warc` is still read with
  the decompression cap.

Damage: a broken record yields one `BadInput` naming file and offset, and reading resumes at the
next record (the next gzip member, or the next `WARC/1.x` line of an uncompressed file). A
truncated `.warc.gz` yields one error after every whole record before the cut. A `.warc.gz` that
decompresses absurdly (see `tidings.sources.compressed`) is stopped with one error.
"""

from __future__ import annotations

import io
from collections.abc import Generator, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources.compressed import (
    GZIP_MAGIC,
    DamagedGzip,
    GzipMembers,
    GzipProblem,
    decompressed_cap,
    find_after,
    next_member_start,
)
from tidings.sources.html import extract_article, parse_page
from tidings.sources.manifest import Manifest

#: A page larger than this is not a news article (and would not fit spaCy's limit once extracted).
MAX_PAGE_BYTES = 10 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_VERSION_LINE = b"\nWARC/1."
CRAWL_TIME = "warc-date (crawl time)"


class QuietArchiveIterator(ArchiveIterator):
    """warcio writes a warning to stderr when a record is not followed by its blank lines; the
    damage is reported as a BadInput instead, so the warning text is emptied."""

    INC_RECORD = ""


def read_warc(path: Path, manifest: Manifest) -> Iterator[RawArticle | BadInput]:
    """Every HTML response of a WARC file as an article; one BadInput per broken record."""
    cap = decompressed_cap(path.stat().st_size)
    fallback_day = manifest.for_file(path).get("published")
    with path.open("rb") as raw:
        gzipped = raw.read(2) == GZIP_MAGIC[:2]
        start: int | None = 0
        while start is not None:
            broken_at = yield from read_from(raw, start, path, gzipped, cap, fallback_day)
            start = None if broken_at is None else next_record_start(raw, max(broken_at, start), gzipped)


def read_from(raw: BinaryIO, start: int, path: Path, gzipped: bool, cap: int,
              fallback_day: date | None = None) -> Generator[RawArticle | BadInput, None, int | None]:
    """Records from file offset `start` on. Returns the offset of a broken record to resume
    after, or None when the file is done or cannot be read further (truncated, a bomb)."""
    raw.seek(start)
    stream = GzipMembers(raw, cap, quiet=True) if gzipped else raw
    records = QuietArchiveIterator(io.BufferedReader(stream) if gzipped else stream)
    current = start
    try:
        for record in records:
            current = record_offset(records, stream, gzipped)
            broken = header_problem(record)
            if broken and gzip_problem(stream):
                break  # the partial record the damage left: the damage is reported below
            if broken:  # without a length the record's end is unknown: resume at the next one
                yield BadInput(f"{path}#{current}", f"broken WARC record: {broken}")
                return current
            item = read_record(record, records, stream, path, current, gzipped, fallback_day)
            if item is not None and not (isinstance(item, BadInput) and gzip_problem(stream)):
                yield item
    except (ArchiveLoadFailed, ValueError, EOFError) as e:
        if not gzip_problem(stream):
            broken_at = max(current, record_offset(records, stream, gzipped))
            yield BadInput(f"{path}#{broken_at}", f"broken WARC record: {short(e)}")
            return broken_at
    problem = gzip_problem(stream)
    if problem is None:
        return None
    yield BadInput(f"{path}#{problem.offset}", problem.reason)
    return problem.offset if isinstance(problem, DamagedGzip) else None


def gzip_problem(stream: Any) -> GzipProblem | None:
    """The damage that ended a `.warc.gz` stream early; the partial record it leaves is not
    reported again on its own."""
    return getattr(stream, "problem", None)


def header_problem(record: ArcWarcRecord) -> str | None:
    if record.format != "warc" or not record.rec_type:
        return "no WARC-Type header"
    if declared_length(record) is None:
        return "no valid Content-Length"
    return None


def read_record(record: ArcWarcRecord, records: ArchiveIterator, stream: Any, path: Path, offset: int,
                gzipped: bool, fallback_day: date | None = None) -> RawArticle | BadInput | None:
    """One record at file `offset`: an article, a BadInput, or None for records that are not
    HTML responses."""
    if record.rec_type != "response" or not is_html(record):
        return None
    where = f"{path}#{offset}"
    length = declared_length(record) or 0
    if length > MAX_PAGE_BYTES:
        return BadInput(where, f"page too large ({length:,} bytes; limit {MAX_PAGE_BYTES:,})")
    page = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(page) > MAX_PAGE_BYTES:  # a compressed HTTP body can expand past its record's length
        return BadInput(where, f"page too large once decoded (over {MAX_PAGE_BYTES:,} bytes)")
    file_offset, file_length = stored_span(records, stream, gzipped)
    if getattr(record.raw_stream, "limit", 0) > 0:
        return BadInput(where, "WARC record cut short (truncated file?)")
    headers = record.rec_headers
    provenance = {"format": "warc", "warc_record_id": headers.get_header("WARC-Record-ID"),
                  "warc_offset": file_offset, "warc_length": file_length,
                  "warc_date": headers.get_header("WARC-Date")}
    return article(page, f"{path.name}#{file_offset}", where, headers.get_header("WARC-Target-URI"), provenance,
                   fallback_day)


def article(page: bytes, source_path: str, where: str, target_uri: str | None, provenance: dict[str, Any],
            fallback_day: date | None = None) -> RawArticle | BadInput:
    try:
        found = extract_article(parse_page(page, where), where)
    except BadInput as e:
        return e
    published, origin = found["published"], "markup" if found["published"] else None
    if published is None and fallback_day:
        published, origin = fallback_day, "manifest"
    if published is None:
        published = crawl_day(provenance["warc_date"])
        origin = CRAWL_TIME if published else None
    return RawArticle(source_path=source_path, body=found["body"], title=found["title"], published=published,
                      source=found["source"], url=target_uri or found["url"], language=found["language"],
                      provenance={**provenance, "published_from": origin})


def is_html(record: ArcWarcRecord) -> bool:
    if record.http_headers is None or record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return content_type in HTML_TYPES


def declared_length(record: ArcWarcRecord) -> int | None:
    try:
        length = int(record.rec_headers.get_header("Content-Length") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


def record_offset(records: ArchiveIterator, stream: Any, gzipped: bool) -> int:
    """Where the record being read starts in the file as stored."""
    return stream.file_offset_of(records.offset) if gzipped else records.offset


def stored_span(records: ArchiveIterator, stream: Any, gzipped: bool) -> tuple[int, int]:
    """(offset, length) of the current record in the file as stored: for a `.warc.gz` with one
    record per gzip member (as Common Crawl writes them), the member's compressed bytes."""
    data_offset, data_length = records.get_record_offset(), records.get_record_length()
    if not gzipped:
        return data_offset, data_length
    member = stream.member_at(data_offset)
    if member is None:  # several records in one member: no byte range of its own
        return stream.file_offset_of(data_offset), 0
    return member.file_start, member.file_end - member.file_start


def crawl_day(warc_date: str | None) -> date | None:
    try:
        return date.fromisoformat((warc_date or "")[:10])
    except ValueError:
        return None


def next_record_start(raw: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Where reading can resume after a broken record at `after`."""
    if gzipped:
        return next_member_start(raw, after)
    found = find_after(raw, WARC_VERSION_LINE, after)
    return None if found is None else found + 1


def short(error: Exception, width: int = 120) -> str:
    """An exception as one printable line: warcio quotes the broken bytes in its messages."""
    text = " ".join(str(error).split()) or error.__class__.__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = ["read_warc"]

