"""How a sentence says things: hedges and estimates, and the statement claim of a sentence
that credits someone but gives no figure."""

from __future__ import annotations

import re

from claimledger.analyse.numbers import NumberMention
from claimledger.analyse.times import TimeMention
from claimledger.extract.analysis import SentenceAnalysis
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.kinds import KINDS
from claimledger.model import Article, Attribution, Claim, Location, Span

NAMED_AGENT = re.compile(r"\s+by\s+(?:the\s+)?[A-Z\w]")
STATEMENT_CONFIDENCE = 0.4


def hedged(text: str, lex: ExtractionLexicon, number: NumberMention | None = None) -> bool:
    """A hedge in the sentence; for a figure, one in its own part of the sentence (not
    after a semicolon that starts another statement)."""
    for hit in lex.hedges.finditer(text):
        word = text[hit.start : hit.end]
        if hit.phrase == "may" and word[0].isupper() and hit.start > 0:
            continue  # the month
        if hit.phrase.endswith("reported") and NAMED_AGENT.match(text, hit.end):
            continue  # "it was reported by the daily X": credited, not hedged
        if number is not None and ";" in text[min(hit.end, number.end) : max(hit.start, number.start)]:
            continue
        return True
    return False


def estimated(text: str, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the figure given as an estimate ("aid agencies estimate that 3,000 ...")? The cue
    comes before the figure, in the same part of the sentence."""
    for hit in lex.estimates.finditer(text, 0, number.start):
        between = text[hit.end : number.start]
        if not lex.words.estimate_ends.search(between) and not lex.comparison.search(between):
            return True
    return False


def statement(
    article: Article,
    item: SentenceAnalysis,
    attribution: Attribution | None,
    times: list[TimeMention],
    places: list[Location],
    is_hedged: bool,
    version: str,
) -> Claim | None:
    """A sentence crediting someone with no figure of its own: a statement claim."""
    if attribution is None:
        return None
    text = item.text
    time = next((t.value for t in times if t.value), None)
    if time is None and item.citation is not None and item.citation.date is not None:
        time = item.citation.date.isoformat()
    return Claim(
        article_id=article.id,
        kind=KINDS.check("statement"),
        subject=short(text),
        quote=text,
        span=Span(item.sentence.start, item.sentence.end),
        location=places[0] if places else None,
        time=time,
        attribution=attribution,
        hedged=is_hedged,
        confidence=STATEMENT_CONFIDENCE,
        extractor_version=version,
    )


def short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
