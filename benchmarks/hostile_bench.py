"""Figures for RELIABILITY.md: ingest the hostile batch (tests/hostile.py) twice and count.

    python benchmarks/hostile_bench.py [--json]

Builds the batch in a temporary folder, runs `claimledger ingest` on every file in a child
process (twice, on the same database), and reports: inputs, documents and rejections, crashes
(a child that dies or prints a traceback), documents lost (an input that ends as neither an
article nor a rejection), duplicates (articles added by the second run), and each run's peak
resident memory and time.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import INGEST as CHILD  # noqa: E402
from hostile import SOURCES_BY_URL, build_batch  # noqa: E402



def run(db: Path, paths: list[Path]) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), *map(str, paths)], capture_output=True, text=True
    )
    crashed = done.returncode != 0 or "Traceback" in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1]) if not crashed else {}
    return {**result, "crashed": crashed, "seconds": round(time.perf_counter() - started, 1)}


def owner(source: str, paths: list[Path]) -> str:
    for path in paths:
        if source == str(path) or source.startswith(f"{path}#"):
            return path.name
    return SOURCES_BY_URL.get(source, source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "batch"
        expected = build_batch(folder)
        paths = sorted(folder / name for name in expected)
        db = Path(tmp) / "hostile.db"
        first = run(db, paths)
        with sqlite3.connect(db) as con:
            articles = [r[0] for r in con.execute("select source from articles")]
            rejected = [r[0] for r in con.execute("select source from rejections")]
        second = run(db, paths)
        with sqlite3.connect(db) as con:
            after = con.execute("select count(*) from articles").fetchone()[0]
        accounted = {owner(s, paths) for s in articles + rejected}
        figures = {
            "inputs": len(paths),
            "documents_ingested": len(articles),
            "rejections": len(rejected),
            "crashes": int(first["crashed"]) + int(second["crashed"]),
            "documents_lost": len({p.name for p in paths} - accounted),
            "duplicates": after - len(articles),
            "first_run": first,
            "second_run": second,
        }
    print(json.dumps(figures, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
