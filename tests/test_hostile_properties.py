"""Property test of the ingest boundary (issue 15): hostile documents of every supported input
type, ingested as one batch, never abort it and never escape as a traceback; each input ends
stored or rejected with a reason, the summary adds up, and a re-run adds nothing.

The documents are drawn from the failures seen so far (impossible dates, deep nesting, huge
integers, lone surrogates, console markup, cut WARC records, private and malformed URLs) mixed
with arbitrary text and bytes. Examples are derandomised by the `ci` profile (tests/conftest.py).
No URL drawn needs the network: each is refused or invalid before any lookup.
"""

from __future__ import annotations

import gzip
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.ingest import Limits, read_inputs
from claimledger.model import Document, Rejection

pytestmark = pytest.mark.model

_TEXT = st.text(max_size=120)
_WORDS = st.sampled_from([
    "Officials said 12 soldiers were killed on Monday.", "About 3,000 people fled.", "[/oops]",
    "[blink]", ":warning:", "\u202e", "\ufeff", "0", " ", "\x00", "\ud800", "<script>x</script>",
])
_BODY = st.lists(st.one_of(_WORDS, _TEXT), min_size=1, max_size=4).map(" ".join)
_YAML_VALUES = st.sampled_from([
    "2025-02-30", "2025-13-45", "2025-03-04", "[]", "{}", "[" * 40, "9" * 6000, "0x" + "f" * 5000,
    "&a [*a, *a, *a]", "*nowhere", "!!python/object:os.system", "1e999", "'[/oops]'", '"\\ud800"',
    "~", "null", "- a", ":",
])


@st.composite
def _markdown(draw: st.DrawFn) -> bytes:
    fields = draw(st.lists(st.tuples(st.sampled_from(["title", "published", "url", "outlet", "x"]),
                                     st.one_of(_YAML_VALUES, _TEXT.map(lambda t: t.replace("\n", " ")))),
                           max_size=4))
    header = "".join(f"{name}: {value}\n" for name, value in fields)
    return f"---\n{header}---\n{draw(_BODY)}\n".encode("utf-8", "surrogatepass")


_JSON_VALUES = st.sampled_from([
    '"2025-02-30"', "[]", "{}", "9" * 5000, "1e999", '"\\ud800"', '"[/oops]"', "null", "true",
    "[" * 3000 + "]" * 3000, "[" * 70 + "]" * 70, '"Officials said 12 soldiers were killed."',
    '"NUL \\u0000 inside"', '"https://x.example/\\u0000"',
])


@st.composite
def _record(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from(["text", "html", "title", "url", "published", "author"]), max_size=4))
    pairs = [f'"{key}": {draw(_JSON_VALUES)}' for key in keys]
    if draw(st.booleans()):
        pairs.append('"text": "Officials said 12 soldiers were killed on Monday."')
    return "{" + ", ".join(pairs) + "}"


def _warc_record(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


@st.composite
def _warc(draw: st.DrawFn) -> bytes:
    bodies = draw(st.lists(_BODY.map(lambda b: f"<p>{b}</p>".encode("utf-8", "surrogatepass")), min_size=1, max_size=3))
    data = b"".join(_warc_record(f"https://w.example/{draw(st.integers(0, 10**6))}/{n}", b) for n, b in enumerate(bodies))
    start = draw(st.integers(0, len(data)))
    cut = draw(st.integers(0, 200))
    return data[:start] + data[start + cut:]  # a stretch cut out anywhere, or nothing


_HTML = st.lists(st.one_of(_BODY, st.sampled_from(["<div>" * 500, "</div>", "<p>", "<script>", "&#xD800;", "<![CDATA["])),
                 max_size=6).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
_FEED = _BODY.map(lambda b: (f"<rss><channel><item><title>[/oops]</title><description>{b}</description>"
                             "</item><item><title>cut").encode("utf-8", "surrogatepass"))
_URLS = st.lists(st.sampled_from(["http://127.0.0.1:9/a", "http://[2002:7f00:1::]/a", "http://[64:ff9b::a00:1]/",
                                  "ftp://x.example/a", "http://[::1", "not a url", "# comment"]),
                 max_size=4).map(lambda lines: "\n".join(lines).encode())

_INPUTS = st.one_of(
    st.tuples(st.just(".txt"), st.one_of(_BODY.map(lambda b: b.encode("utf-8", "surrogatepass")), st.binary(max_size=200))),
    st.tuples(st.just(".md"), _markdown()),
    st.tuples(st.just(".md.gz"), _markdown().map(gzip.compress)),
    st.tuples(st.just(".html"), _HTML),
    st.tuples(st.just(".json"), st.lists(_record(), max_size=3).map(lambda rs: ("[" + ", ".join(rs) + "]").encode())),
    st.tuples(st.just(".jsonl"), st.lists(st.one_of(_record(), _JSON_VALUES), max_size=3).map(lambda rs: "\n".join(rs).encode())),
    st.tuples(st.just(".warc"), _warc()),
    st.tuples(st.just(".rss"), _FEED),
    st.tuples(st.just(".urls"), _URLS),
)

_runs = itertools.count()


@pytest.fixture(scope="module")
def ledger(new_database, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from claimledger.store import open_store

    folder = tmp_path_factory.mktemp("hostile-ledger")
    store = open_store(new_database(folder, "hostile"))
    yield folder, store
    store.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(inputs=st.lists(_INPUTS, min_size=1, max_size=5))
def test_no_hostile_input_aborts_a_batch_and_each_ends_stored_or_rejected(inputs, ledger, pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimledger.orchestrate import ingest

    root, store = ledger
    folder = root / f"batch{next(_runs)}"
    folder.mkdir()
    for number, (suffix, data) in enumerate(inputs):
        (folder / f"{number}{suffix}").write_bytes(data)
    read = list(read_inputs(sorted(folder.iterdir()), Limits()))
    assert read and all(isinstance(i, (Document, Rejection)) for i in read)
    summary = ingest([str(folder)], store, pipeline)  # whatever the inputs, this returns
    assert summary.ingested + summary.skipped + summary.rejected == len(read)
    rejected = {(r.source, r.content_id) for r in store.rejections()}
    assert all(r.reason for r in store.rejections())
    for item in read:
        if isinstance(item, Rejection):
            assert (item.source, item.content_id) in rejected, item
        else:  # stored now or earlier, or rejected later in the pipeline (empty after cleaning)
            assert store.has_article(item.id) or any(cid == item.id for _, cid in rejected), item
    again = ingest([str(folder)], store, pipeline)
    assert again.ingested == 0 and again.rejected == summary.rejected
