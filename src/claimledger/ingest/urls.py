"""URL lists (`.urls` files: one http(s) URL a line, `#` comments): each page is fetched and
becomes a Document; a fetched feed becomes one Document per item.

Fetching is hostile-input work. Every hop, the first and each redirect, resolves the host, checks
every address it resolves to, and connects to the address it checked (so a second lookup cannot
swap in another). Private, loopback, link-local and other non-public addresses are refused unless
the policy allows them. Redirects are followed by hand up to a cap, each read has a timeout and
the whole fetch a deadline, and the body is streamed through a size cap (and a decompression cap
when the server compresses it), never read unbounded.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import httpx

from claimledger.errors import RejectedInput
from claimledger.model import Document, Metadata, Rejection, content_id
from claimledger.ingest.compressed import inflate_chunks
from claimledger.ingest.feeds import is_feed, read_feed
from claimledger.ingest.text import FEED_TYPES, decode_web, media_type_of, mime_of

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
USER_AGENT = "claimledger (+https://github.com/claimledger)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    max_bytes: int = 10_000_000
    max_ratio: int = 100
    timeout: float = 20.0  # seconds per connect/read, and for the whole fetch with its redirects
    max_redirects: int = 5
    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()  # non-public ranges allowed one by one


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RejectedInput(f"cannot resolve host {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def refusal(address: IPAddress, policy: FetchPolicy) -> str | None:
    """Why fetching from `address` is refused under `policy`, or None when it is allowed."""
    if policy.allow_private:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    checked: IPAddress = mapped or address
    if any(checked in network for network in policy.allowed_networks):
        return None
    for label, flag in (
        ("loopback", checked.is_loopback),
        ("link-local", checked.is_link_local),
        ("multicast", checked.is_multicast),
        ("unspecified", checked.is_unspecified),
        ("private", checked.is_private),
        ("reserved", checked.is_reserved),
    ):
        if flag:
            return f"{label} address {address} refused (allow_private_urls is off)"
    if not checked.is_global:
        return f"non-public address {address} refused (allow_private_urls is off)"
    return None


class Fetcher:
    """Fetches URLs under a policy; one HTTP client, made once and shared across a list."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver = system_resolver,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy
        self._resolve = resolver
        self._client = httpx.Client(
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would bypass the address checks
            # Connections are pooled by address; reusing one made for another host name would
            # skip that name's certificate check.
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def fetch(self, url: str) -> Iterator[Document | Rejection]:
        """The page at `url` as a Document (a feed: one per item). Raises RejectedInput."""
        deadline = time.monotonic() + self.policy.timeout
        current = _parse(url)
        for _ in range(self.policy.max_redirects + 1):
            response = self._open(current)
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        status = response.status_code
                        raise RejectedInput(f"HTTP {status} redirect without a location")
                    current = _parse(str(current.join(location)))
                    continue
                if not 200 <= response.status_code < 300:
                    raise RejectedInput(f"HTTP {response.status_code} from {current}")
                body = self._body(response, deadline)
                content_type = response.headers.get("content-type", "")
            finally:
                response.close()
            yield from _documents(url, str(current), body, content_type)
            return
        raise RejectedInput(f"too many redirects (more than {self.policy.max_redirects})")

    def _open(self, url: httpx.URL) -> httpx.Response:
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        addresses = self._resolve(host, port)
        if not addresses:
            raise RejectedInput(f"host {host!r} resolves to no address")
        for text in addresses:
            try:
                address = ipaddress.ip_address(text)
            except ValueError as exc:
                raise RejectedInput(f"host {host!r} resolves to {text!r}, not an address") from exc
            reason = refusal(address, self.policy)
            if reason:
                raise RejectedInput(f"{url}: {reason}")
        # Connect to the address just checked; Host and TLS SNI still name the host.
        pinned = url.copy_with(host=addresses[0])
        headers = {"Host": url.netloc.decode("ascii")}
        request = self._client.build_request(
            "GET", pinned, headers=headers, extensions={"sni_hostname": host}
        )
        try:
            return self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise RejectedInput(f"cannot fetch {url}: {_describe(exc)}") from exc

    def _body(self, response: httpx.Response, deadline: float) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise RejectedInput(f"response too large: {int(declared):,} bytes (limit {cap:,})")
        encoding = response.headers.get("content-encoding", "").lower().strip()
        parts: list[bytes] = []
        size = 0
        try:
            raw = response.iter_raw(64 * 1024)
            for chunk in inflate_chunks(raw, encoding, cap, self.policy.max_ratio):
                size += len(chunk)
                if size > cap:
                    raise RejectedInput(f"response too large: over {cap:,} bytes")
                if time.monotonic() > deadline:
                    raise RejectedInput(f"fetch took longer than {self.policy.timeout:g} s")
                parts.append(chunk)
        except httpx.HTTPError as exc:
            raise RejectedInput(f"cannot fetch {response.request.url}: {_describe(exc)}") from exc
        return b"".join(parts)


def read_url_list(text: str, source: str, fetcher: Fetcher) -> Iterator[Document | Rejection]:
    """Each URL of a list fetched in turn; a URL that fails is a Rejection, the list goes on."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        found = True
        try:
            yield from fetcher.fetch(url)
        except RejectedInput as exc:
            yield Rejection(url if _looks_like_url(url) else f"{source}#{number}", exc.reason)
    if not found:
        yield Rejection(source, "URL list has no URLs")


def _documents(
    url: str, final_url: str, body: bytes, content_type: str
) -> Iterator[Document | Rejection]:
    cid = content_id(body)
    mime = mime_of(content_type)
    if mime in FEED_TYPES or (mime in ("", "application/octet-stream") and is_feed(body)):
        yield from read_feed(io.BytesIO(body), final_url)
        return
    media_type = media_type_of(content_type)
    if media_type is None:
        raise RejectedInput(f"unsupported content type {mime or '(none)'!r}", cid)
    text = decode_web(body, content_type, cid)
    yield Document(
        id=cid, source=url, media_type=media_type, body=text, metadata=Metadata(url=final_url)
    )


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise RejectedInput(f"not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise RejectedInput(f"not an http(s) URL: {url[:200]!r}")
    return parsed


def _looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and len(text) <= 2000


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return str(exc) or type(exc).__name__
