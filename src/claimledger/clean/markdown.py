"""Markdown to plain lines: the words a reader sees, with headings marked and link targets kept
aside (a reference list's URLs stay findable even where only the link text is shown).

Not a full CommonMark parser: block structure by line prefixes, inline syntax by a few regular
expressions, which is what articles (and trafilatura's markdown output) use.
"""

from __future__ import annotations

import re

from claimledger.clean.text import Line, normalise

_FENCE = re.compile(r"^(```|~~~)")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_QUOTE = re.compile(r"^(?:>\s?)+")
_BULLET = re.compile(r"^[-*+]\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")

# Spans are bounded ({0,500}) so that a hostile line full of unclosed brackets or asterisks
# costs linear time, not quadratic.
_IMAGE = re.compile(r"!\[[^\]]{0,500}\]\([^)]{0,1000}\)|!\[[^\]]{0,500}\]\[[^\]]{0,100}\]")
_LINK = re.compile(
    r"\[([^\]]{0,500})\]\(\s*<?([^)\s>]{0,1000})>?(?:\s+[\"'][^)]{0,300}[\"'])?\s*\)"
)
_REF_LINK = re.compile(r"\[([^\]]{1,500})\]\[([^\]]{0,100})\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]{1,1000}|[^>\s@]{1,100}@[^>\s]{1,100})>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
_CODE = re.compile(r"`+([^`]+)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![*\w])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![*\w])")
_EM_UNDERSCORE = re.compile(r"(?<![_\w])_(?=\S)(.{1,500}?)(?<=\S)_(?![_\w])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~")
_SYNTAX = re.compile(r"[\[\]*_`<~\\]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


def markdown_lines(body: str) -> list[Line]:
    """Markdown as Lines: one per paragraph, heading, list item or table row; blank lines
    between blocks."""
    raw = body.split("\n")
    normalised = [normalise(source) for source in raw]
    definitions = _definitions(raw)
    lines: list[Line] = []
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            lines.append(_inline(" ".join(paragraph), definitions))
            paragraph.clear()

    for index, source in enumerate(raw):
        text = normalised[index]
        if _FENCE.match(text):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            lines.append(Line(text))
            continue
        following = normalised[index + 1] if index + 1 < len(raw) else ""
        if not text or _RULE.match(text) or _DEFINITION.match(source) or _TABLE_RULE.match(text):
            flush()
            lines.append(Line(""))
            continue
        if _SETEXT.match(text) and not paragraph:
            continue  # the underline of a setext heading, already taken with its text
        heading = _ATX.match(text)
        if heading or (_SETEXT.match(following) and not paragraph and not _BULLET.match(text)):
            flush()
            lines.append(_inline(heading.group(2) if heading else text, definitions, True))
            continue
        text = _QUOTE.sub("", text)
        if _BULLET.match(text) or _NUMBERED.match(text) or text.startswith("|"):
            flush()
            lines.append(_inline(_block_text(text), definitions))
            continue
        paragraph.append(text)
    flush()
    return lines


def _block_text(text: str) -> str:
    """A list item or table row: bullet markers go, item numbers stay (they are text)."""
    text = _BULLET.sub("", text)
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|")]
        text = " | ".join(cell for cell in cells if cell)
    return text


def _definitions(raw: list[str]) -> dict[str, str]:
    found = {}
    for source in raw:
        match = _DEFINITION.match(source)
        if match:
            found[match.group(1).casefold()] = match.group(2)
    return found


def _inline(text: str, definitions: dict[str, str], heading: bool = False) -> Line:
    """Inline syntax out, link text in; the targets of links are kept on the Line."""
    if _SYNTAX.search(text) is None:  # most paragraphs have no inline syntax at all
        return Line(text, heading=heading)
    links: list[str] = []
    text = _IMAGE.sub("", text)

    def link(match: re.Match[str]) -> str:
        if match.group(2):
            links.append(match.group(2))
        return match.group(1)

    def reference(match: re.Match[str]) -> str:
        target = definitions.get((match.group(2) or match.group(1)).casefold())
        if target:
            links.append(target)
        return match.group(1)

    text = _LINK.sub(link, text)
    text = _REF_LINK.sub(reference, text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return Line(normalise(text), heading=heading, links=tuple(links))
