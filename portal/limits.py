"""Rate limits for the public forms and the password reset, kept in the shared cache.

One rule per form in `settings.PORTAL_RATE_LIMITS`: a rate per client and a ceiling for all
clients together, counted with django-ratelimit in the cache every worker shares (`CACHE_URL`).
The client is the address the request came from, or behind a reverse proxy listed in
`TRUSTED_PROXIES` the nearest address in X-Forwarded-For that is not a trusted proxy. IPv6
clients count per /64 (one household or phone); only a salted hash of the address reaches the cache.
"""

import ipaddress
import logging
import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

logger = logging.getLogger("kim.limits")


def client_address(request) -> str:
    """The client's IP address, trusting X-Forwarded-For only as far as our own proxies wrote it."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if not trusted or not _is_in(remote, trusted):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Each proxy appends the address it was connected from: read from the right, skip our own.
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return remote  # a proxy of ours wrote nothing usable: better one key than a forged one
        if not any(address in network for network in trusted):
            return str(address)
    return str(_parse(hops[0])) if hops else remote


def _parse(value):
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _is_in(value, networks) -> bool:
    address = _parse(value)
    return address is not None and any(address in network for network in networks)


def _client_key(group, request) -> str:
    address = _parse(client_address(request))
    if address is not None and address.version == 6:
        address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    return salted_hmac("kim.limits.client", str(address or "unknown")).hexdigest()


def _everyone_key(group, request) -> str:
    return "everyone"


def limit(request, rule):
    """Count one use of `rule`; return the 429 answer when this goes past a limit, else None.

    The ceiling for all clients is only counted when the client's own rate lets it through, so one
    client that is already refused cannot use up everybody's allowance.
    """
    per_client, everyone = settings.PORTAL_RATE_LIMITS[rule]
    for scope, rate, key in (("client", per_client, _client_key), ("all", everyone, _everyone_key)):
        try:
            usage = get_usage(request, group=f"kim:{rule}:{scope}", key=key, rate=rate, increment=True)
        except Exception:  # the cache is down: let readers report rather than answer 500
            logger.exception("rate limit %s could not be counted; letting the request through", rule)
            return None
        if usage and usage["should_limit"]:
            logger.warning("rate limit %s (%s, %s) reached", rule, scope, rate)
            return too_many_requests(request, retry_after=usage["time_left"])
    return None


def too_many_requests(request, retry_after=None):
    """429 in the reader's language: JSON for API clients, a page for everyone else."""
    minutes = math.ceil(retry_after / 60) if retry_after and retry_after > 0 else None
    message = _("You have sent this too often in a short time. To protect the service, please wait and try again later.")
    if minutes:
        message += " " + ngettext(
            "You can try again in %(minutes)d minute.", "You can try again in %(minutes)d minutes.", minutes
        ) % {"minutes": minutes}
    if _wants_json(request):
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(request, "portal/too_many_requests.html", {"message": message}, status=429)
    if minutes:
        response["Retry-After"] = str(retry_after)
    return response


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("json" in accept and "html" not in accept)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out client or account: a page in the reader's language."""
    from axes.helpers import get_cool_off  # noqa: PLC0415  (imports axes' models; settings name this module)

    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(request, "portal/locked_out.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
