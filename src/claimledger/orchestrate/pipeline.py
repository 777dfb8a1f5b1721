"""The stages wired together for a batch: ingest -> clean -> date -> extract -> store -> reconcile.

`ingest()` streams a batch through the `Pipeline` (see `stages`) on the executor the settings
name: documents already in the store are skipped before any work, rejected inputs are recorded
with their reason, and articles are written in batched transactions by this process alone.

Each input passes through one boundary (`claimledger.ingest.guard`), in three places along the
stream: reading (`read_inputs`), cleaning and extraction (`process_chunk`) and storing
(`_flush`). Whatever an input makes go wrong in any of them becomes a rejection of that input,
recorded with its reason; the rest of the batch goes on, and a re-run rejects it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from claimledger.ingest import Limits, find_inputs, read_inputs
from claimledger.ingest.guard import reason_for, safe_text
from claimledger.model import Article, Claim, Document, Rejection
from claimledger.orchestrate.executors import process
from claimledger.orchestrate.stages import Pipeline
from claimledger.reconcile import reconcile
from claimledger.review import reapply_edits
from claimledger.settings import Settings
from claimledger.store import Store


@dataclass(slots=True)
class IngestSummary:
    ingested: int = 0
    skipped: int = 0
    rejected: int = 0
    claims: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # the articles this run stored

    @property
    def ok(self) -> bool:
        return self.rejected == 0


ProgressFn = Callable[[str], None]
# A run that stored more articles than this, and most of the ledger, has it rebuilt rather than
# refreshed: the same result, in about half the time (docs/throughput.md).
REFRESH_LIMIT = 2_000
LOOKAHEAD = 64  # documents read ahead to ask the store about at once


def documents(paths: Sequence[str], settings: Settings) -> Iterator[Document | Rejection]:
    files = find_inputs(paths)
    return read_inputs(files, Limits.from_settings(settings))


def ingest(
    paths: Sequence[str],
    store: Store,
    pipeline: Pipeline,
    progress: ProgressFn | None = None,
) -> IngestSummary:
    """Read, extract and store; the engine and worker count come from the pipeline's settings.

    Documents stream through: those already stored are skipped before any work, the rest are
    extracted a chunk at a time (in this process, in worker processes or on a Dask cluster) and
    written `batch_size` articles per transaction as results arrive."""
    summary = IngestSummary()
    batch: list[tuple[Article, list[Claim]]] = []
    pending: set[str] = set()  # read but not yet written: bounded by the in-flight window
    version = pipeline.extractor.version
    new = _new_documents(documents(paths, pipeline.settings), store, summary, pending, progress)
    for result in process(new, pipeline):
        if result.rejection is not None:
            pending.discard(result.document_id)
            _record_rejection(store, result.rejection, summary)
            continue
        assert result.article is not None
        batch.append((result.article, list(result.claims)))
        if len(batch) >= pipeline.settings.batch_size:
            _flush(store, batch, version, pending, summary)
    _flush(store, batch, version, pending, summary)
    _reconcile(store)
    return summary


def _reconcile(store: Store) -> None:
    """New claims join existing threads; only the threads they touch are recomputed, unless the
    queue holds most of the ledger, when rebuilding all of it is quicker. The queue holds this
    run's articles, and those of an earlier run killed before it reconciled."""
    pending = store.unreconciled()
    if not pending:
        return
    if len(pending) > REFRESH_LIMIT and 2 * len(pending) > store.counts()["articles"]:
        reconcile(store)
    else:
        reconcile(store, pending)


def _new_documents(
    items: Iterable[Document | Rejection],
    store: Store,
    summary: IngestSummary,
    pending: set[str],
    progress: ProgressFn | None,
) -> Iterator[Document]:
    """The documents not yet in the store (nor earlier in this run); rejections are recorded.
    The store is asked which are known `LOOKAHEAD` documents at a time, not one by one; a
    document seen earlier in the run and no longer pending (stored or rejected since) is looked
    up on its own when it comes."""
    passed: set[str] = set()  # ids handed on in this run: 11 MB per 100,000
    for group in _groups(iter(items), LOOKAHEAD):
        known = store.known_article_ids(i.id for i in group if not isinstance(i, Rejection))
        for item in group:
            if progress:
                progress(item.source)
            if isinstance(item, Rejection):
                _record_rejection(store, item, summary)
            elif item.id in pending or item.id in known or (item.id in passed and store.has_article(item.id)):
                summary.skipped += 1
            else:
                pending.add(item.id)
                passed.add(item.id)
                yield item


def _groups(items: Iterator[Document | Rejection], size: int) -> Iterator[list[Document | Rejection]]:
    while group := list(islice(items, size)):
        yield group


def extract_paths(paths: Sequence[str], pipeline: Pipeline) -> Iterator[tuple[Article | Rejection, list[Claim]]]:
    """Claims without a database (`claimledger extract`): each input with what it yielded."""
    for item in documents(paths, pipeline.settings):
        if isinstance(item, Rejection):
            yield item, []
            continue
        try:
            yield pipeline.process(item)
        except Exception as exc:  # the boundary: one document never stops the batch
            yield Rejection(item.source, reason_for(exc), item.id), []


def reextract(store: Store, pipeline: Pipeline, article_ids: Iterable[str] | None = None) -> int:
    """Run the current extractor again over stored articles; returns the number of claims."""
    extractor = pipeline.extractor
    extractors = pipeline.extractors
    ids = list(article_ids) if article_ids is not None else [a.id for a in store.articles()]
    total = 0
    for article_id in ids:
        article = store.article(article_id)
        if article is None:
            continue
        claims = extractors.extract(article)
        store.replace_claims(article_id, claims, extractor.version)
        total += len(claims)
    reapply_edits(store, ids)  # analysts' corrections outlive the extractor's new output
    reconcile(store, ids)  # analyst decisions find their claims again by id or span
    return total


def _flush(
    store: Store,
    batch: list[tuple[Article, list[Claim]]],
    version: str,
    pending: set[str],
    summary: IngestSummary,
) -> None:
    """Write a batch and count it: an article another process stored first (it lost the write
    race) counts as skipped, like any article already present, and its claims are not counted.
    An article the store cannot take is rejected on its own, and the rest are written."""
    try:
        stored, failed = set(store.write_new(batch, version)), set[str]()
    except Exception:  # find the article at fault: each written on its own, inside the boundary
        stored, failed = _write_one_by_one(store, batch, version, summary)
    for article, claims in batch:
        if article.id in failed:
            continue
        if article.id in stored:
            summary.ingested += 1
            summary.claims += len(claims)
            summary.article_ids.append(article.id)  # ~110 bytes each: 11 MB per 100,000
        else:
            summary.skipped += 1
    store.forget_rejections([article.source for article, _ in batch if article.id in stored])
    pending.difference_update(article.id for article, _ in batch)
    batch.clear()


def _write_one_by_one(
    store: Store, batch: list[tuple[Article, list[Claim]]], version: str, summary: IngestSummary
) -> tuple[set[str], set[str]]:
    """The ids stored and the ids rejected (recorded with the store's reason)."""
    stored: set[str] = set()
    failed: set[str] = set()
    for article, claims in batch:
        try:
            stored.update(store.write_new([(article, claims)], version))
        except Exception as exc:
            failed.add(article.id)
            _record_rejection(store, Rejection(article.source, reason_for(exc), article.id), summary)
    return stored, failed


def _record_rejection(store: Store, rejection: Rejection, summary: IngestSummary) -> None:
    rejection = Rejection(safe_text(rejection.source), safe_text(rejection.reason), rejection.content_id)
    store.reject(rejection)
    summary.rejected += 1
    summary.rejections.append(rejection)

