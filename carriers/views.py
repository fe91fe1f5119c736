"""Public views: "report a problem with this listing", without login and without personal data."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carriers.forms import ProblemReportForm

RATE_LIMIT = 5  # reports per address and window
RATE_WINDOW = 60 * 60  # seconds


def _rate_key(request):
    # Only a salted hash of the address, only in the cache, only for the window: never stored.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"carriers:report-rate:{digest}"


def _over_limit(request):
    key = _rate_key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


@require_http_methods(["GET", "POST"])
def report_problem(request, hsds_id):
    from services_directory.models import OfferPage

    offer = OfferPage.objects.for_public().filter(hsds_id=hsds_id).first()
    if offer is None:
        raise Http404(_("There is no published offer with this id."))
    form = ProblemReportForm(request.POST or None)
    context = {"offer": offer, "form": form, "offer_url": offer.get_url(request)}
    if request.method == "POST":
        if _over_limit(request):
            context["rate_limited"] = True
            return render(request, "carriers/report_problem.html", context, status=429)
        if form.is_valid():
            if not form.is_spam():
                report = form.save(commit=False)
                report.offer = offer
                report.provider = offer.provider
                report.offer_title = offer.title[:255]
                report.language = translation.get_language() or settings.LANGUAGE_CODE
                report.save()
                _notify(report)
            return render(request, "carriers/report_problem_thanks.html", {"offer": offer})
        return render(request, "carriers/report_problem.html", context, status=400)
    return render(request, "carriers/report_problem.html", context)


def _notify(report):
    """Tell the carrier's editors and the moderators that a report is waiting in the admin."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    query = Q(groups__permissions__codename="moderate_directory")
    if report.provider_id:
        query |= Q(groups__provider_link__provider_id=report.provider_id)
    recipients = sorted(set(users.filter(query).values_list("email", flat=True)))
    if not recipients:
        return
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    link = base_url + reverse("wagtailsnippets_carriers_problemreport:edit", args=[report.pk])
    with translation.override("de"):
        subject = _("New problem report: %(title)s") % {"title": report.offer_title}
        body = _("A reader reported a problem with “%(title)s”:\n\n%(text)s\n\nIn the admin: %(link)s") % {
            "title": report.offer_title, "text": report.description, "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
