"""RSS (0.9x, 1.0, 2.0) and Atom feeds: each item or entry becomes a Document.

Feeds are parsed with defusedxml, streamed element by element: a feed that declares entities
(the "billion laughs" expansion) or external resources is rejected, and memory stays bounded by
the largest single item, not the feed. An item without text is a Rejection; a feed that breaks
off halfway keeps the items read before the break and rejects the rest with the line it failed on.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

import defusedxml
import defusedxml.ElementTree as SafeET

from claimledger.model import Document, Metadata, Rejection, content_id

_ITEMS = frozenset({"item", "entry"})
_ROOTS = frozenset({"rss", "feed", "RDF", "rdf:RDF"})
_BODY_TAGS = ("encoded", "content", "description", "summary")  # best first
_DATE_TAGS = ("published", "pubDate", "date", "issued", "updated", "modified")
_ROOT_SNIFF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)\b")
_MARKUP = re.compile(r"<[A-Za-z/!]")


def is_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML file open an RSS, RDF or Atom document."""
    return _ROOT_SNIFF.search(head[:4096]) is not None


def read_feed(stream: BinaryIO, source: str) -> Iterator[Document | Rejection]:
    """The items of the feed in `stream`, in order; `source` names the file or URL."""
    number = 0
    root: ET.Element | None = None
    open_elements: list[ET.Element] = []
    try:
        events = SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=False)
        for event, element in events:
            if event == "start":
                if root is None:
                    root = element
                    if _local(root.tag) not in _ROOTS:
                        tag = _local(root.tag)
                        yield Rejection(source, f"XML is not an RSS or Atom feed (root <{tag}>)")
                        return
                open_elements.append(element)
                continue
            open_elements.pop()
            if _local(element.tag) not in _ITEMS:
                continue
            number += 1
            yield _item(element, f"{source}#{number}")
            if open_elements:  # drop finished items: memory holds one item at a time
                del open_elements[-1][:]
    except defusedxml.DefusedXmlException as exc:
        yield Rejection(f"{source}#{number + 1}", f"feed refused: {_defused_reason(exc)}")
    except ET.ParseError as exc:
        line, _ = exc.position
        where = "empty or not XML" if root is None else f"at line {line}"
        yield Rejection(f"{source}#{number + 1}", f"malformed feed XML {where}: {exc}")
    if root is not None and number == 0:
        yield Rejection(source, "feed has no items")


def _item(element: ET.Element, fallback: str) -> Document | Rejection:
    fields = _fields(element)
    body, media_type = fields.get("body", ""), fields.pop("media_type", "html")
    record = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
    cid = content_id(record)
    source = fields.get("link") or fallback
    if not body.strip():
        return Rejection(source, "feed item has no text", cid)
    published = _date(fields.get("date", ""))
    metadata = Metadata(
        title=fields.get("title") or None,
        url=fields.get("link") or None,
        author=fields.get("author") or None,
        published=published,
    )
    return Document(id=cid, source=source, media_type=media_type, body=body, metadata=metadata)


def _fields(element: ET.Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    bodies: dict[str, tuple[str, str]] = {}
    dates: dict[str, str] = {}
    for child in element:
        name = _local(child.tag)
        if name == "title" and "title" not in fields:
            fields["title"] = _text(child)
        elif name == "link" and "link" not in fields:
            href = child.get("href")
            if href is None or child.get("rel", "alternate") == "alternate":
                fields["link"] = (href or _text(child)).strip()
        elif name in ("author", "creator") and "author" not in fields:
            name_child = next((c for c in child if _local(c.tag) == "name"), None)
            fields["author"] = _text(name_child if name_child is not None else child)
        elif name in _DATE_TAGS:
            dates.setdefault(name, _text(child))
        elif name in _BODY_TAGS and name not in bodies:
            bodies[name] = _body(child)
    fields["date"] = next((dates[name] for name in _DATE_TAGS if name in dates), "")
    for name in _BODY_TAGS:
        if name in bodies and bodies[name][0].strip():
            fields["body"], fields["media_type"] = bodies[name]
            break
    return {k: v.strip() if k != "body" else v for k, v in fields.items()}


def _body(element: ET.Element) -> tuple[str, str]:
    kind = element.get("type", "")
    if kind == "xhtml" or (len(element) and not (element.text or "").strip()):
        inner = "".join(ET.tostring(child, encoding="unicode") for child in element)
        return inner, "html"
    text = _text(element)
    if kind == "text" or not _MARKUP.search(text):
        return text, "text"
    return text, "html"


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _defused_reason(exc: Exception) -> str:
    if isinstance(exc, defusedxml.EntitiesForbidden):
        return "declares XML entities (entity expansion is not allowed)"
    if isinstance(exc, defusedxml.ExternalReferenceForbidden):
        return "refers to external resources"
    return str(exc)
