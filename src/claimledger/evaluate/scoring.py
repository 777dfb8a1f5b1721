"""Score extracted claims against hand-made gold annotations (loaded by `claimledger.evaluate.gold`).

Implements the "Scoring" section of the evaluation README (shared/eval/README.md): only claims
that state a number are scored; within one article a predicted claim matches a gold claim when
the stated numbers are equal, same kind preferred, one to one. Matched pairs are then checked
field by field, and a match counts towards the full score only when kind, source and time are
all right as well.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.analyse.times import same_start
from claimledger.evaluate.calibration import Reliability, Row, reliability
from claimledger.evaluate.gold import GoldArticle, GoldClaim, is_valid_time
from claimledger.model import Claim

FIELDS: tuple[str, ...] = ("kind", "bound", "source", "time", "place", "approx", "hedged")
FULL_FIELDS: tuple[str, ...] = ("kind", "source", "time")
# Scored only on the pairs whose gold gives it (an optional key of the annotation), and shown
# in the field accuracies only where some gold does.
OPTIONAL_FIELDS: tuple[str, ...] = ("modality",)

# Words that say nothing about who a source is or where a place is; dropping them keeps
# "the BBC" and "BBC", or "Kursk region" and "Kursk Oblast", from disagreeing.
_STOP_WORDS = frozenset(
    {"the", "a", "an", "of", "s", "and", "to", "in", "on", "at", "for", "by", "from", "with"}
)
_PLACE_WORDS = frozenset({"region", "oblast", "province", "state", "city", "town"})
_CONDUITS = re.compile(r"\s*\((?:via|cited)\b[^)]*\)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
_NUMBER_TOLERANCE = 1e-9

@dataclass(frozen=True, slots=True)
class ArticleScore:
    """One article's counts, with the numeric claims left unmatched on either side."""

    name: str
    gold: int
    predicted: int
    matched: int
    full_matched: int
    missed: tuple[str, ...]  # gold claims nothing matched, as "kind number"
    extra: tuple[str, ...]  # predicted claims that matched no gold claim

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "full_matched": self.full_matched,
            "missed": list(self.missed),
            "extra": list(self.extra),
        }


@dataclass
class EvalReport:
    articles: int
    gold: int
    predicted: int
    matched: int
    full_matched: int
    detection_precision: float
    detection_recall: float
    detection_f1: float
    field_accuracy: dict[str, float]
    full_precision: float
    full_recall: float
    full_f1: float
    per_article: list[ArticleScore]
    # each predicted numeric claim's confidence and whether it was fully right
    calibration_rows: list[Row] = field(default_factory=list)

    @property
    def calibration(self) -> Reliability:
        return reliability(self.calibration_rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "full_matched": self.full_matched,
            "detection": _prf_json(
                self.detection_precision, self.detection_recall, self.detection_f1
            ),
            "field_accuracy": {name: round(v, 4) for name, v in self.field_accuracy.items()},
            "full": _prf_json(self.full_precision, self.full_recall, self.full_f1),
            "per_article": [a.to_json() for a in self.per_article],
            "calibration": self.calibration.to_json(),
        }

    def render(self) -> str:
        """A short plain-text table: totals, the two F1 scores, field accuracy, then articles."""
        totals = (
            f"articles {self.articles}  gold {self.gold}  predicted {self.predicted}  "
            f"matched {self.matched}  full {self.full_matched}"
        )
        lines = [
            totals,
            f"{'':10} {'precision':>9} {'recall':>7} {'f1':>6}",
            _prf_row(
                "detection", self.detection_precision, self.detection_recall, self.detection_f1
            ),
            _prf_row("full", self.full_precision, self.full_recall, self.full_f1),
            "field accuracy on matched pairs: "
            + "  ".join(f"{name} {v:.3f}" for name, v in self.field_accuracy.items()),
            self.calibration.render(),
            "",
            f"{'article':40} {'gold':>5} {'pred':>5} {'match':>5} {'full':>5}",
        ]
        for a in self.per_article:
            lines.append(
                f"{a.name[:40]:40} {a.gold:>5} {a.predicted:>5} {a.matched:>5} {a.full_matched:>5}"
            )
        return "\n".join(lines)


# ---------------------------------------------------------------- matching


def _numbers(value: float | None, low: float | None, high: float | None) -> list[float]:
    # extractors and hand-built claims may hold ints; compare and show everything as float
    return sorted(float(n) for n in (value, low, high) if n is not None)


def _gold_numbers(claim: GoldClaim) -> list[float]:
    return _numbers(claim.value, claim.value_low, claim.value_high)


def _claim_numbers(claim: Claim) -> list[float]:
    return _numbers(claim.value, claim.value_low, claim.value_high)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=_NUMBER_TOLERANCE, abs_tol=_NUMBER_TOLERANCE)


def _same_numbers(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))


def match_claims(
    gold: Sequence[GoldClaim], predicted: Sequence[Claim]
) -> list[tuple[GoldClaim, Claim]]:
    """One-to-one pairs of numeric claims with equal numbers, greedily in text order:
    first pairs that also share the kind, then any remaining pairs with equal numbers."""
    return [(gold[gi], predicted[pi]) for gi, pi in _match_indices(gold, predicted)]


def _match_indices(gold: Sequence[GoldClaim], predicted: Sequence[Claim]) -> list[tuple[int, int]]:
    gold_numbers = [_gold_numbers(g) for g in gold]
    predicted_numbers = [_claim_numbers(p) for p in predicted]
    gold_used: set[int] = set()
    predicted_used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for same_kind_only in (True, False):
        for gi, g in enumerate(gold):
            if gi in gold_used or not gold_numbers[gi]:
                continue
            for pi, p in enumerate(predicted):
                if pi in predicted_used or not predicted_numbers[pi]:
                    continue
                if same_kind_only and g.kind != p.kind:
                    continue
                if _same_numbers(gold_numbers[gi], predicted_numbers[pi]):
                    gold_used.add(gi)
                    predicted_used.add(pi)
                    pairs.append((gi, pi))
                    break
    return pairs


# ---------------------------------------------------------------- field checks


def _words(text: str, drop: frozenset[str] = _STOP_WORDS) -> set[str]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return {w for w in words if w not in drop}


def gold_origin(attributed_to: str | None) -> str | None:
    """The origin part of `origin (via conduit, ...)`: conduits and citation notes dropped."""
    if attributed_to is None:
        return None
    return _CONDUITS.sub("", attributed_to).strip() or None


def _source_ok(gold: GoldClaim, predicted: Claim) -> bool:
    origin = gold_origin(gold.attributed_to)
    if origin is None or predicted.origin is None:
        return origin is None and predicted.origin is None
    return bool(_words(origin) & _words(predicted.origin))


def _time_ok(gold: GoldClaim, predicted: Claim, published: str | None) -> bool:
    if gold.time is None:
        # with no publication date the annotator could not resolve the time; do not penalise
        # an extractor that could (from context the gold does not record)
        return published is None or predicted.time is None
    return (
        predicted.time is not None
        and is_valid_time(predicted.time)
        and same_start(gold.time, predicted.time)
    )


def _place_words(text: str) -> set[str]:
    return _words(text, _STOP_WORDS | _PLACE_WORDS)


def _place_ok(gold: GoldClaim, predicted: Claim) -> bool:
    location = predicted.location
    if gold.location is None or location is None:
        return gold.location is None and location is None
    predicted_words = _place_words(location.text)
    if location.place is not None:
        predicted_words |= _place_words(location.place.name)
    return bool(_place_words(gold.location) & predicted_words)


def _bound_ok(gold: GoldClaim, predicted: Claim) -> bool:
    return (
        _close(gold.value, predicted.value)
        and _close(gold.value_low, predicted.value_low)
        and _close(gold.value_high, predicted.value_high)
    )


_Check = Callable[[GoldClaim, Claim, str | None], bool]
_CHECKS: dict[str, _Check] = {
    "kind": lambda g, p, _: g.kind == p.kind,
    "bound": lambda g, p, _: _bound_ok(g, p),
    "source": lambda g, p, _: _source_ok(g, p),
    "time": _time_ok,
    "place": lambda g, p, _: _place_ok(g, p),
    "approx": lambda g, p, _: g.approx == p.approx,
    "hedged": lambda g, p, _: g.hedged == p.hedged,
}


def check_fields(gold: GoldClaim, predicted: Claim, published: str | None) -> dict[str, bool]:
    """Which fields of a matched pair agree, by the README's rules (and the optional fields the
    gold gives: its modality)."""
    checks = {name: _CHECKS[name](gold, predicted, published) for name in FIELDS}
    if gold.modality is not None:
        checks["modality"] = gold.modality == predicted.modality
    return checks


# ---------------------------------------------------------------- scoring


def score(pairs: Iterable[tuple[GoldArticle, Sequence[Claim]]]) -> EvalReport:
    """Score each article's predicted claims against its gold, and sum over articles."""
    per_article: list[ArticleScore] = []
    field_hits = dict.fromkeys(FIELDS, 0)
    optional_hits = dict.fromkeys(OPTIONAL_FIELDS, 0)
    optional_pairs = dict.fromkeys(OPTIONAL_FIELDS, 0)
    rows: list[Row] = []
    for article, predicted in pairs:
        matches = _match_indices(article.claims, predicted)
        right: set[int] = set()
        for gi, pi in matches:
            checks = check_fields(article.claims[gi], predicted[pi], article.published)
            for name, ok in checks.items():
                if name in optional_hits:
                    optional_hits[name] += ok
                    optional_pairs[name] += 1
                else:
                    field_hits[name] += ok
            if all(checks[name] for name in FULL_FIELDS):
                right.add(pi)
        rows += [Row(p.confidence, i in right) for i, p in enumerate(predicted) if _claim_numbers(p)]
        per_article.append(_article_score(article, predicted, matches, len(right)))
    gold = sum(a.gold for a in per_article)
    predicted_total = sum(a.predicted for a in per_article)
    matched = sum(a.matched for a in per_article)
    full_matched = sum(a.full_matched for a in per_article)
    detection = _prf(matched, predicted_total, gold)
    full_prf = _prf(full_matched, predicted_total, gold)
    return EvalReport(
        articles=len(per_article),
        gold=gold,
        predicted=predicted_total,
        matched=matched,
        full_matched=full_matched,
        detection_precision=detection[0],
        detection_recall=detection[1],
        detection_f1=detection[2],
        field_accuracy={
            **{name: _ratio(hits, matched) for name, hits in field_hits.items()},
            **{name: _ratio(optional_hits[name], n) for name, n in optional_pairs.items() if n},
        },
        full_precision=full_prf[0],
        full_recall=full_prf[1],
        full_f1=full_prf[2],
        per_article=per_article,
        calibration_rows=rows,
    )


def _article_score(
    article: GoldArticle,
    predicted: Sequence[Claim],
    matches: list[tuple[int, int]],
    full: int,
) -> ArticleScore:
    gold_numbers = [_gold_numbers(g) for g in article.claims]
    predicted_numbers = [_claim_numbers(p) for p in predicted]
    matched_gold = {gi for gi, _ in matches}
    matched_predicted = {pi for _, pi in matches}
    return ArticleScore(
        name=article.name,
        gold=sum(1 for numbers in gold_numbers if numbers),
        predicted=sum(1 for numbers in predicted_numbers if numbers),
        matched=len(matches),
        full_matched=full,
        missed=tuple(
            _describe(g.kind, gold_numbers[i])
            for i, g in enumerate(article.claims)
            if gold_numbers[i] and i not in matched_gold
        ),
        extra=tuple(
            _describe(p.kind, predicted_numbers[i])
            for i, p in enumerate(predicted)
            if predicted_numbers[i] and i not in matched_predicted
        ),
    )


def _describe(kind: str, numbers: list[float]) -> str:
    shown = "-".join(f"{n:g}" if not n.is_integer() else str(int(n)) for n in numbers)
    return f"{kind} {shown}"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision, recall = _ratio(hits, predicted), _ratio(hits, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _prf_json(precision: float, recall: float, f1: float) -> dict[str, float]:
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _prf_row(label: str, precision: float, recall: float, f1: float) -> str:
    return f"{label:10} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}"
