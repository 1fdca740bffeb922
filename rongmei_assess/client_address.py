"""The address a request comes from, as the login lockout (django-axes) counts it."""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str | None:
    """The client's IP address: ``REMOTE_ADDR``, or behind trusted proxies the address read from X-Forwarded-For.

    Each proxy appends the address it received the request from, so with ``settings.TRUSTED_PROXY_COUNT``
    proxies in front of the application the client is that many entries from the right; anything further
    left was sent by the client itself and may be forged. A shorter header (a proxy reached directly) gives
    its first entry. Without trusted proxies (count 0) the header is ignored altogether, and a missing or
    malformed entry falls back to ``REMOTE_ADDR``, so a client can never choose the address it is counted on.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    if hops <= 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    try:
        return str(ipaddress.ip_address(entries[-min(hops, len(entries))]))
    except ValueError:
        return remote
