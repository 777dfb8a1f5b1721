"""Throughput paths give the same ledger as the plain one: chunks, worker processes, Dask."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.orchestrate.bench import synthetic_articles
from claimledger.cli import app
from claimledger.ingest import sample_paths
from claimledger.ingest import Limits, read_inputs
from claimledger.model import Document
from claimledger.orchestrate.executors import CHUNK, process
from claimledger.orchestrate.stages import process_chunk
from claimledger.orchestrate import Pipeline, ingest
from claimledger.store import open_store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples, recombined articles, an unreadable file and a repeated article."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sample_paths():
        (folder / Path(path).name).write_bytes(Path(path).read_bytes())
    for name, text in synthetic_articles(40, seed=11):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01 not text")
    (folder / "zz-copy.md").write_bytes(Path(sample_paths()[0]).read_bytes())
    return folder


def _ledger(corpus: Path, db: Path, pipeline: Pipeline) -> tuple[tuple[int, int, int], list[tuple]]:
    store = open_store(f"sqlite:///{db}")
    try:
        summary = ingest([str(corpus)], store, pipeline)
        rows = sorted(
            (c.id, c.article_id, c.kind, c.value, c.time, c.attributed_to, c.span)
            for c in store.claims()
        )
    finally:
        store.close()
    return (summary.ingested, summary.skipped, summary.rejected), rows


def _with(pipeline: Pipeline, **values: object) -> Pipeline:
    settings = dataclasses.replace(pipeline.settings, **values)
    return Pipeline(settings, pipeline.extractor.r)


@pytest.fixture(scope="module")
def local_ledger(corpus: Path, pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory):
    return _ledger(corpus, tmp_path_factory.mktemp("one") / "l.db", pipeline)


def test_one_process_ledger_counts_every_input(local_ledger) -> None:
    (ingested, skipped, rejected), rows = local_ledger
    assert (ingested, skipped, rejected) == (len(sample_paths()) + 40, 1, 1)
    assert len(rows) > 100


def test_two_workers_store_the_same_claims_as_one_process(
    corpus: Path, pipeline: Pipeline, local_ledger, tmp_path: Path
) -> None:
    assert _ledger(corpus, tmp_path / "l.db", _with(pipeline, workers=2)) == local_ledger


@pytest.mark.slow
def test_dask_local_cluster_stores_the_same_claims_as_a_local_run(
    corpus: Path, pipeline: Pipeline, local_ledger, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    dask = _with(pipeline, engine="dask", workers=2)
    assert _ledger(corpus, tmp_path / "l.db", dask) == local_ledger


def _documents(corpus: Path) -> list[Document]:
    items = read_inputs(sorted(corpus.iterdir()), Limits())
    return [d for d in items if isinstance(d, Document)]


def test_a_chunk_keeps_input_order_and_rejects_in_place(corpus: Path, pipeline: Pipeline) -> None:
    docs = _documents(corpus)[:3]
    empty = dataclasses.replace(docs[1], body="Comments\n\nLeave a reply\n", id="empty")
    results = process_chunk(pipeline, [docs[0], empty, docs[2]])
    assert [r.document_id for r in results] == [docs[0].id, "empty", docs[2].id]
    assert results[1].rejection is not None and results[1].article is None
    alone = [process_chunk(pipeline, [d])[0] for d in (docs[0], docs[2])]
    assert [r.claims for r in alone] == [results[0].claims, results[2].claims]


class Counting:
    """An input stream that records how far it has been read."""

    def __init__(self, items: list[Document]) -> None:
        self.items = items
        self.read = 0

    def __iter__(self) -> Iterator[Document]:
        for item in self.items:
            self.read += 1
            yield item


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_a_bounded_window_ahead(corpus: Path, pipeline: Pipeline, workers: int) -> None:
    docs = _documents(corpus)
    stream = Counting(docs * 3)  # more than the window holds
    results = process(stream, _with(pipeline, workers=workers))
    first = list(itertools.islice(results, 1))
    window = CHUNK if workers == 1 else 2 * workers * CHUNK
    assert first and stream.read <= window
    results.close()  # the pool shuts down with the generator


def test_scheduler_without_dask_engine_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--db", str(tmp_path / "l.db"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2
    assert "--engine dask" in result.output


def test_unknown_engine_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--db", str(tmp_path / "l.db"), "--engine", "spark"]
    )
    assert result.exit_code == 2
    assert "engine must be one of" in result.output


def test_bench_runs_with_two_workers() -> None:
    import json

    result = CliRunner().invoke(app, ["bench", "--articles", "20", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["workers"] == 2 and figures["claims"] > 0 and figures["ratio"] > 0


def _threads(folder: Path, db: Path, pipeline: Pipeline) -> list[tuple]:
    from claimledger.reconcile import threads

    store = open_store(f"sqlite:///{db}")
    try:
        ingest([str(folder)], store, pipeline)
        return sorted(
            (t.id, t.kind, t.actor, tuple(sorted(c.claim_id for c in t.claims)),
             tuple(sorted((r.a, r.b, r.relation) for r in t.relations)))
            for t in threads(store)
        )
    finally:
        store.close()


def test_a_run_bringing_most_of_the_ledger_rebuilds_to_the_same_threads(
    pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimledger.orchestrate.pipeline as stages

    folder = tmp_path / "samples"
    folder.mkdir()
    for path in sample_paths():
        (folder / Path(path).name).write_bytes(Path(path).read_bytes())
    refreshed = _threads(folder, tmp_path / "refresh.db", pipeline)
    calls: list[object] = []
    real = stages.reconcile
    monkeypatch.setattr(stages, "REFRESH_LIMIT", 3)
    monkeypatch.setattr(stages, "reconcile", lambda store, ids=None: calls.append(ids) or real(store, ids))
    rebuilt = _threads(folder, tmp_path / "rebuild.db", pipeline)
    assert calls == [None]  # a rebuild, not a refresh of the articles' threads
    assert rebuilt == refreshed and len(rebuilt) > 5
