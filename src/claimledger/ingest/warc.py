"""WARC archives (.warc, .warc.gz): each archived HTML or plain-text page becomes a Document.

The parser is streamed and written here rather than taken from a library so that every bound is
ours: header lines and header blocks have size caps, a record's block is read only when its
declared length is within `max_bytes`, and a record that is broken (bad header, bad length,
truncated body, undecodable text) becomes a Rejection while the reader moves on to the next
record. Only `response`, `resource` and `conversion` records carry documents; requests,
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


class _EndOfArchive(Exception):
    pass


def read_warc(
    stream: BinaryIO, source: str, max_bytes: int, max_ratio: int
) -> Iterator[Document | Rejection]:
    """The documents archived in `stream`, with a Rejection for each broken record."""
    number = 0
    while True:
        try:
            version = _next_version_line(stream)
        except _EndOfArchive:
            if number == 0:
                yield Rejection(source, "not a WARC archive: no 'WARC/' record found")
            return
        number += 1
        where = f"{source}#{number}"
        try:
            headers = _headers(stream)
            item = _record(stream, version, headers, where, max_bytes, max_ratio)
        except DecompressionRefused:
            raise  # the archive itself cannot be read on; the caller rejects the rest
        except RejectedInput as exc:
            yield Rejection(where, exc.reason, exc.content_id)
            continue
        if item is not None:
            yield item


def _next_version_line(stream: BinaryIO) -> bytes:
    """The next `WARC/x.y` line; anything else before it (padding, garbage) is skipped."""
    while True:
        line = stream.readline(MAX_LINE)
        if not line:
            raise _EndOfArchive
        if line.startswith(b"WARC/"):
            return line.strip()


def _headers(stream: BinaryIO) -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS):
        line = stream.readline(MAX_LINE)
        if not line:
            raise RejectedInput("truncated WARC record: the archive ends inside the headers")
        if len(line) >= MAX_LINE and not line.endswith(b"\n"):
            raise RejectedInput(f"WARC header line longer than {MAX_LINE:,} bytes")
        if not line.strip():
            return headers
        name, sep, value = line.decode("utf-8", "replace").partition(":")
        if not sep:
            raise RejectedInput(f"malformed WARC header line {line[:60]!r}")
        headers[name.strip().lower()] = value.strip()
    raise RejectedInput(f"more than {MAX_HEADERS} WARC header lines")


def _record(
    stream: BinaryIO,
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
    if kind not in _CONTENT_RECORDS:
        _skip(stream, length)
        return None
    if length > max_bytes:
        _skip(stream, length)
        raise RejectedInput(f"WARC record too large: {length:,} bytes (limit {max_bytes:,})")
    block = stream.read(length)
    if len(block) < length:
        raise RejectedInput(f"truncated WARC record: {len(block):,} of {length:,} bytes")
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


def _skip(stream: BinaryIO, length: int) -> None:
    remaining = length
    while remaining > 0:
        data = stream.read(min(remaining, _SKIP_CHUNK))
        if not data:
            return
        remaining -= len(data)
