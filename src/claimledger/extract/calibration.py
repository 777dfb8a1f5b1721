"""From the raw confidence score to a calibrated one: the chance that a claim is fully right.

`kinds.confidence` adds up what the extractor knows about a figure (a cue decided its kind, it has
a unit, an actor, a source; it is vague) into a raw score. The score orders claims well but is
not a probability. The calibration table (data/calibration.yaml) maps it, step by step and never
downwards, to the share of claims with that score that were fully right (kind, source and time)
on the project's gold. `claimledger calibrate` fits the table; `claimledger eval` reports how well
the shipped one holds (expected calibration error).

The table is not merged like the other data files: a calibration.yaml in `lexicon_dir` replaces
the packaged one, since two fitted tables cannot be added together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.datafiles import packaged_text, parse_mapping
from claimledger.errors import SettingsError

CALIBRATION_FILE = "calibration.yaml"
_SLACK = 1e-9  # raw scores are sums of tenths: 0.7 may come out as 0.7000000000000001


@dataclass(frozen=True, slots=True)
class Calibration:
    """A monotone step map: a raw score up to `steps[i][0]` gets confidence `steps[i][1]`."""

    steps: tuple[tuple[float, float], ...]  # (highest raw score of the step, confidence), ascending

    def __post_init__(self) -> None:
        if not self.steps:
            raise SettingsError("a calibration table needs at least one step")
        tops = [top for top, _ in self.steps]
        values = [value for _, value in self.steps]
        if tops != sorted(tops) or values != sorted(values):
            raise SettingsError("calibration steps must rise in both raw score and confidence")
        if not all(0.0 <= v <= 1.0 for v in values):
            raise SettingsError("calibrated confidences must lie between 0 and 1")

    def apply(self, raw: float) -> float:
        for top, value in self.steps:
            if raw <= top + _SLACK:
                return value
        return self.steps[-1][1]

    def to_data(self) -> list[dict[str, float]]:
        return [{"raw_up_to": round(top, 4), "confidence": round(value, 4)} for top, value in self.steps]

    @classmethod
    def from_data(cls, data: dict[str, Any], name: str) -> Calibration:
        steps = data.get("steps")
        if not isinstance(steps, list):
            raise SettingsError(f"{name}: `steps` must be a list of raw_up_to/confidence pairs")
        try:
            pairs = tuple((float(s["raw_up_to"]), float(s["confidence"])) for s in steps)
        except (KeyError, TypeError, ValueError) as exc:
            raise SettingsError(f"{name}: each step needs a numeric raw_up_to and confidence") from exc
        try:
            return cls(pairs)
        except SettingsError as exc:
            raise SettingsError(f"{name}: {exc}") from exc

    @classmethod
    def load(cls, user: Path | None = None) -> Calibration:
        """The user's table when given, else the packaged one."""
        if user is not None:
            text, name = user.read_text("utf-8"), str(user)
        else:
            text, name = packaged_text(CALIBRATION_FILE), CALIBRATION_FILE
        return cls.from_data(parse_mapping(text, name, SettingsError), name)
