"""Pass 1: the sentences of an article that may carry a claim, with datelines and stamps cut off."""

from __future__ import annotations

import re


from claimledger.model import Citation


# "SEOUL, Jan 14 (Northern Wire) -", "KYIV/MOSCOW, June 3 (Wire) -": where and when the report
# was filed, not what it is about.
DATELINE = re.compile(
    r"[A-Z][A-Z .'’/-]{2,40}(?:,\s*[A-Z][\w .]{0,30})?(?:\s*\([^)]{1,40}\))?\s*[-–—]\s+"
)


# "08:20", "Update 13:05 GMT:": a live blog's entry stamp, when the entry was posted.
LIVE_STAMP = re.compile(
    r"(?:(?:Update|UPDATE|Updated)\s+)?\d{1,2}:\d{2}(?:\s*(?:GMT|BST|UTC|CET|CEST|EET|EEST|local time))?"
    r"(?:\s*[:–—-]\s*|\s+)(?=[A-Z\"“‘'])"
)


def title_span(text: str, citation: Citation) -> tuple[int, int] | None:
    if not citation.title:
        return None
    at = text.find(citation.title, citation.start, citation.end)
    if at < 0:
        return None
    return at, at + len(citation.title)

