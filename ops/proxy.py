"""Who is on the other end of a request that came through our reverse proxy."""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    """True if `address` is listed in FORWARDED_ALLOW_IPS (addresses or networks; * is any)."""
    for entry in settings.HOGSHEAD["TRUSTED_PROXIES"]:
        if entry == "*":
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request):
    """The visitor's address, for login throttling (django-axes) and logs.

    The proxy appends the address it was connected from to X-Forwarded-For, so only the
    last entry is trustworthy, and only when the request really comes from the proxy;
    anything earlier in the header was written by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    remote_address = _address(remote)
    if remote_address is None or not is_trusted_proxy(remote_address):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1]
    forwarded_address = _address(forwarded)
    return str(forwarded_address) if forwarded_address is not None else remote
