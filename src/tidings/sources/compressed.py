"""Gzip inputs, decompressed as a stream with a cap, so a decompression bomb is refused, not obeyed.

A gzip stream can expand about a thousandfold: 1 MB of zeros-in-gzip is 1 GB of "text". News
archives compress 3–10× (HTML and JSON), so a stream that grows past `MAX_EXPANSION` times its
compressed size (and past `MIN_DECOMPRESSED_CAP`, so small files are never refused for being
repetitive) is stopped with `DecompressionBomb`. The stream also keeps where each gzip member
starts and ends in the file: Common Crawl compresses every WARC record as its own member, and
those file offsets are what a reader needs to fetch the record again.

    with GzipMembers(open("CC-NEWS-20190301.warc.gz", "rb")) as stream:
        stream.read(4096)  # decompressed bytes; DecompressionBomb / TruncatedGzip / DamagedGzip
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import BinaryIO

#: Refuse a stream that decompresses to more than this many times its compressed size ...
MAX_EXPANSION = 50
#: ... once it is past this size (small repetitive files expand a lot and are harmless). Kept low
#: because what a bomb expands into is cheap to write and slow to walk: 64 MB of blank lines is
#: 64 million lines to step over (half a minute, found by tests/test_fuzz.py); 4 MB is 2 s.
MIN_DECOMPRESSED_CAP = 4 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b\x08"
CHUNK = 64 * 1024


class GzipProblem(Exception):
    """The compressed stream cannot be read on; `offset` is where in the file it went wrong."""

    def __init__(self, reason: str, offset: int):
        super().__init__(reason)
        self.reason, self.offset = reason, offset


class DecompressionBomb(GzipProblem):
    pass


class TruncatedGzip(GzipProblem):
    pass


class DamagedGzip(GzipProblem):
    pass


def decompressed_cap(compressed_size: int) -> int:
    return max(MIN_DECOMPRESSED_CAP, MAX_EXPANSION * compressed_size)


@dataclass(frozen=True, slots=True)
class Member:
    """One gzip member: its bytes in the file and what they decompress to."""

    file_start: int
    file_end: int
    data_start: int
    data_end: int


class GzipMembers(io.RawIOBase):
    """A read-only stream of the decompressed bytes of every gzip member from the file's current
    position on, with `members` recording each one finished so far."""

    def __init__(self, raw: BinaryIO, cap: int | None = None, close_raw: bool = False, quiet: bool = False):
        """`quiet`: a problem ends the stream as if it were the end of the file and is left in
        `problem` (for a caller whose parser buffers ahead and would lose the bytes before it)."""
        super().__init__()
        self.raw, self.close_raw, self.quiet = raw, close_raw, quiet
        self.cap = cap if cap is not None else decompressed_cap(_size(raw))
        self.members: list[Member] = []
        self._member_file_start = raw.tell()
        self._member_data_start = 0
        self._file_pos = raw.tell()  # file offset of the next compressed byte to decompress
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""  # compressed bytes read but not yet given to the decompressor
        self._out = memoryview(b"")
        self._delivered = 0
        self._produced = 0
        self._eof = False
        self.problem: GzipProblem | None = None

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if self.close_raw and not self.closed:
            self.raw.close()
        super().close()

    def tell(self) -> int:
        return self._delivered

    def readinto(self, buffer) -> int:
        """Decompressed bytes; a problem is raised only once the bytes before it are delivered, so
        a reader keeps every whole record before the damage."""
        while not self._out and not self._eof:
            try:
                self._fill()
            except GzipProblem as problem:
                self._eof, self.problem = True, problem
        if not self._out and self.problem and not self.quiet:
            raise self.problem
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]  # a view: no copy of the rest
        self._delivered += n
        return n

    def member_at(self, data_offset: int) -> Member | None:
        """The finished member whose decompressed bytes start at `data_offset`, if any."""
        for member in reversed(self.members):
            if member.data_start == data_offset:
                return member
            if member.data_start < data_offset:
                return None
        return None

    def file_offset_of(self, data_offset: int) -> int:
        """The file offset of the member holding decompressed byte `data_offset`."""
        for member in reversed(self.members):
            if member.data_start <= data_offset < member.data_end:
                return member.file_start
        return self._member_file_start if data_offset >= self._member_data_start else 0

    def _fill(self) -> None:
        if not self._pending:
            self._pending = self.raw.read(CHUNK)
            if not self._pending:
                self._finish_file()
                return
        data, self._pending = self._pending, b""
        try:
            out = self._inflate.decompress(data, CHUNK * 16)
        except zlib.error as e:
            raise DamagedGzip(f"damaged gzip file: {e}", self._member_file_start) from None
        self._pending = self._inflate.unconsumed_tail
        self._file_pos += len(data) - len(self._pending) - len(self._inflate.unused_data)
        self._produce(out)
        if self._inflate.eof:
            self._next_member()

    def _produce(self, out: bytes) -> None:
        self._produced += len(out)
        if self._produced > self.cap:
            raise DecompressionBomb(f"decompresses to more than {self.cap:,} bytes "
                                    f"({MAX_EXPANSION}x its size); refused as a likely decompression bomb",
                                    self._member_file_start)
        self._out = memoryview(bytes(self._out) + out) if self._out else memoryview(out)

    def _next_member(self) -> None:
        rest = self._inflate.unused_data + self._pending
        self.members.append(Member(self._member_file_start, self._file_pos,
                                   self._member_data_start, self._produced))
        self._member_file_start, self._member_data_start = self._file_pos, self._produced
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = rest or self.raw.read(CHUNK)
        if not self._pending:
            self._eof = True

    def _finish_file(self) -> None:
        self._eof = True
        if self._produced > self._member_data_start or self._file_pos > self._member_file_start:
            raise TruncatedGzip("damaged gzip file: it ends in the middle of a member (truncated download?)",
                                self._member_file_start)


def _size(raw: BinaryIO) -> int:
    here = raw.tell()
    size = raw.seek(0, io.SEEK_END)
    raw.seek(here)
    return size - here


def next_member_start(raw: BinaryIO, after: int) -> int | None:
    """The file offset of the first gzip member header after `after`, or None."""
    return find_after(raw, GZIP_MAGIC, after)


def find_after(raw: BinaryIO, marker: bytes, after: int) -> int | None:
    """The first offset > `after` where `marker` starts in the file, or None."""
    position = after + 1
    raw.seek(position)
    carry = b""
    while chunk := raw.read(CHUNK):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found
        carry = window[-(len(marker) - 1):]
        position += len(chunk)
    return None
