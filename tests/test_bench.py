"""The bench compares equal hardware: the spaCy pass gets as many processes as the pipeline."""

from __future__ import annotations

import pytest

from claimledger.orchestrate.bench import _read_lines, _write_lines, run_bench
from claimledger.settings import load_settings

pytestmark = pytest.mark.model


@pytest.mark.parametrize("workers", [1, 2])
def test_the_baseline_runs_with_the_pipelines_worker_count(workers: int) -> None:
    result = run_bench(6, load_settings().with_overrides(workers=workers, engine="local"))
    assert result.workers == result.baseline_workers == workers
    assert result.spacy_baseline_seconds > 0 and result.ratio > 0
    # CPU time counts the workers too, once they have ended
    assert result.cpu_seconds > 0 and result.spacy_baseline_cpu_seconds > 0 and result.cpu_ratio > 0


def test_no_baseline_reports_no_baseline_figures() -> None:
    result = run_bench(2, load_settings().with_overrides(workers=1, engine="local"), baseline=False)
    assert result.baseline_workers == 0 and result.ratio == 0 and result.spacy_baseline_cpu_seconds == 0


def test_cleaned_texts_round_trip_through_the_file(tmp_path) -> None:
    texts = ["One line.", "Two\nlines, \"quoted\".", ""]
    words = _write_lines(iter(texts), tmp_path / "t.jsonl")
    assert words == 5 and list(_read_lines(tmp_path / "t.jsonl")) == texts
