"""WARC archives (.warc, .warc.gz): each archived HTML or plain-text page becomes a Document.

The parser is streamed and written here rather than taken from a library so that every bound is
ours: header lines and header blocks have size caps, a record's block is read only when its
declared length is within `max_bytes`, and a record that is broken (bad header, bad length,
truncated body, undecodable text) becomes a Rejection while the reader moves on to the next
record. Record boundaries are verified, not taken from Content-Length: a record cut short is
rejected when the next record begins inside its headers or its block, and reading resumes at
that record; bytes between records that belong to none are reported, never dropped silently. Only `response`, `resource` and `conversion` records carry documents; requests,
metadata, `warcinfo` and `revisit` records, non-2xx responses and non-text payloads (images,
scripts, stylesheets) are not articles and are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from claimledger.errors import RejectedInput
from claimledger.model import Document, Metadata, Rejection, content_id
from claimledger.ingest.compressed import DecompressionRefused, inflate_chunks
from claimledger.ingest.text import decode_web, media_type_of

MAX_LINE = 64 * 1024
MAX_HEADERS = 256
_CONTENT_RECORDS = frozenset({"response", "resource", "conversion"})
_SKIP_CHUNK = 1024 * 1024
_STATUS = re.compile(rb"^HTTP/\d(?:\.\d)? (\d{3})")
# A record's first two lines, wherever they appear: the version line and a header.
_RECORD_START = re.compile(rb"WARC/\d+\.\d+\r\n[A-Za-z][\w-]*:")
_GLUED_VERSION = re.compile(rb"WARC/\d+\.\d+\r?\n$")  # a version line at the end of another line
_PEEK = 256  # bytes read past a block to find a record whose start the block cut through


class _EndOfArchive(Exception):
    def __init__(self, skipped: int) -> None:
        super().__init__(skipped)
        self.skipped = skipped


class _Reader:
    """The archive stream with a push-back buffer: bytes read past a record's end, or a record
    found inside a damaged one, are put back and read again as the start of the next record."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._back = b""

    def unread(self, data: bytes) -> None:
        self._back = data + self._back

    def readline(self, limit: int) -> bytes:
        if not self._back:
            return self._stream.readline(limit)
        newline = self._back.find(b"\n", 0, limit)
        if newline >= 0 or len(self._back) >= limit:
            cut = newline + 1 if newline >= 0 else limit
            line, self._back = self._back[:cut], self._back[cut:]
            return line
        line, self._back = self._back, b""
        return line + self._stream.readline(limit - len(line))

    def read(self, size: int) -> bytes:
        head, self._back = self._back[:size], self._back[size:]
        if len(head) < size:
            head += self._stream.read(size - len(head))
        return head


def read_warc(
    stream: BinaryIO, source: str, max_bytes: int, max_ratio: int
) -> Iterator[Document | Rejection]:
    """The documents archived in `stream`, with a Rejection for each broken record."""
    reader = _Reader(stream)
    number = 0
    rejected = False  # the last record was rejected: what is left of it is no news
    while True:
        try:
            version, skipped = _next_version_line(reader)
        except _EndOfArchive as end:
            if number == 0:
                yield Rejection(source, "not a WARC archive: no 'WARC/' record found")
            elif end.skipped and not rejected:
                yield Rejection(f"{source}#{number + 1}", _damaged(end.skipped))
            return
        if skipped and not rejected:  # the remains of a record cut short: reported as one
            number += 1
            yield Rejection(f"{source}#{number}", _damaged(skipped))
        number += 1
        where = f"{source}#{number}"
        try:
            headers = _headers(reader)
            item = _record(reader, version, headers, where, max_bytes, max_ratio)
        except DecompressionRefused:
            raise  # the archive itself cannot be read on; the caller rejects the rest
        except RejectedInput as exc:
            rejected = True
            yield Rejection(where, exc.reason, exc.content_id)
            continue
        rejected = False
        if item is not None:
            yield item


def _damaged(skipped: int) -> str:
    return f"damaged WARC data: {skipped:,} bytes that are not part of any record (a record cut short?)"


def _next_version_line(reader: _Reader) -> tuple[bytes, int]:
    """The next `WARC/x.y` line, and how many bytes other than blank lines were skipped before it
    (the remains of a damaged record)."""
    skipped = 0
    while True:
        line = reader.readline(MAX_LINE)
        if not line:
            raise _EndOfArchive(skipped)
        glued = _GLUED_VERSION.search(line)
        if glued and glued.start() > 0:  # a record cut mid-line runs straight into the next one
            return line[glued.start() :].strip(), skipped + glued.start()
        if line.startswith(b"WARC/"):
            return line.strip(), skipped
        skipped += len(line.strip())


def _headers(reader: _Reader) -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS):
        line = reader.readline(MAX_LINE)
        if not line:
            raise RejectedInput("truncated WARC record: the archive ends inside the headers")
        if len(line) >= MAX_LINE and not line.endswith(b"\n"):
            raise RejectedInput(f"WARC header line longer than {MAX_LINE:,} bytes")
        glued = _GLUED_VERSION.search(line)
        if line.startswith(b"WARC/") or glued:
            reader.unread(line[glued.start() if glued else 0 :])
            raise RejectedInput("truncated WARC record: the next record begins inside its headers")
        if not line.strip():
            return headers
        name, sep, value = line.decode("utf-8", "replace").partition(":")
        if not sep:
            raise RejectedInput(f"malformed WARC header line {line[:60]!r}")
        headers[name.strip().lower()] = value.strip()
    raise RejectedInput(f"more than {MAX_HEADERS} WARC header lines")


def _record(
    reader: _Reader,
    version: bytes,
    headers: dict[str, str],
    where: str,
    max_bytes: int,
    max_ratio: int,
) -> Document | Rejection | None:
    declared = headers.get("content-length", "")
    if not declared.isdigit():
        raise RejectedInput(f"WARC record without a valid Content-Length ({declared!r})")
    length = int(declared)
    kind = headers.get("warc-type", "")
    uri = headers.get("warc-target-uri", "").strip("<>") or None
    if length > max_bytes:
        _skip(reader, length)
        if kind in _CONTENT_RECORDS:
            raise RejectedInput(f"WARC record too large: {length:,} bytes (limit {max_bytes:,})")
        return None
    block = _block(reader, length)
    if kind not in _CONTENT_RECORDS:
        return None
    cid = content_id(block)
    if not version.startswith((b"WARC/1.0", b"WARC/1.1", b"WARC/0.")):
        raise RejectedInput(f"unsupported WARC version {version.decode('ascii', 'replace')}", cid)
    if kind == "response" and headers.get("content-type", "").startswith("application/http"):
        status, content_type, body = _http_payload(block, cid, max_bytes, max_ratio)
        if not 200 <= status < 300:
            return None
    else:
        content_type, body = headers.get("content-type", ""), block
    media_type = media_type_of(content_type)
    if media_type is None:
        return None  # an image, script or stylesheet: not an article
    text = decode_web(body, content_type, cid)
    metadata = Metadata(url=uri)
    return Document(id=cid, source=uri or where, media_type=media_type, body=text, metadata=metadata)


def _block(reader: _Reader, length: int) -> bytes:
    """A record's block, checked to end where the next record (or the archive) begins.

    Content-Length is not trusted alone: a record cut short has a length that reaches into the
    next record. When the archive ends early, or a record's start (a `WARC/x.y` line followed by
    a header) lies inside the block, the record is rejected and reading resumes at that start."""
    block = reader.read(length)
    after = reader.read(_PEEK)
    found = _RECORD_START.search(block + after)
    if found is not None and found.start() < len(block):
        reader.unread((block + after)[found.start() :])
        raise RejectedInput(
            f"truncated WARC record: another record begins {found.start():,} bytes into its "
            f"declared {length:,}"
        )
    if len(block) < length:
        reader.unread(after)
        raise RejectedInput(f"truncated WARC record: {len(block):,} of {length:,} bytes")
    reader.unread(after.lstrip(b"\r\n"))  # the blank lines that close the record
    return block


def _http_payload(
    block: bytes, cid: str, max_bytes: int, max_ratio: int
) -> tuple[int, str, bytes]:
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.splitlines()
    match = _STATUS.match(lines[0]) if lines else None
    if not sep or match is None:
        raise RejectedInput("WARC response without a valid HTTP status line and headers", cid)
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        fields[name.strip().lower()] = value.strip()
    if "chunked" in fields.get("transfer-encoding", "").lower():
        body = _dechunk(body, cid)
    encoding = fields.get("content-encoding", "").lower().strip()
    body = b"".join(inflate_chunks([body], encoding, max_bytes, max_ratio))
    return int(match.group(1)), fields.get("content-type", ""), body


def _dechunk(body: bytes, cid: str) -> bytes:
    out: list[bytes] = []
    position = 0
    while True:
        end = body.find(b"\r\n", position)
        size_text = body[position:end].split(b";")[0].strip() if end >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            # Many archivers store the body already de-chunked but keep the header.
            return body if not out else b"".join(out)
        if size == 0:
            return b"".join(out)
        start = end + 2
        if start + size > len(body):
            raise RejectedInput("truncated chunked HTTP body in WARC record", cid)
        out.append(body[start : start + size])
        position = start + size + 2


def _skip(reader: _Reader, length: int) -> None:
    remaining = length
    while remaining > 0:
        data = reader.read(min(remaining, _SKIP_CHUNK))
        if not data:
            return
        remaining -= len(data)
