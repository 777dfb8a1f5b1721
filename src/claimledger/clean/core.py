"""The clean stage: Document -> Article.

The order of the passes matters: clutter first (so menus and credits do not hide the headline),
navigation labels with their linked titles, then the metadata lines at the top (they need the
clutter gone to find the first paragraph), then the end of the page (comments, teasers), the
author's bio, and last the reference list, which must point into the final text.
"""

from __future__ import annotations

from claimledger.clean.errors import CleanError
from claimledger.clean.html import html_lines
from claimledger.clean.markdown import markdown_lines
from claimledger.clean.metadata import PageFacts, merge, read_top
from claimledger.clean.references import find_citations
from claimledger.clean.rules import CleanRules
from claimledger.clean.text import (
    Line,
    assemble,
    cut_tail,
    drop_author_bio,
    drop_clutter,
    drop_navigation,
    split_text,
)
from claimledger.languages import detect
from claimledger.model import Article, Document, Metadata

CLEANER_VERSION = "clean-1"


def clean(document: Document, rules: CleanRules) -> Article:
    """The article text of a document, without page clutter, with its metadata and references.

    Raises CleanError when the document is too large or has no article text left.
    """
    body = document.body
    if len(body) > rules.max_chars:
        raise CleanError(
            f"document too large to clean: {len(body)} characters (limit {rules.max_chars})"
        )
    lines, page_metadata = _lines(document, body)
    known = merge(document.metadata, page_metadata)
    dropped: set[int] = set()
    facts = _classify(lines, rules, known, dropped)
    text, placed = assemble(lines, dropped)
    if not text.strip():
        raise CleanError("no article text left after removing page clutter")
    found = Metadata(title=facts.title, author=facts.author, published=facts.published)
    # The text says which language it is in; a declared language is kept when it cannot tell.
    language = Metadata(language=detect(text, known.language))
    return Article(
        id=document.id,
        source=document.source,
        text=text,
        metadata=merge(language, merge(known, found)),
        citations=find_citations(text, placed, rules),
        cleaner_version=CLEANER_VERSION,
    )


def _lines(document: Document, body: str) -> tuple[list[Line], Metadata]:
    if document.media_type == "html":
        return html_lines(body)
    if document.media_type == "markdown":
        return markdown_lines(body), Metadata()
    if document.media_type == "text":
        return split_text(body), Metadata()
    raise CleanError(f"cannot clean media type {document.media_type!r}")


def _classify(
    lines: list[Line], rules: CleanRules, known: Metadata, dropped: set[int]
) -> PageFacts:
    drop_clutter(lines, rules, dropped)
    drop_navigation(lines, rules, dropped)
    facts = read_top(lines, rules, dropped, known.title)
    cut_tail(lines, rules, dropped)
    drop_author_bio(lines, known.author or facts.author, rules, dropped)
    return facts
