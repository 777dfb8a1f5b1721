"""The sample articles bundled with the package: the demo's corpus and the bench's raw material."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def samples_dir() -> Path:
    return Path(str(resources.files("claimledger.data") / "samples"))


def sample_paths() -> list[str]:
    """The sample articles (numbered files; the folder holds nothing else, see docs/samples.md)."""
    return [str(p) for p in sorted(samples_dir().glob("[0-9]*.md"))]
