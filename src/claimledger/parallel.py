"""Extraction in chunks, in this process or in worker processes (`ingest --workers N`).

Documents go through in chunks: each chunk is cleaned, then extracted with one spaCy batch over
the candidate sentences of all its articles. With several workers, each worker process holds one
Pipeline (inherited from the parent where the platform forks, built once in the pool initializer
where it spawns) and the parent alone writes to the store, so writes stay batched and
single-writer. Results come back in input order with a bounded number of chunks in flight, so
memory does not grow with the corpus.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from claimledger.errors import ClusterError, RejectedInput
from claimledger.model import Article, Claim, Document, Rejection
from claimledger.settings import Settings

if TYPE_CHECKING:
    from claimledger.pipeline import Pipeline

CHUNK = 16  # documents per task: enough sentences for an efficient spaCy batch, small enough to stay even


@dataclass(frozen=True, slots=True)
class Processed:
    """What became of one document: an article with its claims, or a rejection."""

    document_id: str
    source: str
    article: Article | None
    claims: tuple[Claim, ...]
    rejection: Rejection | None


def process_chunk(pipeline: Pipeline, documents: list[Document]) -> list[Processed]:
    """Clean each document, then extract the claims of all that survived in one spaCy batch."""
    cleaned: list[Article | Rejection] = []
    for document in documents:
        try:
            cleaned.append(pipeline.clean(document))
        except RejectedInput as exc:
            cleaned.append(Rejection(document.source, exc.reason, document.id))
    articles = [a for a in cleaned if isinstance(a, Article)]
    claims = iter(pipeline.extractor.extract_many(articles))
    out: list[Processed] = []
    for document, item in zip(documents, cleaned, strict=True):
        if isinstance(item, Rejection):
            out.append(Processed(document.id, document.source, None, (), item))
        else:
            out.append(Processed(document.id, document.source, item, tuple(next(claims)), None))
    return out


def process(documents: Iterable[Document], pipeline: Pipeline) -> Iterator[Processed]:
    """Documents processed by the engine the settings name, yielded in input order."""
    settings = pipeline.settings
    if settings.engine == "dask":
        try:
            from claimledger.cluster import process_dask
        except ImportError as exc:
            raise ClusterError(
                f"the dask engine needs dask.distributed ({exc}): pip install 'claimledger[dask]'"
            ) from exc
        yield from process_dask(documents, settings)
    elif settings.workers > 1:
        yield from process_parallel(documents, pipeline, settings.workers)
    else:
        for chunk in chunked(iter(documents), CHUNK):
            yield from process_chunk(pipeline, chunk)


# -- worker processes ------------------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None  # one per worker process, set by _init; unused in the parent


def _init(settings: Settings, inherited: Pipeline | None) -> None:
    global _worker_pipeline  # the pool initializer's only way to hand state to its tasks
    from claimledger.pipeline import Pipeline

    _worker_pipeline = inherited or Pipeline(settings)
    _ = _worker_pipeline.extractor  # load spaCy and the lexicons now, once


def _process(documents: list[Document]) -> list[Processed]:
    assert _worker_pipeline is not None, "worker used before its initializer ran"
    return process_chunk(_worker_pipeline, documents)


def process_parallel(
    documents: Iterable[Document], pipeline: Pipeline, workers: int
) -> Iterator[Processed]:
    """Documents processed by `workers` processes, yielded in input order.

    At most two chunks per worker are in flight (Pool.imap would read the whole input ahead).
    Where the platform forks, workers share the parent's loaded pipeline (copy-on-write) instead
    of loading their own."""
    fork = "fork" in mp.get_all_start_methods()
    context = mp.get_context("fork" if fork else "spawn")
    if fork:
        _ = pipeline.extractor  # load before forking, so each worker inherits it
    inherited = pipeline if fork else None  # a spawned worker builds its own from the settings
    window: deque[AsyncResult[list[Processed]]] = deque()
    with context.Pool(workers, initializer=_init, initargs=(pipeline.settings, inherited)) as pool:
        for chunk in chunked(iter(documents), CHUNK):
            window.append(pool.apply_async(_process, (chunk,)))
            if len(window) >= 2 * workers:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()


def chunked(items: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while chunk := list(islice(items, size)):
        yield chunk
