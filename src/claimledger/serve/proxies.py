"""Which proxies the server believes about the client's address.

The failure limit (`security.FailureLimit`) counts per client address, so that address must be
one a client cannot choose. uvicorn by default believes `X-Forwarded-For` from 127.0.0.1, which
lets any local client (or anything a local reverse proxy passes on) name a fresh address with
every guess. `claimledger serve` therefore trusts no proxy unless `--forwarded-allow-ips` names
them: then uvicorn takes the client's address (and scheme) from the headers of those proxies only.
"""

from __future__ import annotations

import ipaddress

from claimledger.errors import UsageError


def proxy_options(allowed: str) -> dict[str, object]:
    """uvicorn's `proxy_headers` / `forwarded_allow_ips` for `--forwarded-allow-ips` (comma-separated
    addresses or networks, or '*'; empty: trust none)."""
    entries = [e.strip() for e in allowed.split(",") if e.strip()]
    if not entries:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise UsageError(f"--forwarded-allow-ips: {entry!r} is not an IP address or network") from exc
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(entries)}
