"""Whose voice a document speaks in, when it is not a news report about others' claims.

A ministry statement ("STATEMENT OF THE MINISTRY OF DEFENCE ...") or an organisation's own report
("our monitors recorded 412 civilians killed") asserts its figures itself: the issuer is their
origin. A news article asserting a figure in its own voice keeps no origin (DESIGN.md: null when
the article asserts the claim itself); only documents that name their issuer, or that speak as
"we" and are published by the organisation that wrote them, get one.
"""

from __future__ import annotations

import re

from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.kb import KnowledgeBase
from claimledger.model import Article, Attribution

QUOTED = re.compile(r"[“\"][^”\"]{0,2000}[”\"]")
HEADING_WORDS = 16
FIRST_PERSON_SENTENCES = 2
OWN_VOICE = "we"  # the cue of an issuer that speaks for the whole document
EDITORIAL_VOICE = "editorial we"  # the cue of an outlet that vouches only for its "we" sentences


def document_issuer(article: Article, lex: ExtractionLexicon, kb: KnowledgeBase) -> tuple[Attribution, int] | None:
    """The issuer and the offset from which the document speaks in its voice, if it has one."""
    heading = _issuer_heading(article.text, lex, kb) or _letterhead(article.text, lex, kb)
    if heading is not None:
        return heading
    titled = _titled_statement(article.metadata.title or "", lex, kb)
    if titled is not None:
        return titled, 0
    outlet = article.metadata.outlet
    voice = _speaks_as_we(article, outlet, lex) if outlet else None
    if outlet and voice is not None:
        return Attribution(origin=outlet, origin_actor=kb.link(outlet, partial=False), cue=voice), 0
    return None


def is_first_person(origin: str, lex: ExtractionLexicon) -> bool:
    words = origin.lower().split()
    return bool(words) and words[0] in lex.words.first_person


def _issuer_heading(text: str, lex: ExtractionLexicon, kb: KnowledgeBase) -> tuple[Attribution, int] | None:
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number > 40:
            return None
        stripped = line.strip()
        words = stripped.split()
        if 2 < len(words) <= HEADING_WORDS and not stripped.endswith("."):
            hit = lex.issuer_headings.search(stripped)
            if hit is not None and hit.start <= len("Full text: "):
                issuer = _tidy(stripped[hit.end :], lex.words.title_small_words)
                if issuer:
                    actor = kb.link(issuer, partial=False)
                    return Attribution(origin=issuer, origin_actor=actor, cue="statement"), offset
        offset += len(line) + 1
    return None


STATEMENT_LINE = re.compile(r"^(?:statement|press release|communiqu[eé]|announcement)\b", re.IGNORECASE)
TITLED_STATEMENT = re.compile(
    r"^(?:full text:\s*)?(.{3,60}?)\s+(?:statement|press release|communiqu[eé])\s+(?:on|about|regarding)\b",
    re.IGNORECASE,
)


def _letterhead(text: str, lex: ExtractionLexicon, kb: KnowledgeBase) -> tuple[Attribution, int] | None:
    """An all-capitals issuer line followed by "Statement number 47" or "Statement 3/2025"."""
    lines = text.split("\n")
    offset = 0
    for number, line in enumerate(lines[:40]):
        stripped = line.strip()
        following = next((x.strip() for x in lines[number + 1 : number + 3] if x.strip()), "")
        if stripped.isupper() and len(stripped.split()) >= 2 and STATEMENT_LINE.match(following):
            issuer = _tidy(re.split(r"\s+[-–—]\s+|,\s*", stripped)[0], lex.words.title_small_words)
            return Attribution(origin=issuer, origin_actor=kb.link(issuer, partial=False), cue="statement"), offset
        offset += len(line) + 1
    return None


def _titled_statement(title: str, lex: ExtractionLexicon, kb: KnowledgeBase) -> Attribution | None:
    """A title naming its issuer: "Sudan Armed Forces statement on the Republican Palace"."""
    match = TITLED_STATEMENT.match(title.strip())
    if match is None:
        return None
    issuer = _tidy(match.group(1), lex.words.title_small_words)
    actor = kb.link(issuer, partial=False)
    if actor is None and not issuer.istitle():
        return None
    return Attribution(origin=issuer, origin_actor=actor, cue="statement")


def _speaks_as_we(article: Article, outlet: str, lex: ExtractionLexicon) -> str | None:
    """The voice of a document whose text (outside quotations) says "we" or "our" in several
    sentences: OWN_VOICE when the body that wrote it published it (the outlet is the author's
    organisation, by name or initials, or the byline is one of its working units: "Emergency
    Coordination Unit"), EDITORIAL_VOICE when the outlet is only named in the text as a word of
    its own (a column or an analysis, whose "we" vouches only for the sentences said in it)."""
    author = (article.metadata.author or "").lower()
    initials = "".join(w[0] for w in outlet.split() if w[0].isupper()).lower()
    own = outlet.lower() in author or (len(initials) > 1 and initials in author.split())
    own = own or (bool(author.split()) and author.split()[-1] in lex.team_bylines)
    # "nyt" inside "nytimes.com" does not name the outlet
    if not own and re.search(rf"(?<!\w){re.escape(outlet)}(?!\w)", article.text, re.IGNORECASE) is None:
        return None
    unquoted = QUOTED.sub(" ", article.text)
    sentences = re.split(r"(?<=[.!?])\s+", unquoted)
    if sum(1 for s in sentences if lex.words.first_person_text.search(s)) < FIRST_PERSON_SENTENCES:
        return None
    return OWN_VOICE if own else EDITORIAL_VOICE


def _tidy(name: str, small_words: frozenset[str]) -> str:
    name = name.strip(" :-–—").removeprefix("the ").removeprefix("THE ")
    if name.isupper():
        words = name.lower().split()
        name = " ".join(w if (w in small_words and i) else w.capitalize() for i, w in enumerate(words))
    return name
