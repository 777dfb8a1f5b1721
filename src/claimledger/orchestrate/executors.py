"""Where the chunks run: in this process, in local worker processes, or on a Dask cluster.

Every executor has one method, `map(fn, chunks)`: it applies a chunk function to each chunk of
documents with the Pipeline of whichever process runs it, and yields the results in input order
with a bounded number of chunks in flight, so memory does not grow with the corpus. The parent
alone writes to the store, so writes stay batched and single-writer. `executor_for` picks one
from the settings (`engine`, `workers`, `scheduler`).

With local workers, each worker process holds one Pipeline (inherited from the parent where the
platform forks, built once in the pool initializer where it spawns).
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any, Protocol, TypeVar

from claimledger.errors import ClusterError
from claimledger.model import Document
from claimledger.orchestrate.stages import Pipeline, Processed, process_chunk
from claimledger.settings import Settings

CHUNK = 16  # documents per task: enough sentences for an efficient spaCy batch, small enough to stay even

R = TypeVar("R")
ChunkFn = Callable[[Pipeline, list[Document]], R]  # module-level, so worker processes can unpickle it


class Executor(Protocol):
    def map(self, fn: ChunkFn[R], chunks: Iterable[list[Document]]) -> Iterator[R]:
        """`fn(pipeline, chunk)` for each chunk, in input order, a bounded window in flight."""
        ...


def executor_for(pipeline: Pipeline) -> Executor:
    """The executor the pipeline's settings name: Dask, local worker processes, or this process."""
    settings = pipeline.settings
    if settings.engine == "dask":
        try:
            from claimledger.orchestrate.cluster import DaskExecutor
        except ImportError as exc:
            raise ClusterError(
                f"the dask engine needs dask.distributed ({exc}): pip install 'claimledger[dask]'"
            ) from exc
        return DaskExecutor(settings)
    if settings.workers > 1:
        return ProcessPool(pipeline, settings.workers)
    return InProcess(pipeline)


def process(documents: Iterable[Document], pipeline: Pipeline) -> Iterator[Processed]:
    """Documents cleaned, dated and extracted by the executor the settings name, in input order."""
    for results in executor_for(pipeline).map(process_chunk, chunked(iter(documents), CHUNK)):
        yield from results


def chunked(items: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while chunk := list(islice(items, size)):
        yield chunk


class InProcess:
    """Each chunk in this process, one after the other: nothing is read ahead."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, fn: ChunkFn[R], chunks: Iterable[list[Document]]) -> Iterator[R]:
        for chunk in chunks:
            yield fn(self.pipeline, chunk)


# -- local worker processes ------------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None  # one per worker process, set by _init; unused in the parent


def _init(settings: Settings, inherited: Pipeline | None) -> None:
    global _worker_pipeline  # the pool initializer's only way to hand state to its tasks
    _worker_pipeline = inherited or Pipeline(settings)
    _worker_pipeline.load()  # load spaCy, the lexicons and the language identifier now, once


def _run(fn: ChunkFn[Any], chunk: list[Document]) -> Any:
    assert _worker_pipeline is not None, "worker used before its initializer ran"
    return fn(_worker_pipeline, chunk)


class ProcessPool:
    """Chunks on `workers` local processes; at most two chunks per worker in flight (Pool.imap
    would read the whole input ahead). Where the platform forks, workers share the parent's
    loaded pipeline (copy-on-write) instead of loading their own."""

    def __init__(self, pipeline: Pipeline, workers: int) -> None:
        self.pipeline = pipeline
        self.workers = workers

    def map(self, fn: ChunkFn[R], chunks: Iterable[list[Document]]) -> Iterator[R]:
        fork = "fork" in mp.get_all_start_methods()
        context = mp.get_context("fork" if fork else "spawn")
        if fork:
            self.pipeline.load()  # load before forking, so each worker inherits it
        inherited = self.pipeline if fork else None  # a spawned worker builds its own
        window: deque[AsyncResult[R]] = deque()
        initargs = (self.pipeline.settings, inherited)
        with context.Pool(self.workers, initializer=_init, initargs=initargs) as pool:
            for chunk in chunks:
                window.append(pool.apply_async(_run, (fn, chunk)))
                if len(window) >= 2 * self.workers:
                    yield window.popleft().get()
            while window:
                yield window.popleft().get()
