"""Is `confidence` a probability? Reliability buckets, expected calibration error, and the
isotonic fit that makes the calibration table (data/calibration.yaml, `claimledger calibrate`).

A row is one predicted numeric claim: its confidence (or raw score, when fitting) and whether it
was fully right: matched to a gold claim with kind, source and time right, as the full F1 counts
it. A prediction that matches no gold claim is wrong.

Buckets are ten equal-width bins of confidence, [0, 0.1), [0.1, 0.2), ... [0.9, 1.0]; the
expected calibration error (ECE) is the mean, weighted by bucket size, of the distance between
a bucket's mean confidence and its share of rows fully right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimledger.extract.calibration import Calibration

BINS = 10
# The fitted confidences stay off 0 and 1: a step fully right on the gold is not certain.
FLOOR, CEILING = 0.02, 0.98


@dataclass(frozen=True, slots=True)
class Row:
    confidence: float
    right: bool


@dataclass(frozen=True, slots=True)
class Bucket:
    low: float
    high: float
    count: int
    mean_confidence: float
    share_right: float

    def to_json(self) -> dict[str, Any]:
        return {"low": round(self.low, 2), "high": round(self.high, 2), "count": self.count,
                "mean_confidence": round(self.mean_confidence, 4), "share_right": round(self.share_right, 4)}


@dataclass(frozen=True, slots=True)
class Reliability:
    """Rows in ten equal-width confidence buckets, and the expected calibration error."""

    rows: int
    ece: float
    buckets: tuple[Bucket, ...]  # only those holding rows

    def to_json(self) -> dict[str, Any]:
        return {"binning": f"{BINS} equal-width bins", "rows": self.rows, "ece": round(self.ece, 4),
                "buckets": [b.to_json() for b in self.buckets]}

    def render(self) -> str:
        lines = [f"calibration: {self.rows} predicted numeric claims, ECE {self.ece:.3f} ({BINS} equal-width bins)",
                 f"  {'confidence':>11} {'claims':>6} {'mean':>6} {'right':>6}"]
        for b in self.buckets:
            lines.append(f"  {b.low:>4.1f}-{b.high:<4.1f}  {b.count:>6} {b.mean_confidence:>6.3f} {b.share_right:>6.3f}")
        return "\n".join(lines)


def reliability(rows: Sequence[Row]) -> Reliability:
    grouped: list[list[Row]] = [[] for _ in range(BINS)]
    for row in rows:
        grouped[min(BINS - 1, max(0, int(row.confidence * BINS)))].append(row)
    buckets: list[Bucket] = []
    ece = 0.0
    for i, group in enumerate(grouped):
        if not group:
            continue
        mean = sum(r.confidence for r in group) / len(group)
        share = sum(r.right for r in group) / len(group)
        buckets.append(Bucket(i / BINS, (i + 1) / BINS, len(group), mean, share))
        ece += len(group) / len(rows) * abs(mean - share)
    return Reliability(len(rows), ece, tuple(buckets))


def fit_isotonic(rows: Sequence[Row]) -> Calibration:
    """Pool adjacent violators over the raw scores: the non-decreasing step map from raw score to
    share right that is closest (least squares) to the rows. Equal scores form one block first,
    so the fit depends on the rows, not their order."""
    if not rows:
        raise ValueError("no rows to fit a calibration on")
    by_score: dict[float, list[int]] = {}
    for row in rows:
        key = round(row.confidence, 6)
        counts = by_score.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += row.right
    # blocks of [highest score, rows, rows right]; a block that is not above the one before merges
    blocks: list[list[float]] = []
    for score in sorted(by_score):
        n, right = by_score[score]
        blocks.append([score, n, right])
        while len(blocks) > 1 and blocks[-2][2] / blocks[-2][1] >= blocks[-1][2] / blocks[-1][1]:
            top, n2, r2 = blocks.pop()
            blocks[-1] = [top, blocks[-1][1] + n2, blocks[-1][2] + r2]
    steps = tuple((top, min(CEILING, max(FLOOR, right / n))) for top, n, right in blocks)
    return Calibration(steps)
