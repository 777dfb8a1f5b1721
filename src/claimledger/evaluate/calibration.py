"""Is `confidence` a probability? Reliability buckets, expected calibration error, and the
logistic fit that makes the confidence model (data/calibration.yaml, `claimledger calibrate`).

A row is one predicted numeric claim: its confidence and whether it was fully right: matched to
a gold claim with kind, source and time right, as the full F1 counts it. A prediction that
matches no gold claim is wrong.

Buckets are ten equal-width bins of confidence, [0, 0.1), [0.1, 0.2), ... [0.9, 1.0]; the
expected calibration error (ECE) is the mean, weighted by bucket size, of the distance between
a bucket's mean confidence and its share of rows fully right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from claimledger.extract.calibration import Calibration

BINS = 10
# The fitted confidences stay off 0 and 1: claims fully right on the gold are not certain.
FLOOR, CEILING = 0.02, 0.98
PENALTY = 10.0  # the L2 penalty of the fit (chosen by cross-validated log loss on the fit sets)


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

    @property
    def mean_confidence(self) -> float:
        return sum(b.count * b.mean_confidence for b in self.buckets) / self.rows if self.rows else 0.0

    @property
    def share_right(self) -> float:
        return sum(b.count * b.share_right for b in self.buckets) / self.rows if self.rows else 0.0

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


@dataclass(frozen=True, slots=True)
class Example:
    """One predicted numeric claim to fit on: its features and whether it was fully right."""

    features: dict[str, float]
    right: bool


def fit_logistic(examples: Sequence[Example], penalty: float = PENALTY) -> Calibration:
    """Logistic regression by Newton's method, with an L2 penalty on the weights (not on the
    intercept): with a few hundred claims and some rare features, the penalty keeps a feature seen
    on a handful of claims from deciding their confidence alone. Features are taken in sorted
    order, so the fit depends on the examples, not their order."""
    if not examples:
        raise ValueError("no claims to fit a calibration on")
    names = sorted({name for e in examples for name in e.features})
    x = np.array([[1.0, *(e.features.get(n, 0.0) for n in names)] for e in examples])
    y = np.array([1.0 if e.right else 0.0 for e in examples])
    ridge = np.eye(len(names) + 1) * penalty
    ridge[0, 0] = 0.0
    w = np.zeros(len(names) + 1)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + ridge @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge + np.eye(len(w)) * 1e-9
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    weights = tuple((n, float(v)) for n, v in zip(names, w[1:], strict=True) if abs(v) >= 5e-5)
    return Calibration(float(w[0]), weights, FLOOR, CEILING)
