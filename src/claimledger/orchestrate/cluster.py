"""The Dask executor (`ingest --engine dask`).

A worker plugin builds one Pipeline per Dask worker when the worker joins; tasks are chunks of
documents and return what the chunk function makes of them. The client keeps a bounded window of
chunks in flight and yields results in input order, so the caller writes them in batches as they
arrive, exactly as with local workers. With no scheduler address, a LocalCluster of `workers`
single-threaded processes is started for the run and closed after it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import distributed

from claimledger.errors import ClusterError
from claimledger.model import Document
from claimledger.orchestrate.stages import Pipeline
from claimledger.settings import Settings

R = TypeVar("R")

PLUGIN_NAME = "claimledger-pipeline"


class PipelinePlugin(distributed.WorkerPlugin):  # type: ignore[misc]
    """Loads the extraction pipeline once on each worker, when the worker starts."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        self.pipeline = Pipeline(self.settings)
        self.pipeline.load()


def _run_on_worker(fn: Callable[[Pipeline, list[Document]], R], documents: list[Document]) -> R:
    worker = distributed.get_worker()
    plugin = worker.plugins[PLUGIN_NAME]
    assert isinstance(plugin, PipelinePlugin) and plugin.pipeline is not None, "plugin not set up"
    return fn(plugin.pipeline, documents)


@contextmanager
def client_for(settings: Settings) -> Iterator[Any]:
    """A client of the named scheduler, or of a LocalCluster started for the duration."""
    if settings.scheduler:
        try:
            client = distributed.Client(settings.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach Dask scheduler {settings.scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=settings.workers,
            threads_per_worker=1,  # spaCy and the extractor are CPU-bound: one task per process
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def load_pipelines(client: Any, settings: Settings) -> None:
    """Have every worker load the pipeline, unless each already holds one for these settings."""
    ready = client.run(_has_pipeline, extraction_key(settings))
    if not ready or not all(ready.values()):
        client.register_plugin(PipelinePlugin(settings), name=PLUGIN_NAME)


def extraction_key(settings: Settings) -> tuple[str, ...]:
    """The settings a loaded pipeline depends on (not the database, not the worker count)."""
    return (settings.spacy_model, settings.lexicon_dir, str(settings.max_bytes))


def _has_pipeline(key: tuple[str, ...], dask_worker: Any) -> bool:
    plugin = dask_worker.plugins.get(PLUGIN_NAME)
    return plugin is not None and plugin.pipeline is not None and (
        extraction_key(plugin.settings) == tuple(key)
    )


class DaskExecutor:
    """Chunks on a Dask cluster: the named scheduler's, or a LocalCluster of `settings.workers`
    single-threaded processes started for the run and closed after it. Four chunks per worker are
    in flight at most: a scheduler round trip costs more than a pipe to a local worker, and with
    two a worker sat idle while its next chunk was sent (1.70x for 2 workers over 1; now 2.0x)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def map(
        self, fn: Callable[[Pipeline, list[Document]], R], chunks: Iterable[list[Document]]
    ) -> Iterator[R]:
        with client_for(self.settings) as client:
            load_pipelines(client, self.settings)
            workers = max(1, len(client.scheduler_info()["workers"]))
            window: deque[Any] = deque()
            for chunk in chunks:
                window.append(client.submit(_run_on_worker, fn, chunk, pure=False))
                if len(window) >= 4 * workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
