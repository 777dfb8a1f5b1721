"""URL lists fetched over HTTP from a local test server on 127.0.0.1: pages and feeds become
Documents; loopback and private addresses are refused unless allowed (checked again after every
redirect); redirects, sizes, time and decompression are capped, and each failure is a Rejection.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimledger.ingest import Limits, read_inputs
from claimledger.model import Document, Rejection
from claimledger.ingest import Fetcher, FetchPolicy, read_url_list
from claimledger.ingest.urls import refusal

PAGE = (
    b"<html><head><title>Bridge closed</title></head><body><article><p>About 2,000 troops "
    b"were moved to the bridge, the ministry said on Friday.</p></article></body></html>"
)
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
    b"<item><title>One</title><link>https://w.example/1</link><description>Three towns were "
    b"shelled overnight.</description></item></channel></rss>"
)
BOMB = gzip.compress(b"\0" * 60_000_000)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *_: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        path = self.path
        if path == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n", "image/png")
        elif path == "/missing":
            self._send(404, b"gone", "text/plain")
        elif path == "/loop":
            self._redirect("/loop")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hop/{left - 1}" if left else "/article")
        elif path == "/to-internal":
            self._redirect(f"http://inner.test:{self.server.server_port}/article")
        elif path == "/big":  # no Content-Length: only the streamed cap can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"12 killed. " * 3000)
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE, "text/html")
        elif path == "/bomb":
            self._send(200, BOMB, "text/html", {"Content-Encoding": "gzip"})
        else:
            self._send(404, b"", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def _fetch(urls: list[str], policy: FetchPolicy, **kwargs: object) -> list[Document | Rejection]:
    with Fetcher(policy, **kwargs) as fetcher:  # type: ignore[arg-type]
        return list(read_url_list("\n".join(urls), "list.urls", fetcher))


LOCAL = FetchPolicy(allow_private=True, timeout=1.0)


def test_pages_and_feeds_are_fetched_and_each_failure_is_a_rejection(server: str) -> None:
    urls = ["# a comment", "", f"{server}/article", f"{server}/feed", f"{server}/missing", f"{server}/image", "ftp://x.example/a"]
    page, item, missing, image, ftp = _fetch(urls, LOCAL)
    assert isinstance(page, Document) and page.media_type == "html" and b"2,000" in page.body.encode()
    assert page.source == f"{server}/article" and page.metadata.url == f"{server}/article"
    assert isinstance(item, Document) and item.source == "https://w.example/1"
    assert isinstance(missing, Rejection) and "HTTP 404" in missing.reason
    assert isinstance(image, Rejection) and "unsupported content type" in image.reason
    assert isinstance(ftp, Rejection) and "not an http(s) URL" in ftp.reason


def test_loopback_is_refused_by_default(server: str) -> None:
    [item] = _fetch([f"{server}/article"], FetchPolicy())
    assert isinstance(item, Rejection) and "loopback address 127.0.0.1 refused" in item.reason


def test_url_list_file_obeys_the_allow_private_urls_limit(server: str, tmp_path: Path) -> None:
    path = tmp_path / "sources.urls"
    path.write_text(f"{server}/article\n", encoding="utf-8")
    [refused] = list(read_inputs([path], Limits()))
    [fetched] = list(read_inputs([path], Limits(allow_private_urls=True)))
    assert isinstance(refused, Rejection) and "refused" in refused.reason
    assert isinstance(fetched, Document)


def test_redirects_are_followed_up_to_the_cap(server: str) -> None:
    ok, looped = _fetch([f"{server}/hop/3", f"{server}/loop"], LOCAL)
    assert isinstance(ok, Document) and ok.metadata.url == f"{server}/article"
    assert isinstance(looped, Rejection) and "too many redirects" in looped.reason


def test_every_hop_is_checked_again_so_a_redirect_to_a_private_host_is_refused(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    names = {"wire.test": ["127.0.0.1"], "inner.test": ["10.9.8.7"]}
    policy = FetchPolicy(timeout=1.0, allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    page, redirected = _fetch(
        [f"http://wire.test:{port}/article", f"http://wire.test:{port}/to-internal"],
        policy,
        resolver=lambda host, _port: names[host],
    )
    assert isinstance(page, Document)  # connected to the checked address, Host: wire.test
    assert isinstance(redirected, Rejection)
    assert "inner.test" in redirected.reason and "private address 10.9.8.7" in redirected.reason


def test_a_host_with_any_private_address_among_its_addresses_is_refused() -> None:
    [item] = _fetch(
        ["http://mixed.test/a"], FetchPolicy(), resolver=lambda _h, _p: ["93.184.216.34", "192.168.1.4"]
    )
    assert isinstance(item, Rejection) and "192.168.1.4" in item.reason


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
     "224.0.0.1", "::1", "fe80::1", "fc00::5", "::ffff:127.0.0.1", "::ffff:10.0.0.1"],
)
def test_non_public_addresses_are_refused_unless_allowed(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert refusal(ip, FetchPolicy()) is not None
    assert refusal(ip, FetchPolicy(allow_private=True)) is None
    assert refusal(ipaddress.ip_address("93.184.216.34"), FetchPolicy()) is None


def test_size_time_and_decompression_are_capped(server: str) -> None:
    policy = FetchPolicy(allow_private=True, timeout=1.5, max_bytes=1_000_000)
    big, slow, small_cap = _fetch([f"{server}/big", f"{server}/slow", f"{server}/bomb"], policy)
    assert isinstance(big, Rejection) and "too large: over 1,000,000" in big.reason
    assert isinstance(slow, Rejection) and "took longer than 1.5 s" in slow.reason
    assert isinstance(small_cap, Rejection) and "decompressed size over" in small_cap.reason
    [bomb] = _fetch([f"{server}/bomb"], LOCAL)  # 10 MB cap: the ratio trips first
    assert isinstance(bomb, Rejection) and "compression bomb" in bomb.reason


def test_unreachable_or_unresolvable_hosts_are_rejections() -> None:
    closed, unknown = _fetch(
        ["http://127.0.0.1:9/a", "http://no-such-host.invalid/a"], FetchPolicy(allow_private=True, timeout=1.0)
    )
    assert isinstance(closed, Rejection) and "cannot fetch" in closed.reason
    assert isinstance(unknown, Rejection) and "cannot resolve" in unknown.reason


@pytest.mark.model
def test_ingest_fetches_a_url_list_only_with_allow_private_urls(server: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimledger.cli import app

    listing = tmp_path / "sources.urls"
    listing.write_text(f"# local test server\n{server}/article\n", encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    refused = CliRunner().invoke(app, ["ingest", str(listing), "--db", db, "-q"])
    assert refused.exit_code == 1 and "rejected 1" in refused.output
    assert "loopback" in refused.output
    fetched = CliRunner().invoke(app, ["ingest", str(listing), "--db", db, "-q", "--allow-private-urls"])
    assert fetched.exit_code == 0, fetched.output
    assert "ingested 1" in fetched.output and "claims 1" in fetched.output
