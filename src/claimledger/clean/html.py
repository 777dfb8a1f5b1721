"""HTML pages: trafilatura finds the main text and the metadata; when it finds nothing, a plain
lxml walk over the block elements gives the text instead. Either way the result is `Line`s for the
same line classifier as plain text.

Pages are untrusted: the input is size-bounded by the caller, lxml caps the nesting depth, the
walk below is iterative, and any failure inside the extractors ends in a `CleanError` with the
reason rather than a crash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re

import lxml.etree
import lxml.html
import trafilatura

from claimledger.clean.errors import CleanError
from claimledger.clean.markdown import markdown_lines
from claimledger.clean.text import Line, normalise
from claimledger.model import Metadata

_LANG = re.compile(
    r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)?", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "button",
        "select",
        "textarea",
        "head",
        "title",
        "figure",
        "menu",
    }
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "figcaption",
        "address",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "hr",
        "body",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES = re.compile(r"\s+")
# What trafilatura and the parsers under it raise on markup they cannot handle.
_EXTRACTOR_FAILURES = (
    # htmldate drops an <iframe> that lxml left without a parent ("</html><iframe>...") and
    # lxml asserts the parent exists
    AssertionError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    RecursionError,
    lxml.etree.LxmlError,
)

log = logging.getLogger(__name__)


def html_lines(body: str) -> tuple[list[Line], Metadata]:
    """The main text of an HTML page as Lines, and the metadata its markup gives."""
    language = _language(body)
    extracted = _trafilatura(body)
    if extracted is not None:
        text, metadata = extracted
        lines = markdown_lines(text)
        if any(line.text for line in lines):
            return lines, _with_language(metadata, language)
    lines = _plain_lines(body)
    if not lines:
        raise CleanError("no text could be extracted from the HTML")
    return lines, Metadata(language=language)


def _trafilatura(body: str) -> tuple[str, Metadata] | None:
    try:
        document = trafilatura.extract_with_metadata(
            body,
            output_format="markdown",
            include_comments=False,
            include_links=True,
            include_formatting=True,
            include_tables=True,
            # only dates the markup states (meta tags, <time>, the URL); no guessing from text
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except _EXTRACTOR_FAILURES as exc:  # hostile markup: fall back to the plain walk
        log.debug("trafilatura failed: %s", exc)
        return None
    if document is None or not document.text:
        return None
    metadata = Metadata(
        title=_text_or_none(document.title),
        url=_text_or_none(document.url),
        outlet=_text_or_none(document.sitename),
        author=_text_or_none(document.author),
        published=_iso_date(document.date),
    )
    return _without_header(document.text), metadata


def _without_header(text: str) -> str:
    """trafilatura puts its metadata in a YAML header above the text; the text is below it."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[end + 5 :]
    return text


def _plain_lines(body: str) -> list[Line]:
    """Text of every block element, in document order, skipping scripts, menus and footers."""
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        root = lxml.html.document_fromstring(
            _XML_DECLARATION.sub("", body).encode("utf-8"), parser=parser
        )
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise CleanError(f"HTML could not be parsed: {exc}") from exc
    lines: list[Line] = []
    buffer: list[str] = []
    in_heading = False

    def flush() -> None:
        nonlocal in_heading
        text = normalise(_SPACES.sub(" ", "".join(buffer)))
        buffer.clear()
        if text:
            lines.extend((Line(text, heading=in_heading), Line("")))
        in_heading = False

    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCKS:
                flush()
                in_heading = tag in _HEADINGS
            buffer.append(element.text or "")
        else:
            if tag in _BLOCKS:
                flush()
            buffer.append(element.tail or "")
    flush()
    return lines


def _language(body: str) -> str | None:
    match = _LANG.search(body[:5000])
    return match.group(1).lower() if match else None


def _with_language(metadata: Metadata, language: str | None) -> Metadata:
    return dataclasses.replace(metadata, language=language)


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
