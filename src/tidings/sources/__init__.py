"""Readers: files and folders in, `RawArticle`s (or one-line `BadInput` errors) out.

A reader is a function `(path, manifest) -> Iterator[RawArticle | BadInput]`, registered by file
suffix in `READERS`; one bad record never stops the others. `read_paths` walks files and folders
and dispatches each file to its reader. An article's `source_path` is its file's path relative to
the folder given (`dirA/report.txt`), or the file's name when the file itself was given. Only
regular files are opened: a FIFO, device or socket named as an input is refused, never read
(reading a FIFO would wait forever for a writer).

    >>> for item in read_paths(["examples/seeds/articles"], load_manifest("examples/seeds/manifest.jsonl")):
    ...     print(item.source_path if isinstance(item, RawArticle) else item)
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources.feeds import read_feed
from tidings.sources.html import read_html
from tidings.sources.manifest import BadManifest, Manifest, load_manifest
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
    """Named files as given; inside folders, only the regular files some reader handles (so a
    folder may hold notes, images, FIFOs or the database itself)."""
    for path, _ in named_input_files(paths):
        yield path


def named_input_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """`input_files`, each with the name its articles are stored under: the path relative to the
    folder given, or the file's own name."""
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*")
                           if f.is_file() and not f.name.startswith(".") and reader_for(f) is not None)
            for f in found:
                yield f, f.relative_to(p).as_posix()
        else:
            yield p, p.name


#: Readers that read exactly one article from a file.
SINGLE_ARTICLE_READERS = (read_text, read_html)


def article_count(paths: Iterable[str | Path]) -> int | None:
    """How many inputs `read_paths` will give for `paths`, when the files tell (one article a
    file: text and HTML); None when a file holds an unknown number (JSONL, WARC, feeds)."""
    files = [f for f, _ in named_input_files(paths)]
    if any(reader_for(f) not in SINGLE_ARTICLE_READERS for f in files):
        return None
    return len(files)


def reader_for(path: Path) -> Reader | None:
    suffixes = [s.lower() for s in path.suffixes]
    for n in range(len(suffixes), 0, -1):
        reader = READERS.get("".join(suffixes[-n:]))
        if reader:
            return reader
    return None


def read_paths(paths: Iterable[str | Path], manifest: Manifest | None = None) -> Iterator[RawArticle | BadInput]:
    """Every article found under `paths`, in a stable order, with an error item for each bad
    input; the manifest's own problems (ambiguous or missing files) go to `manifest.errors`."""
    roots = [Path(p) for p in paths]
    manifest = manifest or Manifest()
    files = list(named_input_files(roots))
    manifest.check_inputs([f for f, _ in files], roots)
    return read_files(files, manifest)


def read_files(files: Sequence[tuple[Path, str]], manifest: Manifest) -> Iterator[RawArticle | BadInput]:
    """The articles of each (file, stored name), through the reader its suffix names."""
    for path, name in files:
        if manifest.path is not None and path.resolve() == manifest.path.resolve():
            continue
        problem = _not_readable(path)
        if problem:
            yield BadInput(str(path), problem)
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
            for item in reader(path, manifest):
                yield _renamed(item, path.name, name)
        except OSError as e:
            yield BadInput(str(path), f"cannot read: {e.strerror or e}")
        except RecursionError:
            yield BadInput(str(path), "nested too deeply to read")
        except Exception as e:  # a reader bug loses the rest of this file, never the other files
            log.exception("reader failed on %s", path)
            yield BadInput(str(path), f"reader failed: {e.__class__.__name__}: {e}")


def _not_readable(path: Path) -> str | None:
    """Why a path is not opened: missing, or not a regular file (a FIFO would block forever)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISDIR(mode):
        return "a folder inside no folder given; give the folder itself"
    if not stat.S_ISREG(mode):
        kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
        return f"not a regular file (a {kind}); refused"
    return None


def _renamed(item: RawArticle | BadInput, file_name: str, stored_name: str) -> RawArticle | BadInput:
    """Articles of a file inside a folder are stored under its path in that folder ("dirA/report.txt#3")."""
    if isinstance(item, RawArticle) and stored_name != file_name and item.source_path.startswith(file_name):
        return dataclasses.replace(item, source_path=stored_name + item.source_path[len(file_name):])
    return item


__all__ = ["READERS", "BadManifest", "Manifest", "article_count", "input_files", "load_manifest", "named_input_files",
           "read_files", "read_paths", "register_reader", "reader_for"]
