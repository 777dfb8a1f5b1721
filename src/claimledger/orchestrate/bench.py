"""`claimledger bench`: end-to-end throughput against a bare spaCy pass over the same text.

The corpus is built by recombining the bundled sample articles: paragraphs from several samples,
numbers rescaled, dates shifted, so every article is new content (new hash) and the pipeline does
its full work. The full pipeline (read, clean, extract, store into a fresh SQLite file) is timed,
then spaCy's complete English pipeline (`nlp.pipe`, every component) over the same cleaned texts,
with as many processes as the pipeline had workers: the ratio compares equal hardware.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import tempfile
import threading
import time
from collections import deque
from contextlib import ExitStack
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

import spacy
from spacy.language import Language

from claimledger.extract.nlp import ModelNotFound
from claimledger.ingest import Limits, read_inputs, sample_paths, split_front_matter
from claimledger.model import Document
from claimledger.orchestrate.pipeline import ingest
from claimledger.orchestrate.stages import Pipeline
from claimledger.settings import Settings
from claimledger.store import open_store

NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,6}\b")


@dataclass(frozen=True, slots=True)
class BenchResult:
    articles: int
    words: int
    seconds: float
    articles_per_s: float
    words_per_s: float
    spacy_baseline_seconds: float
    spacy_baseline_articles_per_s: float
    ratio: float
    claims: int
    peak_rss_mb: float
    peak_worker_rss_mb: float
    peak_total_pss_mb: float  # this process and its workers together (0 where /proc is missing)
    workers: int
    engine: str
    baseline_workers: int  # processes of the spaCy pass: the pipeline's worker count
    # CPU seconds of this process and its finished workers: steadier than wall time on a busy
    # machine (0 for the dask engine, whose workers outlive the run)
    cpu_seconds: float
    spacy_baseline_cpu_seconds: float
    cpu_ratio: float


    def to_json(self) -> dict[str, float | int | str]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def synthetic_articles(count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """(file name, Markdown text) pairs recombined from the samples."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    for path in sample_paths():
        _, body = split_front_matter(Path(path).read_text(encoding="utf-8"))
        paragraphs.extend(p.strip() for p in body.split("\n\n") if len(p.split()) > 12)
    start = dt.date(2024, 10, 1)
    for i in range(count):
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 8)))
        body = "\n\n".join(NUMBER.sub(lambda m: _rescale(m.group(0), rng), p) for p in chosen)
        published = start + dt.timedelta(days=rng.randint(0, 420))
        front = f"---\ntitle: Synthetic report {i}\noutlet: Bench Wire\npublished: {published}\n---\n"
        yield f"bench-{i:06d}.md", front + body + "\n"


def _rescale(text: str, rng: random.Random) -> str:
    value = int(text.replace(",", ""))
    if 1900 <= value <= 2100:  # leave years alone: they anchor the dates
        return text
    scaled = max(1, int(value * rng.uniform(0.5, 1.6)))
    return f"{scaled:,}" if "," in text else str(scaled)


def run_bench(articles: int, settings: Settings, baseline: bool = True) -> BenchResult:
    """Time `ingest` of `articles` synthetic articles into a fresh database with the settings'
    engine and workers, then (unless `baseline` is False) spaCy's full pipeline over the same
    cleaned texts in as many processes. Both passes stream: memory stays flat in the corpus size."""
    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for name, text in synthetic_articles(articles):
            (folder / name).write_text(text, encoding="utf-8")
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        run_settings = settings.with_overrides(db=db)
        if run_settings.engine == "dask" and not run_settings.scheduler:
            # Start the local cluster and load its pipelines before the clock starts, as below.
            from claimledger.orchestrate.cluster import client_for, load_pipelines

            client = stack.enter_context(client_for(run_settings))
            load_pipelines(client, run_settings)
            run_settings = run_settings.with_overrides(scheduler=client.scheduler.address)
        pipeline = Pipeline(run_settings)
        pipeline.load()  # load models before the clock starts: the bench times the work
        store = open_store(db)
        memory = stack.enter_context(TreeMemory())
        began, cpu_began = time.perf_counter(), _cpu_seconds()
        summary = ingest([str(folder)], store, pipeline)
        seconds, cpu = time.perf_counter() - began, _cpu_seconds() - cpu_began
        memory.stop()
        store.close()
        # The cleaned texts go to a file before the baseline's clock starts: it times spaCy alone.
        cleaned = Path(tmp) / "cleaned.jsonl"
        words = _write_lines(_cleaned_texts(folder, pipeline), cleaned)
        processes = max(1, run_settings.workers)
        cpu_began = _cpu_seconds()
        baseline_seconds = _spacy_baseline(_read_lines(cleaned), settings, processes) if baseline else 0.0
        baseline_cpu = _cpu_seconds() - cpu_began if baseline else 0.0
        if run_settings.engine == "dask":
            cpu = baseline_cpu = 0.0
    return BenchResult(
        articles=articles,
        words=words,
        seconds=seconds,
        articles_per_s=articles / seconds,
        words_per_s=words / seconds,
        spacy_baseline_seconds=baseline_seconds if baseline else 0.0,
        spacy_baseline_articles_per_s=articles / baseline_seconds if baseline else 0.0,
        ratio=baseline_seconds / seconds if baseline else 0.0,
        claims=summary.claims,
        peak_rss_mb=_peak_rss_mb(resource.RUSAGE_SELF),
        peak_worker_rss_mb=_peak_rss_mb(resource.RUSAGE_CHILDREN),
        peak_total_pss_mb=memory.peak_mb,
        workers=run_settings.workers,
        engine=run_settings.engine,
        baseline_workers=processes if baseline else 0,
        cpu_seconds=cpu,
        spacy_baseline_cpu_seconds=baseline_cpu,
        cpu_ratio=baseline_cpu / cpu if cpu and baseline_cpu else 0.0,
    )


def _cleaned_texts(folder: Path, pipeline: Pipeline) -> Iterator[str]:
    for item in read_inputs(sorted(folder.iterdir()), Limits(pipeline.settings.max_bytes)):
        if isinstance(item, Document):
            yield pipeline.clean(item).text


def _write_lines(texts: Iterator[str], path: Path) -> int:
    """Write the texts one JSON string a line; returns their word count."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for text in texts:
            words += len(text.split())
            out.write(json.dumps(text) + "\n")
    return words


def _read_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def _spacy_baseline(texts: Iterator[str], settings: Settings, processes: int = 1) -> float:
    """Seconds for spaCy's complete pipeline (every component) over the texts, in `processes`
    processes fed as the pipeline's workers are (chunks of 16, two per process in flight).
    Loading the model is not timed; starting the processes is, as it is for the pipeline."""
    from claimledger.extract.nlp import DEFAULT_MODELS

    names = (settings.spacy_model,) if settings.spacy_model else DEFAULT_MODELS
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise ModelNotFound("no spaCy pipeline installed")
    began = time.perf_counter()
    if processes == 1:
        for _ in nlp.pipe(texts, batch_size=BASELINE_BATCH):
            pass
    else:
        _pipe_in_processes(nlp, name, texts, processes)
    return time.perf_counter() - began


BASELINE_BATCH = 64
_baseline_nlp: Language | None = None  # a baseline worker's pipeline, inherited or loaded


def _baseline_init(nlp: Language | None, name: str) -> None:
    global _baseline_nlp  # the pool initializer's only way to hand state to its tasks
    _baseline_nlp = nlp if nlp is not None else spacy.load(name)


def _baseline_chunk(texts: list[str]) -> int:
    assert _baseline_nlp is not None, "baseline worker used before its initializer ran"
    return sum(1 for _ in _baseline_nlp.pipe(texts, batch_size=BASELINE_BATCH))


def _pipe_in_processes(nlp: Language, name: str, texts: Iterable[str], processes: int) -> None:
    """spaCy over the texts in `processes` worker processes, as `executors.ProcessPool` runs
    the pipeline: forked workers share the loaded model, at most two chunks each in flight."""
    fork = "fork" in mp.get_all_start_methods()
    context = mp.get_context("fork" if fork else "spawn")
    window: deque[AsyncResult[int]] = deque()
    items = iter(texts)
    with context.Pool(processes, initializer=_baseline_init, initargs=(nlp if fork else None, name)) as pool:
        while chunk := list(islice(items, 16)):
            window.append(pool.apply_async(_baseline_chunk, (chunk,)))
            if len(window) >= 2 * processes:
                window.popleft().get()
        while window:
            window.popleft().get()


def _cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mb(who: int) -> float:
    """Peak resident memory of this process, or of its largest finished child process."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class TreeMemory:
    """Samples, once a second in a thread, the memory of this process and every process under it
    (extraction and reconcile workers, a local Dask cluster) as their summed proportional set
    size: a page shared by forked processes counts once in all, not once per process as RSS
    counts it. Linux only (/proc/PID/smaps_rollup); elsewhere the peak stays 0."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-memory", daemon=True)

    def __enter__(self) -> TreeMemory:
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, tree_pss_mb(os.getpid()))
            if self._done.wait(self.every):
                return


def tree_pss_mb(root: int) -> float:
    """Summed proportional set size of `root` and its descendants, in MB (Linux)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total_kb = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
        except (OSError, ValueError):
            continue
    return total_kb / 1024
