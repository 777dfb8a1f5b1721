"""A batch of hostile inputs, built at test time (nothing large is kept in the repository).

`build_batch(folder)` writes the files and returns what each one should end as: "ingested" or
"rejected". Shared by tests/test_hostile.py and by `make hostile` (benchmarks/hostile.py), which
records the figures in RELIABILITY.md.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

ARTICLE = """---
title: Crossing reopened
outlet: Test Wire
published: 2025-04-02
---
Officials said 25 trucks of aid crossed on Tuesday, and about 300 people returned to the town.
"""

PAGE = (
    "<html><head><title>Depot struck</title><style>p {{ color: red }} /* 900 killed */</style>"
    "<script>document.write('9,999 soldiers were killed, the ministry said');</script></head>"
    "<body><article><h1>Depot struck</h1><p>Regional officials said {n} soldiers were killed "
    "when a depot was hit near the river on Sunday.</p>"
    "<script>var x = '7,777 civilians were wounded, officials said';</script></article></body></html>"
)


# Records inside archives and record files are named by their URL, not their file.
SOURCES_BY_URL = {
    "https://news.example/warc-1": "crawl.warc.gz",
    "../../../etc/passwd": "records.jsonl",
    "https://news.example/feed-1": "wire.rss",
}


def _warc_record(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _write_bomb(path: Path, head: bytes, fill: bytes, megabytes: int) -> None:
    """A gzip file that expands to `megabytes` MB, written a megabyte at a time."""
    block = fill * 1024 * 1024
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(head)
        for _ in range(megabytes):
            handle.write(block)


def build_batch(folder: Path, big_bytes: int = 200 * 1024 * 1024) -> dict[str, str]:
    """Write the hostile batch into `folder`; returns {file name: expected outcome}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def write(name: str, data: bytes, outcome: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = outcome

    rng = random.Random(20251123)
    write("good.md", ARTICLE.encode(), "ingested")
    write("utf16-bom.txt", "About 40 fighters were captured, the army said.".encode("utf-16"), "ingested")
    write("utf8-bom.txt", "\ufeffSome 15 drones were shot down overnight, officials said.".encode(), "ingested")
    write("script-style.html", PAGE.format(n=14).encode(), "ingested")
    write("empty.txt", b"", "rejected")
    write("whitespace.md", b" \n\t\n", "rejected")
    write("nul-bytes.txt", b"Some 12 people\x00were killed.", "rejected")
    write("binary.html", rng.randbytes(4096), "rejected")
    write("invalid-utf8.txt", b"Troops \xff\xfe\xfa entered 3 towns.", "rejected")
    write("latin1.md", "Caf\xe9: 3 guards were hurt.".encode("latin-1"), "rejected")
    write("bad-utf16.txt", b"\xff\xfe" + b"\x00\xd8" * 3, "rejected")
    write("overlong-front.md", b"---\ntitle: x\n" + b"note: " + b"y" * 70_000 + b"\n---\nText 3.\n", "rejected")
    write("unclosed-front.md", b"---\ntitle: never closed\nSome 5 people.\n", "rejected")
    write("yaml-bomb-front.md", b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
          b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: [*c, *c, *c, *c, *c, *c, *c]\n---\nSome 5 people.\n",
          "rejected")
    write("not-json.json", b'{"text": "unterminated', "rejected")
    write("image.png", b"\x89PNG\r\n\x1a\n", "rejected")
    # 100,000 lines: a word-list dump, no sentences to speak of (and no figures to extract)
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
    lines = "\n".join(" ".join(rng.choices(words, k=3)) for _ in range(100_000))
    write("hundred-thousand-lines.txt", lines.encode(), "rejected-or-ingested")
    # deeply nested markup
    deep = "<div>" * 100_000 + "<p>Officials said 8 soldiers were killed.</p>" + "</div>" * 100_000
    write("deep-nesting.html", f"<html><body>{deep}</body></html>".encode(), "rejected-or-ingested")
    # compression bombs and archives
    _write_bomb(folder / "bomb.txt.gz", b"", b" ", 300)
    _write_bomb(folder / "bomb.warc.gz", b"WARC/1.0\r\n", b"\0", 200)
    expected["bomb.txt.gz"] = expected["bomb.warc.gz"] = "rejected"
    good_record = _warc_record("https://news.example/warc-1", PAGE.format(n=21).encode())
    broken = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n"
    write("crawl.warc.gz", gzip.compress(broken) + gzip.compress(good_record), "ingested")
    write("wire.rss", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Bridge</title>'
        "<link>https://news.example/feed-1</link><pubDate>Wed, 02 Apr 2025 08:00:00 GMT</pubDate>"
        "<description>Officials said 33 soldiers were killed near the bridge on Monday.</description>"
        "</item><item><title>Nothing</title></item></channel></rss>"
    ).encode(), "ingested")
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    write("laughs.rss", (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">{laughs}]>'
                         "<rss><channel><item><title>&l9;</title></item></channel></rss>").encode(), "rejected")
    write("records.jsonl", b"\n".join([
        json.dumps({"text": "Some 60 homes were destroyed, the mayor said.", "url": "../../../etc/passwd"}).encode(),
        b"{not json",
        json.dumps({"html": "<p>Officials said 9 boats were seized.</p>", "title": "<script>alert(1)</script>"}).encode(),
        json.dumps([1, 2]).encode(),
    ]), "ingested")
    write("..%2F..%2Fescape.txt", b"Some 11 shells landed near the port, officials said.", "ingested")
    write("name with\nnewline.txt", b"About 70 people were evacuated, the governor said.", "ingested")
    # the 200 MB file: sparse, so the test costs no disk time; it must not be read
    with (folder / "two-hundred-mb.txt").open("wb") as handle:
        handle.truncate(big_bytes)
    expected["two-hundred-mb.txt"] = "rejected"
    return expected


# Children run in a fresh interpreter so that their peak memory is their own (tests and bench).
PEAK_MB = '''
def peak_mb():
    # VmHWM belongs to this program's memory map; ru_maxrss would carry over the parent's peak
    # through vfork/exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
'''

INGEST = """
import json, sys
""" + PEAK_MB + """
from claimledger.cli import app
try:
    app(["ingest", *sys.argv[2:], "--db", sys.argv[1], "--quiet"])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "peak_mb": peak_mb()}))
"""
