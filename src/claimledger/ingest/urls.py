"""URL lists (`.urls` files: one http(s) URL a line, `#` comments): each page is fetched and
becomes a Document; a fetched feed becomes one Document per item.

Fetching is hostile-input work. Every hop, the first and each redirect, resolves the host, checks
every address it resolves to, and connects to the address it checked (so a second lookup cannot
swap in another). Private, loopback, link-local and other non-public addresses are refused unless
the policy allows them, and so are IPv6 addresses that embed such an IPv4 address (6to4,
NAT64, Teredo). Redirects are followed by hand up to a cap; the whole fetch, from connecting
through every header byte to the body's last, has one wall-clock deadline (`timeout`), enforced
on each socket read and write, so a server trickling bytes cannot hold it longer. The body is
streamed through a size cap (and a decompression cap when the server compresses it), never read
unbounded. Host names are resolved before the deadline starts (the system resolver has its own).
"""

from __future__ import annotations

import io
import ipaddress
import math
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from claimledger.errors import RejectedInput
from claimledger.model import Document, Metadata, Rejection, content_id
from claimledger.ingest.compressed import inflate_chunks
from claimledger.ingest.feeds import is_feed, read_feed
from claimledger.ingest.guard import reason_for
from claimledger.ingest.text import FEED_TYPES, decode_web, media_type_of, mime_of

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
USER_AGENT = "claimledger (+https://github.com/claimledger)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    max_bytes: int = 10_000_000
    max_ratio: int = 100
    timeout: float = 20.0  # seconds for the whole fetch (wall clock), redirects and headers included
    max_redirects: int = 5
    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()  # non-public ranges allowed one by one


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RejectedInput(f"cannot resolve host {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits


def refusal(address: IPAddress, policy: FetchPolicy) -> str | None:
    """Why fetching from `address` is refused under `policy`, or None when it is allowed."""
    if policy.allow_private:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    checked: IPAddress = mapped or address
    if any(checked in network for network in policy.allowed_networks):
        return None
    for scheme, inner in embedded_ipv4(checked):
        kind = _non_public(inner)
        if kind and not any(inner in network for network in policy.allowed_networks):
            return (
                f"{scheme} address {address} embeds {kind} address {inner}; refused "
                "(allow_private_urls is off)"
            )
    kind = _non_public(checked)
    if kind:
        return f"{kind} address {address} refused (allow_private_urls is off)"
    return None


def embedded_ipv4(address: IPAddress) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries inside it (6to4, NAT64, Teredo server and client):
    a router translating them reaches that IPv4 host, so each is checked like the host itself."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if address.sixtofour is not None:
        found.append(("6to4", address.sixtofour))
    if address.teredo is not None:
        found.extend(("Teredo", inner) for inner in address.teredo)
    if address in _NAT64:
        found.append(("NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    return found


def _non_public(address: IPAddress) -> str | None:
    for label, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return label
    return None if address.is_global else "non-public"


class _Deadline:
    """The wall-clock deadline of the fetch in progress, read by its network streams."""

    def __init__(self) -> None:
        self.at = math.inf

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def cap(self, timeout: float | None) -> float:
        """`timeout` for one socket operation, shortened to what is left before the deadline."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch deadline passed")
        return min(math.inf if timeout is None else timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.cap(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.cap(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.cap(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    """Sockets whose every read, write and connect ends by the fetch's deadline: per-read
    timeouts alone let a server sending one byte just inside each timeout hold a fetch forever."""

    def __init__(self, deadline: _Deadline) -> None:
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, self._deadline.cap(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)


def _deadline_transport(deadline: _Deadline) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False, limits=httpx.Limits(max_keepalive_connections=0))
    # httpx takes no network backend; its connection pool does, so it is handed one there.
    transport._pool._network_backend = _DeadlineBackend(deadline)  # type: ignore[union-attr]
    return transport


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
        self._deadline = _Deadline()
        self._client = httpx.Client(
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would bypass the address checks
            # Connections are pooled by address; reusing one made for another host name would
            # skip that name's certificate check.
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            transport=transport or _deadline_transport(self._deadline),
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
        self._deadline.at = deadline
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
            raise RejectedInput(f"cannot fetch {url}: {self._describe(exc)}") from exc

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
            raise RejectedInput(f"cannot fetch {response.request.url}: {self._describe(exc)}") from exc
        return b"".join(parts)

    def _describe(self, exc: httpx.HTTPError) -> str:
        if isinstance(exc, httpx.TimeoutException) and self._deadline.passed():
            return f"fetch took longer than {self.policy.timeout:g} s (the deadline for the whole fetch)"
        return _describe(exc)


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
        except Exception as exc:  # the boundary, per URL: the list goes on
            yield Rejection(url if _looks_like_url(url) else f"{source}#{number}", reason_for(exc))
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
