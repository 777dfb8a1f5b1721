"""Issue 15, ingest half: nothing one input does can cost the batch.

Each numbered failure of the issue has a test here that reproduced it on the code before the fix:
1. one input aborted the whole batch (impossible dates, JSON nested a million deep or holding a
   100,000-digit integer, a file name that is not UTF-8); YAML depth and size are bounded too;
2. a WARC record cut short lost records silently (cut at every byte offset here);
4. a server trickling header bytes held a fetch far past `fetch_timeout`;
5. console markup in a title, URL or file name broke or garbled the command line;
9. a FIFO hung ingest; 6to4/NAT64/Teredo addresses smuggled private IPv4 past the filter; a
   symlink out of an input folder was followed;
10. documents that lost the write race were in neither count while their claims were counted.
"""

from __future__ import annotations

import io
import ipaddress
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.ingest import Fetcher, FetchPolicy, Limits, find_inputs, read_inputs, read_url_list, read_warc
from claimledger.ingest.inputs import JSON_MAX_DEPTH, YAML_MAX_DEPTH
from claimledger.ingest.urls import refusal
from claimledger.model import Document, Rejection

ARTICLE = "Officials said 12 soldiers were killed near the bridge on Monday.\n"


def _md(published: str, title: str = "A report") -> str:
    return f"---\ntitle: {title}\npublished: {published}\n---\n{ARTICLE}"


def _one(path: Path) -> Document | Rejection:
    [item] = list(read_inputs([path], Limits()))
    return item


def _odd_name(folder: Path) -> Path | None:
    """A file whose name is not valid UTF-8 (caf\\xe9.txt in Latin-1), or None where the file
    system refuses such names."""
    raw = os.path.join(os.fsencode(folder), b"caf\xe9 report.txt")
    try:
        with open(raw, "wb") as handle:
            handle.write(ARTICLE.encode())
    except OSError:
        return None
    return Path(os.fsdecode(raw))


# -- 1. one input never aborts the batch --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("feb30.md", _md("2025-02-30"), "day is out of range"),
        ("month13.md", _md("2025-13-45"), "month must be in 1..12"),
        ("list.md", _md("[2025, 1]"), "published must be a date"),
        ("deep.md", "---\ntitle: " + "[" * 5000 + "\n---\n" + ARTICLE, f"deeper than {YAML_MAX_DEPTH}"),
        ("digits.md", "---\ntitle: " + "7" * 20_000 + "\n---\n" + ARTICLE, "malformed front matter"),
        ("huge.md", "---\ntitle: " + "x" * 70_000 + "\n---\n" + ARTICLE, "no closing '---'"),
        ("deep.json", "[" * 1_000_000 + "]" * 1_000_000, f"deeper than {JSON_MAX_DEPTH}"),
        ("deeper.json", '{"text": "x", "a": ' + "[" * 200 + "]" * 200 + "}", f"deeper than {JSON_MAX_DEPTH}"),
        ("digits.json", '{"text": "' + ARTICLE.strip() + '", "n": ' + "9" * 100_000 + "}", "invalid JSON"),
        ("deep.jsonl", "[" * 1_000_000, f"deeper than {JSON_MAX_DEPTH}"),
    ],
)
def test_inputs_that_used_to_abort_a_batch_are_rejections_with_a_reason(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    item = _one(path)
    assert isinstance(item, Rejection) and reason in item.reason, item


def test_a_lone_surrogate_or_nul_in_a_json_record_is_replaced_so_every_backend_can_store_it(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"text": "12 soldiers \\ud800 were \\u0000 killed", "title": "\\udfff"}\n', encoding="utf-8")
    item = _one(path)
    assert isinstance(item, Document)
    item.body.encode("utf-8")
    assert item.body == "12 soldiers \ufffd were \ufffd killed" and item.metadata.title == "\ufffd"


@pytest.mark.model
def test_a_batch_with_every_trigger_stores_the_rest_records_each_rejection_and_reruns_the_same(
    tmp_path: Path, store, pipeline
) -> None:
    from claimledger.orchestrate import ingest

    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.md").write_text(_md("2025-03-04"), encoding="utf-8")
    (folder / "feb30.md").write_text(_md("2025-02-30"), encoding="utf-8")
    (folder / "month13.md").write_text(_md("2025-13-45"), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 1_000_000, encoding="utf-8")
    (folder / "digits.jsonl").write_text('{"text": "x", "n": ' + "9" * 100_000 + "}\n", encoding="utf-8")
    odd = _odd_name(folder)
    first = ingest([str(folder)], store, pipeline)
    assert first.rejected == 4, first.rejections
    assert first.ingested == 2 if odd else first.ingested == 1
    assert first.claims > 0
    reasons = {Path(r.source.split("#")[0]).name: r.reason for r in store.rejections()}
    assert "day is out of range" in reasons["feb30.md"] and "month must be" in reasons["month13.md"]
    assert "deeper than" in reasons["deep.json"] and "invalid JSON" in reasons["digits.jsonl"]
    if odd:  # stored under a readable name: the undecodable byte written as an escape
        assert any(a.source.endswith("caf\\xe9 report.txt") for a in store.articles())
    again = ingest([str(folder)], store, pipeline)
    assert (again.ingested, again.skipped, again.rejected) == (0, first.ingested, 4)
    assert store.counts()["rejected"] == 4 and store.counts()["articles"] == first.ingested


@pytest.mark.model
def test_an_unexpected_error_in_any_stage_rejects_only_its_input(
    tmp_path: Path, store, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The boundary holds for errors nobody foresaw: in cleaning, in extraction and in storing."""
    from claimledger.orchestrate import ingest, stages

    for name in ("a", "clean", "extract", "store", "b"):
        (tmp_path / f"{name}.txt").write_text(f"{name.upper()} {ARTICLE}", encoding="utf-8")
    real_clean, real_extract, real_write = stages.clean, pipeline.extractor.extract_many, store.write_new

    def clean(document, rules):  # type: ignore[no-untyped-def]
        if document.body.startswith("CLEAN"):
            raise KeyError("a cleaner bug")
        return real_clean(document, rules)

    def extract_many(articles):  # type: ignore[no-untyped-def]
        if any(a.text.startswith("EXTRACT") for a in articles):
            raise IndexError("an extractor bug")
        return real_extract(articles)

    def write_new(batch, version):  # type: ignore[no-untyped-def]
        if any(a.text.startswith("STORE") for a, _ in batch):
            raise ValueError("a driver that cannot take this text")
        return real_write(batch, version)

    monkeypatch.setattr(stages, "clean", clean)
    monkeypatch.setattr(pipeline.extractor, "extract_many", extract_many)
    monkeypatch.setattr(store, "write_new", write_new)
    summary = ingest([str(tmp_path)], store, pipeline)
    reasons = {Path(r.source).stem: r.reason for r in summary.rejections}
    assert reasons == {
        "clean": "unexpected KeyError: 'a cleaner bug'",
        "extract": "extraction failed: unexpected IndexError: an extractor bug",
        "store": "unexpected ValueError: a driver that cannot take this text",
    }
    assert summary.ingested == 2 and {Path(a.source).stem for a in store.articles()} == {"a", "b"}
    assert len(store.rejections()) == 3


# -- 2. WARC record boundaries ---------------------------------------------------------------------


def _response(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


FIRST = _response("https://a.example/1", b"<p>Twelve soldiers were killed near the bridge.</p>")
SECOND = _response("https://a.example/2", b"<p>About 300 people fled the town on Monday.</p>")
TRAILER = 4  # the blank lines after a block: a cut there loses nothing of the record


def _by_uri(data: bytes) -> tuple[dict[str, list[Document]], list[Rejection]]:
    items = list(read_warc(io.BytesIO(data), "x.warc", 100_000, 100))
    documents: dict[str, list[Document]] = {}
    for item in items:
        if isinstance(item, Document):
            assert "WARC" not in item.body, item.body  # no record swallowed another's headers
            documents.setdefault(item.source.rsplit("/", 1)[1], []).append(item)
    return documents, [i for i in items if isinstance(i, Rejection)]


@pytest.mark.parametrize("cut", range(len(FIRST) + 1))
def test_a_first_record_cut_at_any_byte_is_rejected_and_the_second_still_read(cut: int) -> None:
    documents, rejections = _by_uri(FIRST[:cut] + SECOND)
    assert len(documents["2"]) == 1 and "300 people" in documents["2"][0].body
    if cut == 0:
        assert not rejections and "1" not in documents
    elif cut >= len(FIRST) - TRAILER:
        assert not rejections and len(documents["1"]) == 1
    else:
        assert "1" not in documents and rejections, "record 1 vanished without a rejection"
        assert all(r.reason for r in rejections)


@pytest.mark.parametrize("cut", range(0, len(SECOND) + 1, 3))
def test_a_last_record_cut_at_any_byte_is_rejected_and_the_first_kept(cut: int) -> None:
    documents, rejections = _by_uri(FIRST + SECOND[:cut])
    assert len(documents["1"]) == 1 and "Twelve soldiers" in documents["1"][0].body
    if cut == 0:
        assert not rejections
    elif cut >= len(SECOND) - TRAILER:
        assert not rejections and len(documents["2"]) == 1
    else:
        assert "2" not in documents and rejections


# -- 4. the fetch deadline covers the headers ------------------------------------------------------

TRICKLE_GAP = 0.25  # seconds between header bytes: each read sees a byte well inside its timeout


class Trickler(BaseHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        head = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"p" * 40 + b"\r\n\r\n"
        try:
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(TRICKLE_GAP)
            self.wfile.write(ARTICLE.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


@pytest.fixture(scope="module")
def trickler() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Trickler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_a_server_trickling_header_bytes_is_cut_off_at_the_deadline(trickler: str) -> None:
    policy = FetchPolicy(allow_private=True, timeout=1.0)
    started = time.monotonic()
    with Fetcher(policy) as fetcher:
        [item] = list(read_url_list(f"{trickler}/slow\n", "list.urls", fetcher))
    elapsed = time.monotonic() - started
    assert isinstance(item, Rejection) and "took longer than 1 s" in item.reason, item
    assert elapsed < 2.0, f"the fetch ran {elapsed:.1f} s with a 1 s deadline"


# -- 5. user text is printed verbatim --------------------------------------------------------------


@pytest.mark.model
def test_console_markup_in_titles_urls_and_file_names_is_printed_verbatim(tmp_path: Path, db_url: str) -> None:
    from claimledger.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(
        f"---\ntitle: Bridge [/oops] report [bold]\nurl: https://a.example/[/x]\n---\n{ARTICLE}", encoding="utf-8"
    )
    (folder / "[blink]empty.txt").write_bytes(b"")
    (folder / ":warning: [red]bad.md").write_text(_md("2025-02-30"), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "-q"])
    assert done.exit_code == 1, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    printed = " ".join(done.output.split())  # long lines may wrap
    assert "ingested 1" in printed and "rejected 2" in printed, printed
    assert "rejected " + str(folder / "[blink]empty.txt") + ": empty file" in printed
    assert ":warning: [red]bad.md" in printed
    listed = runner.invoke(app, ["articles", "--db", db_url])
    assert listed.exit_code == 0, listed.output
    assert "[/oops]" in listed.output
    rejected = runner.invoke(app, ["articles", "--rejected", "--db", db_url])
    assert rejected.exit_code == 0 and "[blink]empty.txt" in rejected.output.replace("\n", "")


# -- 9. FIFOs and devices, embedded IPv4, symlinks out of the input folder -------------------------


def _read_within(paths: list[Path | Rejection], seconds: float = 10.0) -> list[Document | Rejection]:
    found: list[Document | Rejection] = []
    reader = threading.Thread(target=lambda: found.extend(read_inputs(paths, Limits())), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), "reading hung"
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_or_found_in_a_folder_is_rejected_without_hanging(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.md.gz")
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    items = _read_within(find_inputs([str(folder), str(tmp_path / "named.md.gz")]))
    reasons = {Path(i.source).name: i.reason for i in items if isinstance(i, Rejection)}
    assert reasons == {"pipe.txt": "not a regular file (a FIFO): not read", "named.md.gz": "not a regular file (a FIFO): not read"}
    assert [Path(i.source).name for i in items if isinstance(i, Document)] == ["ok.txt"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_behind_a_readable_name_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "zero.warc").symlink_to("/dev/zero")
    items = _read_within([tmp_path / "zero.txt", tmp_path / "zero.warc"])
    assert [i.reason for i in items if isinstance(i, Rejection)] == ["not a regular file (a device): not read"] * 2


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
    ],
)
def test_ipv6_addresses_embedding_a_private_ipv4_address_are_refused(address: str) -> None:
    reason = refusal(ipaddress.ip_address(address), FetchPolicy())
    assert reason is not None and "embeds" in reason, reason


def test_a_6to4_address_of_a_public_host_is_allowed() -> None:
    assert refusal(ipaddress.ip_address("2002:5db8:d822::"), FetchPolicy()) is None  # 93.184.216.34


def test_a_symlink_leading_out_of_an_input_folder_is_rejected_and_one_inside_is_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0 with 3 users\n", encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "real.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside / "passwd.txt")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "alias.txt").symlink_to(folder / "sub" / "real.txt")
    items = _read_within(find_inputs([str(folder)]))
    rejected = {Path(i.source).name: i.reason for i in items if isinstance(i, Rejection)}
    assert set(rejected) == {"passwd.txt", "linked"} or set(rejected) == {"passwd.txt"}
    assert all("symlink leads outside the input folder" in r for r in rejected.values())
    assert sorted(Path(i.source).name for i in items if isinstance(i, Document)) == ["alias.txt", "real.txt"]


# -- 10. summaries add up when another process wins the write race ---------------------------------


@pytest.mark.model
def test_documents_that_lost_the_write_race_count_as_skipped_without_their_claims(
    tmp_path: Path, db_url: str, store, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.orchestrate import ingest
    from claimledger.store import open_store

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Report {n}. {ARTICLE}", encoding="utf-8")
    rival = open_store(db_url)
    try:
        ingest([str(tmp_path)], rival, pipeline)  # the other process, already done...
    finally:
        rival.close()
    monkeypatch.setattr(store, "has_article", lambda _id: False)  # ...after this one looked
    summary = ingest([str(tmp_path)], store, pipeline)
    assert (summary.ingested, summary.skipped, summary.rejected, summary.claims) == (0, 3, 0, 0)
    assert summary.article_ids == []


@pytest.mark.parametrize(("suffix", "data"), [(".json", b"[]"), (".json", b" [ ] "), (".jsonl", b"\n\n")])
def test_a_json_file_with_no_records_is_rejected_not_read_as_nothing(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(data)
    read = list(read_inputs([path], Limits()))
    assert len(read) == 1 and isinstance(read[0], Rejection)
    assert "empty" in read[0].reason
