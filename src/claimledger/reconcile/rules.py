"""The reconcile stage's rules, read from `data/reconcile.yaml` (and a user file that overrides it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.reconcile.errors import ReconcileRulesError
from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.kinds import KINDS


@dataclass(frozen=True, slots=True)
class ReconcileRules:
    thread_kinds: frozenset[str]
    cumulative_kinds: frozenset[str]
    metric_families: tuple[frozenset[str], ...]
    tolerance: float
    tolerance_approx: float
    compare_origins: int
    shingle_words: int
    minhash_permutations: int
    lsh_bands: int
    near_duplicate_similarity: float
    generic_origin_lowercase: bool
    subject_stopwords: frozenset[str]
    # modality -> phrases of a quote that mark it (data/reconcile.yaml `modality_markers`)
    modality_markers: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> ReconcileRules:
        data = parse_mapping(packaged_text("reconcile.yaml"), "packaged reconcile.yaml", ReconcileRulesError)
        if path is not None:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise ReconcileRulesError(f"cannot read reconcile rules {path}: {exc.strerror}") from exc
            data = extend(data, parse_mapping(text, str(path), ReconcileRulesError))
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ReconcileRules:
        try:
            rules = cls(
                thread_kinds=_kinds(data, "thread_kinds", KINDS.where(threaded=True)),
                cumulative_kinds=_kinds(data, "cumulative_kinds", KINDS.where(cumulative=True)),
                metric_families=tuple(
                    frozenset(map(str, f)) for f in data.get("metric_families", KINDS.metric_families())
                ),
                tolerance=float(data["tolerance"]),
                tolerance_approx=float(data["tolerance_approx"]),
                compare_origins=int(data["compare_origins"]),
                shingle_words=int(data["shingle_words"]),
                minhash_permutations=int(data["minhash_permutations"]),
                lsh_bands=int(data["lsh_bands"]),
                near_duplicate_similarity=float(data["near_duplicate_similarity"]),
                generic_origin_lowercase=bool(data["generic_origin_lowercase"]),
                subject_stopwords=frozenset(str(w).casefold() for w in data["subject_stopwords"]),
                modality_markers=tuple(
                    (str(m), tuple(str(w).casefold() for w in words))
                    for m, words in dict(data.get("modality_markers", {})).items()
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ReconcileRulesError(f"reconcile rules: bad or missing value: {exc}") from exc
        if rules.minhash_permutations % rules.lsh_bands:
            raise ReconcileRulesError("minhash_permutations must be a multiple of lsh_bands")
        if rules.shingle_words < 1 or rules.compare_origins < 1:
            raise ReconcileRulesError("shingle_words and compare_origins must be positive")
        return rules

    def related_kinds(self, kind: str) -> frozenset[str]:
        """Kinds measuring a different metric of the same thing (killed -> killed_or_wounded...)."""
        related: set[str] = set()
        for family in self.metric_families:
            if kind in family:
                related |= family
        related.discard(kind)
        return frozenset(related)



def _kinds(data: Mapping[str, Any], key: str, registry: frozenset[str]) -> frozenset[str]:
    """A kind set: the registry's (data/kinds.yaml), unless a rules file names one itself."""
    return frozenset(map(str, data[key])) if key in data else registry
