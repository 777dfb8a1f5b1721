"""Orchestration: the stages run in order over a batch, on one of the executors.

- `stages`: `Pipeline` (the per-process resources and the clean -> date -> extract steps) and
  `process_chunk`, the function every executor maps over chunks of documents.
- `executors`: the `Executor` interface, its in-process and local process-pool implementations,
  and `executor_for`, which picks one from the settings.
- `cluster`: the Dask executor (needs the `dask` extra; imported only when chosen).
- `pipeline`: `ingest()` and friends: read, skip what is stored, process, write, reconcile.
- `bench`: `claimledger bench`, the pipeline timed against a bare spaCy pass.
"""

from claimledger.orchestrate.executors import Executor, executor_for
from claimledger.orchestrate.pipeline import IngestSummary, extract_paths, ingest, reextract
from claimledger.orchestrate.stages import Pipeline

__all__ = ["Executor", "IngestSummary", "Pipeline", "executor_for", "extract_paths", "ingest", "reextract"]
