"""Readers: files and folders in, `RawArticle`s (or one-line `BadInput` errors) out.

A reader is a function `(path, manifest) -> Iterator[RawArticle | BadInput]`, registered by file
suffix in `READERS`; one bad record never stops the others. `read_paths` walks files and folders
and dispatches each file to its reader.

    >>> for item in read_paths(["examples/seeds/articles"], load_manifest("examples/seeds/manifest.jsonl")):
    ...     print(item.source_path if isinstance(item, RawArticle) else item)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources.feeds import read_feed
from tidings.sources.html import read_html
from tidings.sources.manifest import Manifest, load_manifest
from tidings.sources.newsplease import read_newsplease
from tidings.sources.text import read_text
from tidings.sources.warc import read_warc

log = logging.getLogger(__name__)

Reader = Callable[[Path, Manifest], Iterator["RawArticle | BadInput"]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".html": read_html, ".htm": read_html,
    ".jsonl": read_newsplease, ".jsonl.gz": read_newsplease,
    ".warc": read_warc, ".warc.gz": read_warc,
    ".rss": read_feed, ".atom": read_feed, ".xml": read_feed,
}

#: Inputs larger than this are refused whole rather than read into memory ...
MAX_FILE_BYTES = 50 * 1024 * 1024
#: ... except by readers that stream record by record, each record capped (a CC-NEWS WARC is ~1 GB).
STREAMING_READERS = (read_newsplease, read_warc)


def register_reader(suffix: str, reader: Reader) -> None:
    READERS[suffix.lower()] = reader


def input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Named files as given; inside folders, only the files some reader handles (so a folder may
    hold notes, images or the database itself)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*")
                              if f.is_file() and not f.name.startswith(".") and reader_for(f) is not None)
        else:
            yield p


def reader_for(path: Path) -> Reader | None:
    suffixes = [s.lower() for s in path.suffixes]
    for n in range(len(suffixes), 0, -1):
        reader = READERS.get("".join(suffixes[-n:]))
        if reader:
            return reader
    return None


def read_paths(paths: Iterable[str | Path], manifest: Manifest | None = None) -> Iterator[RawArticle | BadInput]:
    """Every article found under `paths`, in a stable order, with an error item for each bad input."""
    manifest = manifest or Manifest()
    for path in input_files(paths):
        if manifest.path is not None and path.resolve() == manifest.path.resolve():
            continue
        if not path.exists():
            yield BadInput(str(path), "no such file")
            continue
        reader = reader_for(path)
        if reader is None:
            yield BadInput(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                                      f"readable: {', '.join(sorted(READERS))}")
            continue
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and reader not in STREAMING_READERS:
            yield BadInput(str(path), f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
            continue
        try:
            yield from reader(path, manifest)
        except OSError as e:
            yield BadInput(str(path), f"cannot read: {e.strerror or e}")
        except RecursionError:
            yield BadInput(str(path), "nested too deeply to read")
        except Exception as e:  # a reader bug loses the rest of this file, never the other files
            log.exception("reader failed on %s", path)
            yield BadInput(str(path), f"reader failed: {e.__class__.__name__}: {e}")


__all__ = ["READERS", "Manifest", "input_files", "load_manifest", "read_paths", "register_reader", "reader_for"]
