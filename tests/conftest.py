"""Shared fixtures: the shared corpus location, and the extraction resources loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval" / "gold").is_dir() or not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip("../shared (seed corpus and gold) is not present")
    return SHARED


@pytest.fixture(scope="session")
def settings():
    from claimledger.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def resources(settings):
    from claimledger.extract import Resources

    return Resources.load(settings)


@pytest.fixture(scope="session")
def pipeline(settings, resources):
    from claimledger.pipeline import Pipeline

    return Pipeline(settings, resources)


@pytest.fixture()
def store(tmp_path):
    from claimledger.store import open_store

    s = open_store(f"sqlite:///{tmp_path / 'ledger.db'}")
    yield s
    s.close()
