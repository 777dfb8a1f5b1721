"""Gzip that cannot explode: decompression is streamed and stops, with a typed rejection, when
the output passes a size cap or grows faster than a ratio cap allows (a compression bomb).
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from claimledger.errors import RejectedInput

CHUNK = 64 * 1024
# The ratio is only judged once this much is out: tiny files compress oddly, bombs do not stay tiny.
RATIO_FLOOR = 1_000_000


class DecompressionRefused(RejectedInput):
    """The compressed stream cannot be read on: corrupt, or past a cap. The rest of it is lost."""


class _BoundedGzip(io.RawIOBase):
    """A gzip stream (possibly many members, as in .warc.gz) read through size and ratio caps."""

    def __init__(self, raw: BinaryIO, max_output: int, max_ratio: int) -> None:
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._max_output = max_output
        self._max_ratio = max_ratio
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        try:
            data = self._gzip.read(min(len(view), CHUNK))
        except (OSError, EOFError, zlib.error) as exc:
            raise DecompressionRefused(f"corrupt gzip data: {exc}") from exc
        self.produced += len(data)
        check_expansion(self.produced, self._raw.tell(), self._max_output, self._max_ratio)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._gzip.close()
        self._raw.close()
        super().close()


def check_expansion(
    produced: int,
    consumed: int,
    max_output: int,
    max_ratio: int,
    refuse: type[RejectedInput] = DecompressionRefused,
) -> None:
    if produced > max_output:
        raise refuse(f"decompressed size over the limit of {max_output:,} bytes")
    if produced > RATIO_FLOOR and produced > max_ratio * max(consumed, 1):
        raise refuse(
            f"compression bomb: {consumed:,} bytes expand past {produced:,} "
            f"(ratio limit {max_ratio}:1)"
        )


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file. A FIFO or device is refused before it is
    opened (a FIFO with no writer would hang a blocking open), and checked again once opened,
    without blocking, in case the name was swapped in between."""
    try:
        _refuse_special(os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise RejectedInput(f"cannot read: {exc.strerror or exc}") from exc
    try:
        _refuse_special(os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISFIFO(mode):
        kind = "a FIFO"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "a socket, folder or other special file"
    raise RejectedInput(f"not a regular file ({kind}): not read")


def open_bounded(path: Path, max_output: int, max_ratio: int) -> BinaryIO:
    """A buffered reader over `path` (a regular file), decompressed when it ends in .gz, within the caps."""
    raw = open_regular(path)
    if path.suffix.lower() != ".gz":
        return raw
    return io.BufferedReader(_BoundedGzip(raw, max_output, max_ratio), CHUNK)  # type: ignore[return-value]


def read_bounded(path: Path, max_bytes: int, max_ratio: int) -> bytes:
    """The whole (decompressed) content of a file of at most `max_bytes`."""
    with open_bounded(path, max_bytes, max_ratio) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise RejectedInput(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise RejectedInput(f"too large: over {max_bytes:,} bytes")
    return data


def inflate_chunks(
    chunks: Iterable[bytes], encoding: str, max_output: int, max_ratio: int
) -> Iterator[bytes]:
    """HTTP bodies sent with Content-Encoding gzip or deflate, decoded within the caps."""
    if encoding in ("", "identity"):
        yield from chunks
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise RejectedInput(f"unsupported content encoding {encoding!r}")
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    consumed = produced = 0
    try:
        for chunk in chunks:
            consumed += len(chunk)
            pending = chunk
            while pending:
                out = decoder.decompress(pending, CHUNK)
                pending = decoder.unconsumed_tail
                produced += len(out)
                check_expansion(produced, consumed, max_output, max_ratio, RejectedInput)
                yield out
        tail = decoder.flush()
    except zlib.error as exc:
        raise RejectedInput(f"corrupt {encoding} body: {exc}") from exc
    produced += len(tail)
    check_expansion(produced, consumed, max_output, max_ratio, RejectedInput)
    yield tail
