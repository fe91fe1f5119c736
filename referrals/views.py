"""The referral list: add, reorder, remove (session, no JavaScript needed), share as a link and
print in the client's language. Only offer ids are kept; nothing about the person."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from portal import limits
from portal.languages import language_name
from referrals import shortlist
from referrals.qr import qr_svg


def _list_query(ids):
    return urlencode([("offer", offer_id) for offer_id in ids])


def _from_this_site(request) -> bool:
    """Browsers name the page a form was sent from (Origin, else Referer): only ours may add
    (besides SameSite=Lax, for sessions that predate it and browsers that ignore it)."""
    sender = request.headers.get("Origin") or request.headers.get("Referer")
    return not sender or urlsplit(sender).netloc == request.get_host()


def _safe_next(request, fallback):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# No CSRF token: adding an offer changes only the sender's own list, and the session cookie is
# SameSite=Lax, so another site's form cannot reach anyone's list. A token would put a per-visitor
# cookie on every search page and keep them out of the page cache (portal/page_cache.py).
@csrf_exempt
@require_POST
def add(request):
    """Add one offer id; a form on another site gets 403 (what the CSRF token would do here)."""
    if not _from_this_site(request):
        return HttpResponseForbidden(_("This form can only be sent from the portal's own pages."))
    if not shortlist.add(request, request.POST.get("offer")):
        return HttpResponseRedirect(f"{reverse('referrals:list')}?full=1")  # says why nothing was added
    return HttpResponseRedirect(_safe_next(request, reverse("referrals:list")))


@require_POST
def change(request):
    action = request.POST.get("action")
    if action == "keep":  # a shared list (in the URL) becomes this browser's list
        shortlist.save(request, request.POST.getlist("offer"))
    elif action == "clear":
        shortlist.save(request, [])
    else:
        shortlist.change(request, action, request.POST.get("offer"))
    return HttpResponseRedirect(reverse("referrals:list"))


@require_safe
def referral_list(request):
    shared = "offer" in request.GET
    ids = shortlist.clean_ids(request.GET.getlist("offer")) if shared else shortlist.session_ids(request)
    left_over = shortlist.beyond_limit(request.GET.getlist("offer")) if shared else 0
    offers, missing = shortlist.offers(ids)
    found_ids = [str(offer.hsds_id) for offer in offers]
    query = _list_query(found_ids)
    languages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            path = reverse("referrals:print")
        languages.append({"code": code, "name": language_name(code, code), "url": f"{path}?{query}"})
    context = {
        "offers": offers,
        "missing": missing,
        "shared": shared,
        "share_url": request.build_absolute_uri(f"{reverse('referrals:list')}?{query}") if found_ids else "",
        "print_languages": languages,
        "found_ids": found_ids,
        "left_over": left_over,
        "full": len(ids) >= shortlist.MAX_OFFERS or "full" in request.GET,
        "max_offers": shortlist.MAX_OFFERS,
    }
    return render(request, "referrals/list.html", context)


@require_safe
def print_view(request):
    """The list in the language of the URL, whatever language the case manager works in."""
    if refused := limits.limit(request, "referral_print"):
        return refused
    ids = shortlist.clean_ids(request.GET.getlist("offer"))
    offers, missing = shortlist.offers(ids)
    items = []
    for offer in offers:
        url = request.build_absolute_uri(offer.get_url(request=request) or "/")
        items.append({"offer": offer, "url": url, "qr": qr_svg(url, _("QR code: link to “%(title)s”") % {"title": offer.title})})
    return render(request, "referrals/print.html", {
        "items": items,
        "missing": missing,
        "list_url": request.build_absolute_uri(),
        "left_over": shortlist.beyond_limit(request.GET.getlist("offer")),
        "max_offers": shortlist.MAX_OFFERS,
        "today": timezone.localdate(),
    })
