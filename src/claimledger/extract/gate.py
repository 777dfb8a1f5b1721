"""Pass 1: the sentences of an article that may carry a claim, with datelines and stamps cut off.

The gate keeps spaCy off most of the text: only a sentence with a number, a citation or an
attribution cue is parsed.
"""

from __future__ import annotations

import dataclasses
import re

from claimledger.extract.analysis import SentenceAnalysis
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.sentences import Sentence, split_sentences
from claimledger.model import Article, Citation

# "SEOUL, Jan 14 (Northern Wire) -", "KYIV/MOSCOW, June 3 (Wire) -": where and when the report
# was filed, not what it is about.
DATELINE = re.compile(
    r"[A-Z][A-Z .'’/-]{2,40}(?:,\s*[A-Z][\w .]{0,30})?(?:\s*\([^)]{1,40}\))?\s*[-–—]\s+"
)


def split_article(article: Article, lexicon: ExtractionLexicon) -> list[SentenceAnalysis]:
    """The article's sentences outside its reference list, then its cited titles."""
    text = article.text
    cited = sorted((c.start, c.end) for c in article.citations)
    out: list[SentenceAnalysis] = []
    for sentence in split_sentences(text):
        if any(s < sentence.end and sentence.start < e for s, e in cited):
            continue
        dateline = DATELINE.match(text, sentence.start, sentence.end)
        if dateline is not None:
            # Where and when the report was filed is metadata, not the sentence's subject.
            sentence = dataclasses.replace(sentence, start=dateline.end())
        stamp = lexicon.words.live_stamp.match(text, sentence.start, sentence.end)
        if stamp is not None:
            # A live blog's entry stamp says when the entry was posted, not when things happened.
            sentence = dataclasses.replace(sentence, start=stamp.end())
        out.append(SentenceAnalysis(sentence, text[sentence.start : sentence.end]))
    for index, citation in enumerate(article.citations):
        span = title_span(text, citation)
        if span is None:
            continue
        start, end = span
        sentence = Sentence(start, end, paragraph=-1 - index, index=len(out))
        out.append(SentenceAnalysis(sentence, text[start:end], citation=citation))
    return out


def wants_parse(item: SentenceAnalysis, lexicon: ExtractionLexicon) -> bool:
    """Can the sentence carry a claim: a number, a citation, or an attribution cue?"""
    if item.numbers or item.citation is not None:
        return True
    return bool(lexicon.reporting.search(item.text) or lexicon.according.search(item.text))


def title_span(text: str, citation: Citation) -> tuple[int, int] | None:
    if not citation.title:
        return None
    at = text.find(citation.title, citation.start, citation.end)
    if at < 0:
        return None
    return at, at + len(citation.title)
