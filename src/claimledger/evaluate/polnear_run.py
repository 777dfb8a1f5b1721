"""`claimledger eval-polnear`: run the pipeline over a PolNeAR split and score its attributions.

Each article file goes through ingest -> clean -> date -> extract as any text file does. The
clean stage may drop lines (page chrome such as "Read the rest here.") and trims each line, so
claim offsets into the cleaned text are mapped back to the file's offsets, line by line, before
they are compared with the annotation. The attribution component is scored on its own from the
analysis the extractor's walk starts from: each parsed sentence's attribution, unresolved, with
the words of its origin and its cue placed in the sentence.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from claimledger.errors import RejectedInput, UsageError
from claimledger.evaluate.polnear import (
    NumberCredit,
    PolnearArticle,
    PredictedAttribution,
    load_split,
    score_article,
)
from claimledger.evaluate.polnear_report import PolnearReport
from claimledger.extract.analysis import ArticleAnalysis, SentenceAnalysis
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.ingest import document_from_text
from claimledger.model import Article, Claim, Metadata
from claimledger.orchestrate import Pipeline
from claimledger.settings import Settings

BATCH = 16  # articles per spaCy batch


def run_polnear(
    split_dir: Path, settings: Settings, limit: int | None = None, pipeline: Pipeline | None = None
) -> PolnearReport:
    """Score the first `limit` annotated articles of the split (all by default); `pipeline`
    reuses one already loaded."""
    articles = load_split(split_dir, limit)
    if not articles:
        raise UsageError(f"no annotated articles in {split_dir} (expected text/ and attributions/)")
    pipeline = pipeline or Pipeline(settings)
    lexicon = pipeline.resources.lexicon
    results = []
    for first in range(0, len(articles), BATCH):
        batch = articles[first : first + BATCH]
        cleaned = [_cleaned(pipeline, a) for a in batch]
        kept = [c for c in cleaned if c is not None]
        analyses = iter(pipeline.extractor.analyser.analyse_many(kept))
        claims = iter(pipeline.extractor.extract_many(kept))
        for article, clean in zip(batch, cleaned, strict=True):
            if clean is None:  # the clean stage left no text: every annotation is missed
                results.append(score_article(article, [], []))
                continue
            offsets = OffsetMap(clean.text, article.text)
            analysis, found = next(analyses), next(claims)
            results.append(score_article(
                article, credits(found, offsets), predicted_attributions(analysis, offsets, lexicon)
            ))
    return PolnearReport(tuple(results))


def _cleaned(pipeline: Pipeline, article: PolnearArticle) -> Article | None:
    digest = hashlib.sha256(article.text.encode()).hexdigest()[:32]
    try:
        document = document_from_text(article.name + ".txt", "text", article.text, digest)
        document = dataclasses.replace(
            document, metadata=Metadata(outlet=article.outlet, published=article.published)
        )
        return pipeline.date(pipeline.clean(document))
    except RejectedInput:
        return None


def credits(claims: Sequence[Claim], offsets: OffsetMap) -> list[NumberCredit]:
    """The numeric claims, in the article file's offsets (statements carry no number)."""
    found = []
    for claim in claims:
        if claim.value is None and claim.value_low is None and claim.value_high is None:
            continue
        span = offsets.span(claim.span.start, claim.span.end)
        if span is None:
            continue
        found.append(NumberCredit(
            start=span[0], end=span[1], number_text=claim.number_text or "",
            origin=claim.origin, attributed_to=claim.attributed_to, kind=claim.kind,
        ))
    return found


def predicted_attributions(
    analysis: ArticleAnalysis, offsets: OffsetMap, lexicon: ExtractionLexicon
) -> list[PredictedAttribution]:
    """Each parsed sentence's own attribution, as the attribution component found it."""
    out = []
    for item in analysis.sentences:
        if item.attribution is None or item.citation is not None:
            continue
        source, cue = place_attribution(item, lexicon)
        base = item.sentence.start
        out.append(PredictedAttribution(
            origin=item.attribution.attribution.origin,
            cue=item.attribution.attribution.cue,
            source=offsets.span(base + source[0], base + source[1]) if source else None,
            cue_span=offsets.span(base + cue[0], base + cue[1]) if cue else None,
        ))
    return out


def place_attribution(
    item: SentenceAnalysis, lexicon: ExtractionLexicon
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Where in the sentence the origin's words and the cue lie (sentence offsets). The finder
    keeps the characters origin and cue cover together; the words are looked for there first."""
    assert item.attribution is not None
    found, text = item.attribution, item.text
    attribution = found.attribution
    words = attribution.origin.split()
    pattern = re.compile(r"\s+".join(map(re.escape, words))) if words else None
    source = None
    if pattern is not None:
        hit = pattern.search(text, found.start, found.end) or pattern.search(text)
        source = (hit.start(), hit.end()) if hit else None
    cue = None
    according = lexicon.according.search(text, found.start, found.end)
    if according is not None and not _reports(item, lexicon):
        cue = (according.start, according.end)  # the finder records the word after the phrase
    elif attribution.cue:
        cue_pattern = re.compile(rf"(?<![\w-]){re.escape(attribution.cue)}(?![\w-])", re.IGNORECASE)
        for hit in cue_pattern.finditer(text, found.start, min(len(text), found.end + 1)):
            if source is None or not source[0] <= hit.start() < source[1]:
                cue = (hit.start(), hit.end())
                break
    return source, cue


def _reports(item: SentenceAnalysis, lexicon: ExtractionLexicon) -> bool:
    """Is the attribution's cue a reporting verb of the sentence (in any form: "pointing"),
    not the word after an according-to phrase?"""
    assert item.attribution is not None
    found, doc = item.attribution, item.doc
    if doc is None or not len(doc):
        return found.attribution.cue in lexicon.reporting_verbs
    base = doc[0].idx
    return any(
        t.lower_ == found.attribution.cue and lexicon.reports(t)
        for t in doc
        if found.start <= t.idx - base < found.end
    )


class OffsetMap:
    """Character offsets of the cleaned text mapped back to the file's text. The cleaned text
    is the file's kept lines, trimmed, joined by one or two newlines: each line is found in
    order; a line the clean stage changed inside is aligned character by character."""

    def __init__(self, cleaned: str, original: str) -> None:
        self.to_original: list[int | None] = [None] * (len(cleaned) + 1)
        position, cursor = 0, 0
        for line in cleaned.split("\n"):
            at = original.find(line, cursor) if line else -1
            if at >= 0:
                for i in range(len(line)):
                    self.to_original[position + i] = at + i
                cursor = at + len(line)
            elif line:
                self._align(line, position, original, cursor)
            position += len(line) + 1
        self.to_original[len(cleaned)] = len(original)

    def _align(self, line: str, position: int, original: str, cursor: int) -> None:
        end = original.find("\n", cursor + 1)
        window = original[cursor : end if end >= 0 else len(original)]
        matcher = difflib.SequenceMatcher(None, line, window, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self.to_original[position + block.a + k] = cursor + block.b + k

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The file's offsets of cleaned `[start, end)`, or None where they cannot be placed."""
        if end <= start or end > len(self.to_original) - 1:
            return None
        first, last = self.to_original[start], self.to_original[end - 1]
        if first is None or last is None:
            return None
        return first, last + 1
