"""`claimledger eval`: run the pipeline over annotated articles and score it against the gold.

The scoring rules live in `claimledger.evaluate.scoring`; this module only finds each gold file's
article, runs ingest -> clean -> extract on it, and hands the pairs to the scorer.
"""

from __future__ import annotations

from pathlib import Path

from claimledger.errors import UsageError
from claimledger.evaluate.gold import load_gold
from claimledger.evaluate.scoring import EvalReport, score
from claimledger.ingest import Limits, read_path
from claimledger.model import Claim, Document
from claimledger.orchestrate import Pipeline
from claimledger.settings import Settings


def run_evaluation(
    gold_dir: Path, corpus_dir: Path, settings: Settings, pipeline: Pipeline | None = None
) -> EvalReport:
    gold = load_gold(gold_dir)
    if not gold:
        raise UsageError(f"no gold files in {gold_dir}")
    pipeline = pipeline or Pipeline(settings)
    pairs = []
    for article in gold:
        path = corpus_dir / article.name
        if not path.is_file():
            raise UsageError(f"{article.name}: not found in {corpus_dir}")
        pairs.append((article, extract_file(path, pipeline, settings)))
    return score(pairs)


def extract_file(path: Path, pipeline: Pipeline, settings: Settings) -> list[Claim]:
    claims: list[Claim] = []
    for item in read_path(path, Limits(max_bytes=settings.max_bytes)):
        if isinstance(item, Document):
            claims.extend(pipeline.process(item)[1])
    return claims
