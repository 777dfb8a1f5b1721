"""Web payloads to text: which media type a Content-Type names, and decoding with its charset."""

from __future__ import annotations

import codecs
import re

from claimledger.errors import RejectedInput

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)


def mime_of(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def media_type_of(content_type: str) -> str | None:
    """'html' or 'text' for the Content-Types that carry articles; None for anything else."""
    mime = mime_of(content_type)
    if mime in _HTML_TYPES:
        return "html"
    if mime in _TEXT_TYPES:
        return "text"
    return None


def decode_web(body: bytes, content_type: str, cid: str | None = None) -> str:
    """Text of a payload: the charset its header or <meta> names, else UTF-8 (BOM honoured)."""
    charset = _charset(content_type) or _meta_charset(body)
    if not body.strip():
        raise RejectedInput("empty payload", cid)
    if b"\x00" in body[:8192] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RejectedInput("binary content (NUL bytes), not text", cid)
    try:
        codec = codecs.lookup(charset or "utf-8")
    except LookupError as exc:
        raise RejectedInput(f"unknown charset {charset!r}", cid) from exc
    if not codec._is_text_encoding:  # "base64", "zlib" and the like are not charsets
        raise RejectedInput(f"unknown charset {charset!r}", cid)
    encoding = codec.name
    if body.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif body.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise RejectedInput(f"not valid {encoding}: {exc.reason} at byte {exc.start}", cid) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None
