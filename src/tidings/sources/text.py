"""Plain-text articles: one file, one article; metadata from the manifest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tidings.errors import BadInput
from tidings.model import RawArticle


def decode(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM is dropped), or BadInput for empty, binary or undecodable bytes."""
    if not data.strip():
        raise BadInput(where, "empty file")
    if b"\x00" in data[:8192]:
        raise BadInput(where, "binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadInput(where, f"invalid UTF-8 at byte {e.start}") from None
    if not text.strip():  # only Unicode spaces and separators (U+001C, U+2028...), found by fuzzing
        raise BadInput(where, "empty file (only white space)")
    return text


def read_text(path: Path, manifest) -> Iterator[RawArticle | BadInput]:
    try:
        body = decode(path.read_bytes(), str(path))
    except BadInput as e:
        yield e
        return
    meta = manifest.for_file(path)
    yield RawArticle(source_path=path.name, body=body.replace("\r\n", "\n").replace("\r", "\n"),
                     title=meta.get("title"), published=meta.get("published"), source=meta.get("source"),
                     url=meta.get("url"), language=meta.get("language"))
