"""Property-based tests (hypothesis) on every input parser: whatever the bytes, a parser returns
Documents and Rejections (or raises its one typed error), never anything else.

The number parser and the time normaliser have theirs next to their other tests
(tests/test_numbers.py, tests/test_times.py), and so does the line-based cleaner (tests/test_clean.py).
"""

from __future__ import annotations

import gzip
import io
import ipaddress
import json
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimledger.clean import CleanError, CleanRules, clean
from claimledger.errors import RejectedInput
from claimledger.ingest import Limits, decode, document_from_text, read_inputs, split_front_matter
from claimledger.model import Document, Rejection, content_id
from claimledger.ingest import Fetcher, read_feed, read_url_list, read_warc
from claimledger.ingest.compressed import inflate_chunks
from claimledger.ingest.urls import FetchPolicy, refusal

SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".atom", ".warc", ".warc.gz", ".md.gz"]
LIMITS = Limits(max_bytes=200_000)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_items(items: list[object]) -> None:
    for item in items:
        assert isinstance(item, (Document, Rejection))
        if isinstance(item, Rejection):
            assert item.reason


def _read_bytes_as(data: bytes, suffix: str) -> list[Document | Rejection]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(read_inputs([path], LIMITS))


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_under_any_suffix_give_documents_or_rejections(data: bytes, suffix: str) -> None:
    if suffix.endswith(".gz") and data[:1] != b"\x1f":
        data = gzip.compress(data)
    _only_items(_read_bytes_as(data, suffix))


@FAST
@given(st.binary(max_size=500))
def test_decode_accepts_or_rejects(data: bytes) -> None:
    try:
        text = decode(data)
    except RejectedInput as exc:
        assert exc.reason
        return
    assert "\x00" not in text and "\r" not in text


_YAML_LINES = st.one_of(
    st.sampled_from(["title: A", "published: 2025-01-02", "published: soon", "url: [x", "- a", "a: &x [1]", "b: *x", ":", "{", "title: {a: 1}"]),
    st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
)


@FAST
@given(header=st.lists(_YAML_LINES, max_size=8), closed=st.booleans(), body=st.text(max_size=200))
def test_front_matter_parses_or_is_rejected(header: list[str], closed: bool, body: str) -> None:
    text = "---\n" + "\n".join(header) + ("\n---\n" if closed else "\n") + body
    try:
        fields, rest = split_front_matter(text)
        document = document_from_text("x.md", "markdown", text, content_id(text.encode()))
    except RejectedInput as exc:
        assert exc.reason
        return
    assert isinstance(fields, dict) and isinstance(rest, str)
    assert document.body.strip()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "html", "title", "url", "published", "author", "x"]), inner, max_size=5),
    max_leaves=12,
)


@FAST
@given(records=st.lists(_JSON, max_size=5), as_lines=st.booleans())
@example(records=[{"published": [], "text": "0"}], as_lines=False)  # issue 15: refused, not "well-formed"
@example(records=[{"published": [], "text": "0"}], as_lines=True)
def test_json_and_jsonl_records_give_documents_or_rejections(records: list[object], as_lines: bool) -> None:
    if as_lines:
        data, suffix = "\n".join(json.dumps(r) for r in records).encode(), ".jsonl"
    else:
        data, suffix = json.dumps(records).encode(), ".json"
    items = _read_bytes_as(data, suffix)
    _only_items(items)
    for record, item in zip(records, items, strict=False):
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            continue
        plain = all(isinstance(record.get(k), str | None) for k in ("title", "url", "author"))
        if record["text"].strip() and plain and record.get("published") is None:
            assert isinstance(item, Document), item  # a well-formed record is never refused
        # (an empty list or any other non-date under "published" is malformed: refused, with its reason)


_FEED_TAGS = ["item", "entry", "title", "link", "description", "summary", "content", "pubDate", "published", "updated", "author", "name", "div", "p", "channel"]


@st.composite
def _elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_FEED_TAGS))
    attrs = draw(st.dictionaries(st.sampled_from(["href", "type", "rel"]), st.sampled_from(["html", "xhtml", "text", "alternate", "https://a.example/x", ""]), max_size=2))
    text = escape(draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)))
    children = "" if depth > 3 else "".join(draw(st.lists(_elements(depth + 1), max_size=3)))
    attributes = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    return f"<{tag}{attributes}>{text}{children}</{tag}>"


@FAST
@given(root=st.sampled_from(["rss", "feed", "rdf:RDF", "html"]), body=st.lists(_elements(), max_size=5), cut=st.integers(0, 100))
def test_feeds_give_documents_or_rejections_even_cut_short(root: str, body: list[str], cut: int) -> None:
    ns = ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"' if ":" in root else ""
    xml = f"<?xml version='1.0'?><{root}{ns}>{''.join(body)}</{root}>".encode()
    for data in (xml, xml[: len(xml) * cut // 100]):
        _only_items(list(read_feed(io.BytesIO(data), "feed.xml")))


def _record(kind: str, uri: str, block: bytes, length: str | None) -> bytes:
    declared = str(len(block)) if length is None else length
    return (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode() + block + b"\r\n\r\n"


@FAST
@given(
    records=st.lists(
        st.tuples(
            st.sampled_from(["response", "resource", "request", "warcinfo", "bogus"]),
            st.sampled_from(["https://a.example/1", "", "../../x", "<urn:x>"]),
            st.one_of(
                st.binary(max_size=300),
                st.builds(
                    lambda status, ctype, body: f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\n\r\n".encode() + body,
                    st.sampled_from(["200", "404", "abc"]),
                    st.sampled_from(["text/html", "text/plain; charset=latin-1", "text/html; charset=nonsense", "image/png"]),
                    st.binary(max_size=200),
                ),
            ),
            st.one_of(st.none(), st.sampled_from(["-1", "999999", "0", "x", ""])),
        ),
        max_size=5,
    ),
    flip=st.tuples(st.integers(0, 10_000), st.integers(0, 255)),
    cut=st.integers(0, 100),
)
def test_warc_streams_give_documents_or_rejections_whatever_the_damage(
    records: list[tuple[str, str, bytes, str | None]], flip: tuple[int, int], cut: int
) -> None:
    data = bytearray(b"".join(_record(*r) for r in records))
    if data:
        data[flip[0] % len(data)] = flip[1]
    data = data[: len(data) * cut // 100 if cut < 100 else len(data)]
    _only_items(list(read_warc(io.BytesIO(bytes(data)), "x.warc", 100_000, 100)))


@pytest.fixture(scope="module")
def rules() -> CleanRules:
    return CleanRules.load()


_TAGS = ["div", "p", "script", "style", "table", "td", "a", "b", "iframe", "svg", "template", "noscript", "!--", "html", "body", "head", "title", "meta"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(st.sampled_from(_TAGS).map(lambda t: f"<{t}>"), st.sampled_from(_TAGS).map(lambda t: f"</{t}>"), st.text(max_size=40), st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&bogus;", "<![CDATA[", "]]>", "<?xml version='1.0'?>", "12 killed"])), max_size=40), depth=st.integers(0, 3000))
def test_html_tag_soup_is_cleaned_or_rejected(parts: list[str], depth: int, rules: CleanRules) -> None:
    body = "<div>" * depth + "".join(parts) + "</div>" * depth
    document = Document(id="x", source="x.html", media_type="html", body=body)
    try:
        article = clean(document, rules)
    except CleanError as exc:
        assert str(exc)
        return
    assert article.text.strip()


@FAST
@given(chunks=st.lists(st.binary(max_size=200), max_size=5), encoding=st.sampled_from(["gzip", "deflate", "br", "identity", ""]))
def test_http_body_decoding_gives_bytes_or_a_rejection(chunks: list[bytes], encoding: str) -> None:
    try:
        out = b"".join(inflate_chunks(chunks, encoding, 1_000_000, 100))
    except RejectedInput as exc:
        assert exc.reason
        return
    assert isinstance(out, bytes)


def _no_network(host: str, _port: int) -> list[str]:
    raise RejectedInput(f"no lookups in this test ({host})")


@FAST
@given(st.lists(st.one_of(st.text(max_size=60), st.from_regex(r"https?://[a-z0-9.\[\]:@%-]{0,30}(/\S{0,20})?", fullmatch=True)), max_size=6))
def test_url_lists_give_only_rejections_when_nothing_resolves(lines: list[str]) -> None:
    with Fetcher(FetchPolicy(), resolver=_no_network) as fetcher:
        items = list(read_url_list("\n".join(lines), "list.urls", fetcher))
    assert items and all(isinstance(i, Rejection) and i.reason for i in items)


@FAST
@given(st.ip_addresses())
def test_address_policy_answers_for_every_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    reason = refusal(address, FetchPolicy())
    if address.is_loopback or address.is_private or address.is_link_local:
        assert reason is not None
    assert refusal(address, FetchPolicy(allow_private=True)) is None
