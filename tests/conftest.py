"""Shared fixtures: the shared corpus location, the extraction resources loaded once, and the
database backend the suite runs against.

`CLAIMLEDGER_TEST_BACKEND=postgresql` (or `pytest --backend postgresql`) runs every store against a
PostgreSQL server started for the session on 127.0.0.1 (see tests/pgserver.py); the default is
SQLite files in temporary folders. Tests that are about SQLite itself are marked `sqlite_only`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
BACKENDS = ("sqlite", "postgresql")

DatabaseFactory = Callable[[Path, str], str]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="database backend for the store tests (default: $CLAIMLEDGER_TEST_BACKEND or sqlite)",
    )


def _backend(config: pytest.Config) -> str:
    chosen = config.getoption("--backend") or os.environ.get("CLAIMLEDGER_TEST_BACKEND") or "sqlite"
    if chosen not in BACKENDS:
        raise pytest.UsageError(f"CLAIMLEDGER_TEST_BACKEND must be one of {', '.join(BACKENDS)}")
    return chosen


def pytest_report_header(config: pytest.Config) -> str:
    return f"claimledger database backend: {_backend(config)}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _backend(config) == "sqlite":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "SQLite only")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> str:
    return _backend(pytestconfig)


@pytest.fixture(scope="session")
def new_database(backend: str) -> Iterator[DatabaseFactory]:
    """A factory of empty databases: `new_database(folder, hint)` returns a SQLAlchemy URL."""
    if backend == "sqlite":
        yield lambda folder, hint: f"sqlite:///{folder / (hint + '.db')}"
        return
    from pgserver import PostgresServer

    server = PostgresServer().start()
    try:
        yield lambda _folder, hint: server.new_database(hint)
    finally:
        server.stop()


@pytest.fixture()
def db_url(new_database: DatabaseFactory, tmp_path: Path) -> str:
    return new_database(tmp_path, "ledger")


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
    from claimledger.orchestrate import Pipeline

    return Pipeline(settings, resources)


@pytest.fixture()
def store(db_url: str):
    from claimledger.store import open_store

    s = open_store(db_url)
    yield s
    s.close()
