"""WARC archives, RSS/Atom feeds and gzip files: records become Documents, a broken record is a
Rejection with its reason and the rest of the file is still read, and nothing expands unbounded.

Every page, feed and archive here is built in the test from text written for the project.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import random
import zlib
from pathlib import Path

import pytest

from claimledger.errors import SettingsError
from claimledger.ingest import Limits, expand_paths, read_inputs
from claimledger.model import Document, Rejection
from claimledger.settings import load_settings
from claimledger.ingest import read_feed, read_warc

PAGE = (
    "<html><head><title>Depot struck</title></head><body><article>"
    "<h1>Depot struck</h1><p>Officials said 14 soldiers were killed when a depot was hit "
    "near the river crossing on Sunday, and 30 more were wounded.</p></article></body></html>"
)


def warc_record(kind: str, uri: str, block: bytes, content_type: str, extra: str = "") -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2025-03-05T10:00:00Z\r\nContent-Type: {content_type}\r\n{extra}"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> bytes:
    lines = ["HTTP/1.1 200 OK", f"Content-Type: {content_type}"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def response_record(uri: str, body: bytes, **headers: str) -> bytes:
    return warc_record("response", uri, http_response(body, **headers), "application/http; msgtype=response")


def _warc(data: bytes, limits: Limits | None = None) -> list[Document | Rejection]:
    limits = limits or Limits()
    return list(read_warc(io.BytesIO(data), "test.warc", limits.max_bytes, limits.max_ratio))


def _read(path: Path, limits: Limits | None = None) -> list[Document | Rejection]:
    return list(read_inputs([path], limits or Limits()))


# -- WARC ----------------------------------------------------------------------------------------


def test_warc_response_records_become_documents_and_other_records_are_passed_over() -> None:
    data = (
        warc_record("warcinfo", "", b"software: test\r\n", "application/warc-fields")
        + warc_record("request", "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n", "application/http")
        + response_record("https://news.example/a", PAGE.encode())
        + response_record("https://news.example/logo.png", b"\x89PNG\x00\x00", content_type="image/png")
        + warc_record("resource", "https://news.example/b.txt", b"About 300 people fled.", "text/plain")
    )
    items = _warc(data)
    assert [type(i) for i in items] == [Document, Document]
    page, note = items
    assert isinstance(page, Document) and isinstance(note, Document)
    assert page.media_type == "html" and "14 soldiers" in page.body
    assert page.source == page.metadata.url == "https://news.example/a"
    assert note.media_type == "text" and note.body == "About 300 people fled."


def test_warc_broken_record_is_rejected_and_the_next_record_still_read() -> None:
    broken = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nwhatever\r\n\r\n"
    latin = response_record("https://news.example/l", "Caf\xe9 with 3 guards".encode("latin-1"))
    data = (
        broken
        + latin
        + response_record("https://news.example/ok", PAGE.encode())
        + response_record("https://news.example/cut", PAGE.encode())[:-200]
    )
    items = _warc(data)
    kinds = [(type(i).__name__, getattr(i, "reason", "")) for i in items]
    assert [k for k, _ in kinds] == ["Rejection", "Rejection", "Document", "Rejection"], kinds
    assert "Content-Length" in kinds[0][1]
    assert "utf-8" in kinds[1][1].lower()
    assert "truncated" in kinds[3][1]


def test_warc_http_body_that_is_chunked_gzipped_or_charset_labelled_is_decoded() -> None:
    body = "Kyiv: 5 drones downed, officials said.".encode("cp1251")
    gz = gzip.compress(PAGE.encode())
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gz), gz)
    items = _warc(
        response_record(
            "https://news.example/z", chunked, Transfer_Encoding="chunked", Content_Encoding="gzip"
        )
        + response_record("https://news.example/c", body, content_type="text/plain; charset=windows-1251")
    )
    assert [type(i) for i in items] == [Document, Document]
    assert "14 soldiers" in items[0].body  # type: ignore[union-attr]
    assert items[1].body.startswith("Kyiv")  # type: ignore[union-attr]


def test_warc_record_over_the_size_limit_is_rejected_without_being_read() -> None:
    data = response_record("https://news.example/big", b"x" * 5000) + response_record(
        "https://news.example/ok", PAGE.encode()
    )
    items = _warc(data, Limits(max_bytes=4000))
    assert isinstance(items[0], Rejection) and "too large" in items[0].reason
    assert isinstance(items[1], Document)


def test_warc_gz_of_many_members_is_read_and_a_gzip_bomb_inside_a_record_is_refused(
    tmp_path: Path,
) -> None:
    members = [response_record(f"https://news.example/{n}", PAGE.replace("14", str(n)).encode()) for n in (3, 4)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(m) for m in members))
    assert [type(i) for i in _read(path)] == [Document, Document]

    bomb = response_record(
        "https://news.example/bomb", gzip.compress(b"\0" * 50_000_000), Content_Encoding="gzip"
    )
    path.write_bytes(gzip.compress(bomb) + gzip.compress(members[0]))
    first, second = _read(path)
    assert isinstance(first, Rejection) and "bomb" in first.reason
    assert isinstance(second, Document)


def test_warc_gz_written_by_warcio_the_reference_library_is_read(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "reference.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, (content_type, body) in enumerate(
            [("text/html; charset=utf-8", PAGE.encode()), ("image/png", b"\x89PNG\r\n")]
        ):
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{n}", "response", payload=io.BytesIO(body), http_headers=http
                )
            )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/note", "resource",
                payload=io.BytesIO(b"About 300 people fled."), warc_content_type="text/plain",
            )
        )
    page, note = _read(path)
    assert isinstance(page, Document) and page.body == PAGE and page.source == "https://news.example/0"
    assert isinstance(note, Document) and note.body == "About 300 people fled."


def test_file_named_warc_without_records_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"just some text\n" * 100)
    [item] = _read(path)
    assert isinstance(item, Rejection) and "not a WARC archive" in item.reason


def test_warc_target_uri_that_looks_like_a_path_is_only_a_name(tmp_path: Path) -> None:
    data = response_record("../../../etc/passwd", PAGE.encode())
    [item] = _warc(data)
    assert isinstance(item, Document) and item.source == "../../../etc/passwd"
    assert not (tmp_path / "etc").exists()


# -- feeds ---------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Test Wire</title>
<item><title>Shelling in the east</title><link>https://wire.example/1</link>
<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><dc:creator>A. Writer</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Officials said 12 civilians were killed.</p>]]></content:encoded></item>
<item><title>Plain item</title><link>https://wire.example/2</link>
<description>About 40 fighters were captured, the army said.</description></item>
<item><title>No text</title><link>https://wire.example/3</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Daily</title>
<entry><title>Camp figures</title><link rel="alternate" href="https://harbour.example/e1"/>
<published>2025-05-10T08:00:00Z</published><updated>2025-05-12T08:00:00Z</updated>
<author><name>B. Reporter</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>More than 400,000 people fled.</p></div></content>
</entry>
<entry><title>Summary only</title><id>urn:x</id><updated>2025-05-11</updated>
<summary type="text">Five aid trucks crossed.</summary></entry>
</feed>
"""


def test_rss_items_become_documents_with_metadata_and_an_item_without_text_is_rejected(
    tmp_path: Path,
) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = _read(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.media_type == "html" and "12 civilians" in first.body
    assert first.metadata.title == "Shelling in the east"
    assert first.metadata.published == dt.date(2025, 3, 4)
    assert first.metadata.author == "A. Writer"
    assert first.source == "https://wire.example/1"
    assert second.media_type == "text" and second.body.startswith("About 40")
    assert isinstance(third, Rejection) and "no text" in third.reason


def test_atom_entries_use_published_before_updated_and_xhtml_content(tmp_path: Path) -> None:
    path = tmp_path / "harbour.atom"
    path.write_text(ATOM, encoding="utf-8")
    first, second = _read(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.metadata.published == dt.date(2025, 5, 10)
    assert first.metadata.url == "https://harbour.example/e1"
    assert first.metadata.author == "B. Reporter"
    assert "400,000" in first.body and first.media_type == "html"
    assert second.body == "Five aid trucks crossed." and second.source == f"{path}#2"


def test_feed_with_entity_expansion_is_refused_without_expanding() -> None:
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    xml = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">{laughs}]><rss><channel><item><title>&l9;</title></item></channel></rss>'
    [item] = list(read_feed(io.BytesIO(xml.encode()), "bomb.rss"))
    assert isinstance(item, Rejection) and "entities" in item.reason


def test_feed_with_external_entity_is_refused() -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><description>&x;</description></item></channel></rss>'
    [item] = list(read_feed(io.BytesIO(xml), "xxe.rss"))
    assert isinstance(item, Rejection) and "refused" in item.reason


def test_feed_broken_halfway_keeps_the_items_before_the_break() -> None:
    broken = RSS.replace("<item><title>Plain item", "<item><title>Plain <b>item")
    first, rest = list(read_feed(io.BytesIO(broken.encode()), "broken.rss"))
    assert isinstance(first, Document)
    assert isinstance(rest, Rejection) and "malformed feed XML at line" in rest.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"<html><body>hello</body></html>", "not an RSS or Atom"), (b"", "not XML"), (b"<rss><channel></channel></rss>", "no items")],
)
def test_xml_that_is_no_usable_feed_is_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "thing.xml"
    path.write_bytes(data)
    [item] = _read(path)
    assert isinstance(item, Rejection) and reason in item.reason


def test_feed_over_ten_documents_worth_is_rejected_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.rss"
    path.write_text(RSS + " " * 12_000, encoding="utf-8")
    [item] = _read(path, Limits(max_bytes=1_000))
    assert isinstance(item, Rejection) and "feed too large" in item.reason
    packed = tmp_path / "huge.rss.gz"
    packed.write_bytes(gzip.compress(RSS.encode() + b" " * 12_000))
    *_, last = _read(packed, Limits(max_bytes=1_000))
    assert isinstance(last, Rejection) and "decompressed size over" in last.reason


# -- gzip ----------------------------------------------------------------------------------------


def test_gzipped_article_reads_as_the_article_with_the_same_id(tmp_path: Path) -> None:
    text = b"Officials said 12 people were killed on Monday."
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(text))
    found = expand_paths([str(tmp_path)])
    assert [p.name for p in found] == ["a.txt", "a.txt.gz"]
    plain, packed = list(read_inputs(found, Limits()))
    assert isinstance(plain, Document) and isinstance(packed, Document)
    assert plain.id == packed.id and plain.body == packed.body


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bomb.html.gz", gzip.compress(b"<p>" + b" " * 200_000_000), "compression bomb"),
        ("big.txt.gz", gzip.compress(random.Random(7).randbytes(6_000_000).hex().encode(), 1), "size over"),
        ("cut.md.gz", gzip.compress(b"Some 40 soldiers. " * 50)[:-12], "corrupt gzip"),
        ("fake.txt.gz", b"this was never gzip", "corrupt gzip"),
        ("nested.txt.gz.gz", gzip.compress(b"x"), "unsupported"),
    ],
)
def test_bad_gzip_is_rejected_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = _read(path)
    assert isinstance(item, Rejection) and reason in item.reason, item


def test_deflate_bomb_in_an_http_body_is_refused() -> None:
    from claimledger.errors import RejectedInput
    from claimledger.ingest.compressed import inflate_chunks

    bomb = zlib.compress(b"\0" * 100_000_000, 9)
    with pytest.raises(RejectedInput, match="bomb"):
        for _ in inflate_chunks([bomb[i : i + 4096] for i in range(0, len(bomb), 4096)], "deflate", 10**9, 100):
            pass


# -- settings ------------------------------------------------------------------------------------


def test_allow_private_urls_setting_reads_booleans_and_rejects_nonsense() -> None:
    assert load_settings(environ={"CLAIMLEDGER_ALLOW_PRIVATE_URLS": "yes"}).allow_private_urls
    assert not load_settings(environ={"CLAIMLEDGER_ALLOW_PRIVATE_URLS": "0"}).allow_private_urls
    assert not load_settings(environ={}).allow_private_urls
    with pytest.raises(SettingsError, match="true or false"):
        load_settings(environ={"CLAIMLEDGER_ALLOW_PRIVATE_URLS": "maybe"})
