"""`claimledger calibrate`: fit the calibration table on gold sets and write it.

The pipeline runs with the calibration switched off, so each predicted numeric claim keeps its
raw score; the rows of all sets are pooled and fitted by `calibration.fit_isotonic`. The same
inputs give the same file, byte for byte (no dates, rows in a fixed order).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimledger.evaluate.calibration import Reliability, Row, fit_isotonic, reliability
from claimledger.evaluate.run import run_evaluation
from claimledger.extract.calibration import Calibration
from claimledger.extract.resources import Resources
from claimledger.orchestrate import Pipeline
from claimledger.settings import Settings

HEADER = """\
# How sure the extractor is of a numeric claim: its raw confidence score (extract/kinds.py) mapped
# to the share of claims with that score that were fully right (kind, source and time) on gold.
# Written by `claimledger calibrate` (docs/evaluation.md); refit it after the extractor changes.
# A raw score up to `raw_up_to` gets `confidence`; scores above the last step get the last one.
"""


@dataclass(frozen=True, slots=True)
class FittedSet:
    gold_dir: str
    corpus_dir: str
    raw: Reliability
    fitted: Reliability


@dataclass(frozen=True, slots=True)
class CalibrationFit:
    table: Calibration
    sets: tuple[FittedSet, ...]
    raw: Reliability  # all sets pooled
    fitted: Reliability

    def to_yaml(self) -> str:
        data: dict[str, Any] = {
            "fitted_on": [{"gold": s.gold_dir, "corpus": s.corpus_dir, "claims": s.raw.rows} for s in self.sets],
            "claims": self.raw.rows,
            "ece_raw": round(self.raw.ece, 4),
            "ece_fitted": round(self.fitted.ece, 4),
            "steps": self.table.to_data(),
        }
        return HEADER + yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)

    def render(self) -> str:
        lines = [f"{'gold':40} {'claims':>6} {'ECE raw':>8} {'ECE fitted':>10}"]
        for s in self.sets:
            lines.append(f"{s.gold_dir[-40:]:40} {s.raw.rows:>6} {s.raw.ece:>8.3f} {s.fitted.ece:>10.3f}")
        lines.append(f"{'all':40} {self.raw.rows:>6} {self.raw.ece:>8.3f} {self.fitted.ece:>10.3f}")
        lines.append("steps: " + "  ".join(f"<={top:.2f}: {value:.3f}" for top, value in self.table.steps))
        return "\n".join(lines)


def fit_calibration(sets: Sequence[tuple[Path, Path]], settings: Settings) -> CalibrationFit:
    pipeline = Pipeline(settings, dataclasses.replace(Resources.load(settings), calibration=None))
    raw_rows = [run_evaluation(gold, corpus, settings, pipeline).calibration_rows for gold, corpus in sets]
    table = fit_isotonic([row for rows in raw_rows for row in rows])

    def fitted(rows: list[Row]) -> list[Row]:
        return [Row(table.apply(r.confidence), r.right) for r in rows]

    fitted_sets = tuple(
        FittedSet(str(gold), str(corpus), reliability(rows), reliability(fitted(rows)))
        for (gold, corpus), rows in zip(sets, raw_rows, strict=True)
    )
    pooled = [row for rows in raw_rows for row in rows]
    return CalibrationFit(table, fitted_sets, reliability(pooled), reliability(fitted(pooled)))
