"""Who a request comes from, for the rate limit: the connecting address, or, when that is one of
the proxies the operator trusts (``KATALOG_TRUSTED_PROXIES``), the nearest address in
``X-Forwarded-For`` that is not one of them. Nobody else can choose their own key: a forwarded
header from an untrusted peer is ignored, and the left-most entries of a trusted chain (which
the client wrote itself) never count."""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: list[str]) -> tuple[list[Network], set[str]]:
    """Addresses and networks ("10.0.0.0/8"); anything else (a host name such as the test
    client's) is compared literally."""
    networks: list[Network] = []
    names: set[str] = set()
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            names.add(entry.strip())
    return networks, names


def trusted_peer(trusted: list[str]) -> Callable[[str], bool]:
    """Whether an address is one of the trusted proxies."""
    networks, names = trusted_networks(trusted)

    def is_trusted(address: str) -> bool:
        if address in names:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in networks)

    return is_trusted


def https_request(trusted: list[str]) -> Callable[[Request], bool]:
    """Whether the browser reached us over https: directly, or through a trusted proxy that
    says so in ``X-Forwarded-Proto`` (the proxy's own entry is the last one)."""
    is_trusted = trusted_peer(trusted)

    def https(request: Request) -> bool:
        if request.url.scheme == "https":
            return True
        proto = request.headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
        return proto == "https" and is_trusted(request.client.host if request.client else "")

    return https


def client_key(trusted: list[str]) -> Callable[[Request], str]:
    is_trusted = trusted_peer(trusted)

    def key(request: Request) -> str:
        peer = request.client.host if request.client else "unbekannt"
        if not is_trusted(peer):
            return peer
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
        for hop in reversed([h for h in hops if h]):
            if not is_trusted(hop):
                return hop
        return peer

    return key


def seconds_left(request: Request) -> int:
    """The seconds until the limit that was hit lets this client ask again."""
    limiter = getattr(request.app.state, "limiter", None)
    current = getattr(request.state, "view_rate_limit", None)
    if limiter is None or current is None:
        return 60
    item, args = current
    reset_at, _remaining = limiter.limiter.get_window_stats(item, *args)
    return max(1, math.ceil(reset_at - time.time()))
