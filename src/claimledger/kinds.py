"""The kinds of claim, read from `data/kinds.yaml`: every kind set in the code comes from here.

A kind is a name ("killed") with a few properties that rules and reconciliation ask about: does
it count people, is it a movement of a force, a running total, which metric does it share with
other kinds. Code asks the registry (`KINDS.where(people=True)`) instead of spelling sets out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NewType

from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import ClaimledgerError

# A claim's kind: one of the registry's names (checked where kinds enter: extraction, edits,
# gold files, filters).
KindName = NewType("KindName", str)

FAMILIES = ("forces", "casualties", "supplies", "events", "statements", "other")


class KindsError(ClaimledgerError):
    """A kinds file is malformed."""


@dataclass(frozen=True, slots=True)
class Kind:
    name: KindName
    label: str
    family: str
    people: bool = False
    movement: bool = False
    supply: bool = False
    agent: bool = False
    threaded: bool = False
    cumulative: bool = False
    metric: str | None = None


_FLAGS = tuple(f.name for f in fields(Kind) if f.type in ("bool", bool))


@dataclass(frozen=True, slots=True)
class KindRegistry:
    """The kinds in the order of the file (the order tables and reports use)."""

    kinds: tuple[Kind, ...]

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> KindRegistry:
        """The packaged kinds, extended by each user file in `extra` that exists."""
        data = parse_mapping(packaged_text("kinds.yaml"), "packaged kinds.yaml", KindsError)
        for path in extra:
            if path.is_file():
                data = extend(data, parse_mapping(path.read_text(encoding="utf-8"), str(path), KindsError))
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> KindRegistry:
        return cls(tuple(_kind(str(name), entry) for name, entry in data.items()))

    @property
    def names(self) -> tuple[KindName, ...]:
        return tuple(k.name for k in self.kinds)

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds)

    def __contains__(self, name: object) -> bool:
        return any(k.name == name for k in self.kinds)

    def __getitem__(self, name: str) -> Kind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    def where(self, **flags: bool) -> frozenset[str]:
        """The names of the kinds whose flags have the given values (`where(people=True)`)."""
        unknown = set(flags) - set(_FLAGS)
        if unknown:
            raise TypeError(f"not a kind flag: {', '.join(sorted(unknown))}")
        return frozenset(k.name for k in self.kinds if all(getattr(k, f) == v for f, v in flags.items()))

    def metric_families(self) -> tuple[frozenset[str], ...]:
        """Groups of kinds that share a metric, in the order the metrics first appear."""
        groups: dict[str, set[str]] = {}
        for kind in self.kinds:
            if kind.metric:
                groups.setdefault(kind.metric, set()).add(kind.name)
        return tuple(frozenset(g) for g in groups.values())

    def check(self, name: str) -> KindName:
        """`name` as a kind, or ValueError listing the kinds."""
        if name not in self:
            raise ValueError(f"unknown kind {name!r}; kinds: {', '.join(self.names)}")
        return KindName(name)


def _kind(name: str, entry: Any) -> Kind:
    if not isinstance(entry, Mapping):
        raise KindsError(f"kind {name!r}: expected a mapping of properties")
    known = {f.name for f in fields(Kind)} - {"name"}
    unknown = set(entry) - known
    if unknown:
        raise KindsError(f"kind {name!r}: unknown properties {', '.join(sorted(map(str, unknown)))}")
    if "label" not in entry or "family" not in entry:
        raise KindsError(f"kind {name!r}: needs a label and a family")
    if entry["family"] not in FAMILIES:
        raise KindsError(f"kind {name!r}: family must be one of {', '.join(FAMILIES)}")
    values: dict[str, Any] = {"label": str(entry["label"]), "family": str(entry["family"])}
    for flag in _FLAGS:
        value = entry.get(flag, False)
        if not isinstance(value, bool):
            raise KindsError(f"kind {name!r}: {flag} must be true or false")
        values[flag] = value
    metric = entry.get("metric")
    values["metric"] = None if metric is None else str(metric)
    return Kind(name=KindName(name), **values)


KINDS = KindRegistry.load()
