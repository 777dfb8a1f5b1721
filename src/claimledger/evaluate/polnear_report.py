"""The PolNeAR attribution score: per-article results and the four figures summed over a split
(see `claimledger.evaluate.polnear` for how each is counted)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class NumberResult:
    """One numeric claim: where it sits against the annotation and whom the extractor credits."""

    start: int
    end: int
    number_text: str
    kind: str
    predicted: str | None  # attributed_to as the extractor gives it; None: the article's own
    attribution: str | None  # the E line whose Content holds the number (innermost); None: outside
    gold_source: str | None  # that attribution's Source text
    source_status: str | None  # named / resolved / unresolved / unnamed / none (no Source)
    source_name: str | None  # the name a named or resolved Source stands for
    matched: bool | None  # the origin names it (None: not a named Source)

    @property
    def inside(self) -> bool:
        return self.attribution is not None


@dataclass(frozen=True, slots=True)
class SpanMiss:
    what: str  # "missed" (annotated, not found) or "extra" (found, not annotated)
    text: str


@dataclass(frozen=True, slots=True)
class SpanCounts:
    gold: int
    predicted: int
    exact: int
    overlap: int
    misses: tuple[SpanMiss, ...] = ()

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.gold + other.gold, self.predicted + other.predicted,
            self.exact + other.exact, self.overlap + other.overlap,
        )

    def prf(self, hits: int) -> dict[str, float]:
        precision = hits / self.predicted if self.predicted else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}

    def to_json(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted,
                "exact": self.prf(self.exact), "overlap": self.prf(self.overlap)}


@dataclass(frozen=True, slots=True)
class ArticleResult:
    name: str
    numbers: tuple[NumberResult, ...]
    sources: SpanCounts
    cues: SpanCounts
    attributions: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "attributions": self.attributions,
            "numbers": [asdict(n) for n in self.numbers],
            "sources": {**self.sources.to_json(), "errors": [asdict(m) for m in self.sources.misses]},
            "cues": {**self.cues.to_json(), "errors": [asdict(m) for m in self.cues.misses]},
        }


@dataclass(frozen=True, slots=True)
class Share:
    part: int
    whole: int

    @property
    def ratio(self) -> float:
        return self.part / self.whole if self.whole else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"share": round(self.ratio, 4), "count": self.part, "of": self.whole}

    def render(self) -> str:
        return f"{self.ratio:6.1%}  ({self.part}/{self.whole})"


@dataclass(frozen=True, slots=True)
class PolnearReport:
    articles: tuple[ArticleResult, ...]

    @property
    def inside_with_origin(self) -> Share:
        inside = [n for a in self.articles for n in a.numbers if n.inside]
        return Share(sum(n.predicted is not None for n in inside), len(inside))

    @property
    def named_matched(self) -> Share:
        named = [n for a in self.articles for n in a.numbers if n.matched is not None]
        return Share(sum(bool(n.matched) for n in named), len(named))

    @property
    def outside_left(self) -> Share:
        outside = [n for a in self.articles for n in a.numbers if not n.inside]
        return Share(sum(n.predicted is None for n in outside), len(outside))

    @property
    def sources(self) -> SpanCounts:
        return _total([a.sources for a in self.articles])

    @property
    def cues(self) -> SpanCounts:
        return _total([a.cues for a in self.articles])

    def figures(self) -> dict[str, Any]:
        return {
            "articles": len(self.articles),
            "attributions": sum(a.attributions for a in self.articles),
            "numbers": sum(len(a.numbers) for a in self.articles),
            "inside_with_origin": self.inside_with_origin.to_json(),
            "named_sources_matched": self.named_matched.to_json(),
            "outside_left_to_article": self.outside_left.to_json(),
            "source_spans": self.sources.to_json(),
            "cue_spans": self.cues.to_json(),
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.figures(), "per_article": [a.to_json() for a in self.articles]}

    def render(self) -> str:
        figures = self.figures()
        lines = [
            f"articles {figures['articles']}  attributions {figures['attributions']}  numeric claims {figures['numbers']}",
            f"numbers inside attributions with an origin   {self.inside_with_origin.render()}",
            f"named sources matched                        {self.named_matched.render()}",
            f"numbers outside attributions left to article {self.outside_left.render()}",
            "",
            f"{'spans':14} {'gold':>6} {'pred':>6}  {'exact P/R/F1':>20}  {'overlap P/R/F1':>20}",
        ]
        for label, counts in (("source", self.sources), ("cue", self.cues)):
            exact, overlap = counts.prf(counts.exact), counts.prf(counts.overlap)
            lines.append(
                f"{label:14} {counts.gold:>6} {counts.predicted:>6}  {_prf(exact):>20}  {_prf(overlap):>20}"
            )
        return "\n".join(lines)


def _total(counts: Sequence[SpanCounts]) -> SpanCounts:
    total = SpanCounts(0, 0, 0, 0)
    for c in counts:
        total = total + c
    return total


def _prf(scores: dict[str, float]) -> str:
    return f"{scores['precision']:.3f}/{scores['recall']:.3f}/{scores['f1']:.3f}"
