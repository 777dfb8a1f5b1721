"""`claimledger calibrate`: fit the confidence model on gold sets and write it.

The pipeline runs with `EvidenceLog` in place of the model: it keeps each figure's evidence and
gives the claim a ticket number as its confidence, which eval's rows carry back to the evidence
next to whether the claim was fully right. The claims of all sets are pooled and fitted by
`calibration.fit_logistic`. The fit is also cross-validated: the articles of all sets, in the
order given, are dealt into `FOLDS` folds; each fold is scored by a model fitted on the others,
so the cross-validated ECE is measured on claims the model did not see. The same inputs give the
same file, byte for byte (no dates, features in a fixed order).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimledger.errors import UsageError
from claimledger.evaluate.calibration import Example, Reliability, Row, fit_logistic, reliability
from claimledger.evaluate.gold import load_gold
from claimledger.evaluate.run import extract_file
from claimledger.evaluate.scoring import score
from claimledger.extract.calibration import Calibration, Evidence
from claimledger.extract.resources import Resources
from claimledger.orchestrate import Pipeline
from claimledger.settings import Settings

FOLDS = 5
HEADER = """\
# How sure the extractor is of a numeric claim: a logistic model over what it knows about the
# figure (extract/calibration.py, `Evidence.features`), fitted on gold to the chance that the claim
# is fully right (kind, source and time). Written by `claimledger calibrate` (docs/evaluation.md);
# refit it after the extractor changes. A feature not listed has weight 0.
"""


class EvidenceLog:
    """The stand-in model of a fit: it keeps every figure's evidence, and the claim's confidence
    is its ticket (1, 2, ...) into the log."""

    def __init__(self) -> None:
        self.evidence: list[Evidence] = []

    def apply(self, evidence: Evidence) -> float:
        self.evidence.append(evidence)
        return float(len(self.evidence))

    def example(self, row: Row) -> Example | None:
        """The evidence of the claim a row scores; None for a claim no figure made (another
        extractor's, which keeps a confidence of its own below 1)."""
        ticket = row.confidence
        if ticket < 1 or not ticket.is_integer() or ticket > len(self.evidence):
            return None
        return Example(self.evidence[int(ticket) - 1].features(), row.right)


@dataclass(frozen=True, slots=True)
class FittedSet:
    gold_dir: str
    corpus_dir: str
    fitted: Reliability  # the pooled model on this set's claims
    crossed: Reliability  # each claim scored by the model of the folds without its article


@dataclass(frozen=True, slots=True)
class CalibrationFit:
    model: Calibration
    sets: tuple[FittedSet, ...]
    fitted: Reliability  # all sets pooled
    crossed: Reliability

    def to_yaml(self) -> str:
        data: dict[str, Any] = {
            "fitted_on": [{"gold": s.gold_dir, "corpus": s.corpus_dir, "claims": s.fitted.rows} for s in self.sets],
            "claims": self.fitted.rows,
            "ece_fitted": round(self.fitted.ece, 4),
            f"ece_cross_validated_{FOLDS}_folds": round(self.crossed.ece, 4),
            **self.model.to_data(),
        }
        return HEADER + yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)

    def render(self) -> str:
        lines = [f"{'gold':36} {'claims':>6} {'right':>6} {'mean':>6} {'ECE fitted':>10} {'ECE cross-validated':>19}"]
        for name, fitted, crossed in [*((s.gold_dir, s.fitted, s.crossed) for s in self.sets), ("all", self.fitted, self.crossed)]:
            lines.append(
                f"{name[-36:]:36} {fitted.rows:>6} {fitted.share_right:>6.3f} {fitted.mean_confidence:>6.3f}"
                f" {fitted.ece:>10.3f} {crossed.ece:>19.3f}"
            )
        lines.append(f"intercept {self.model.intercept:+.3f}; " + ", ".join(
            f"{name} {weight:+.3f}" for name, weight in sorted(self.model.weights, key=lambda w: (-abs(w[1]), w[0]))
        ))
        return "\n".join(lines)


def collect(gold_dir: Path, corpus_dir: Path, settings: Settings, pipeline: Pipeline, log: EvidenceLog) -> list[list[Example]]:
    """Each gold article's predicted numeric claims, as examples to fit on."""
    gold = load_gold(gold_dir)
    if not gold:
        raise UsageError(f"no gold files in {gold_dir}")
    articles: list[list[Example]] = []
    for article in gold:
        path = corpus_dir / article.name
        if not path.is_file():
            raise UsageError(f"{article.name}: not found in {corpus_dir}")
        rows = score([(article, extract_file(path, pipeline, settings))]).calibration_rows
        articles.append([e for e in map(log.example, rows) if e is not None])
    return articles


def cross_validated(articles: Sequence[list[Example]], folds: int = FOLDS) -> list[float]:
    """Each example's confidence from the model fitted on the folds that do not hold its article
    (article i is in fold i % folds); with a single article there is nothing to hold out."""
    folds = min(folds, len(articles))
    if folds < 2:
        model = fit_logistic([e for examples in articles for e in examples])
        return [model.probability(e.features) for examples in articles for e in examples]
    models = [
        fit_logistic([e for i, examples in enumerate(articles) if i % folds != fold for e in examples])
        for fold in range(folds)
    ]
    return [models[i % folds].probability(e.features) for i, examples in enumerate(articles) for e in examples]


def fit_calibration(sets: Sequence[tuple[Path, Path]], settings: Settings) -> CalibrationFit:
    log = EvidenceLog()
    pipeline = Pipeline(settings, dataclasses.replace(Resources.load(settings), calibration=log))
    per_set = [collect(gold, corpus, settings, pipeline, log) for gold, corpus in sets]
    articles = [examples for examples_of_set in per_set for examples in examples_of_set]
    examples = [e for ex in articles for e in ex]
    model = fit_logistic(examples)
    crossed = cross_validated(articles)

    def rows(confidences: Sequence[float], of: Sequence[Example]) -> list[Row]:
        return [Row(c, e.right) for c, e in zip(confidences, of, strict=True)]

    fitted_sets: list[FittedSet] = []
    start = 0
    for (gold, corpus), examples_of_set in zip(sets, per_set, strict=True):
        own = [e for ex in examples_of_set for e in ex]
        fitted = [model.probability(e.features) for e in own]
        fitted_sets.append(FittedSet(
            str(gold), str(corpus), reliability(rows(fitted, own)), reliability(rows(crossed[start:start + len(own)], own))
        ))
        start += len(own)
    pooled = [model.probability(e.features) for e in examples]
    return CalibrationFit(model, tuple(fitted_sets), reliability(rows(pooled, examples)), reliability(rows(crossed, examples)))
