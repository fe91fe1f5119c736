"""Public views: "report a problem with this listing", without login and without personal data."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carriers.forms import ProblemReportForm
from portal import limits
from services_directory.models import OfferPage


@require_http_methods(["GET", "POST"])
def report_problem(request, hsds_id):
    offer = OfferPage.objects.for_public().filter(hsds_id=hsds_id).first()
    if offer is None:
        raise Http404(_("There is no published offer with this id."))
    form = ProblemReportForm(request.POST or None)
    context = {"offer": offer, "form": form, "offer_url": offer.get_url(request)}
    if request.method == "POST":
        if form.is_valid():
            # Counted once the form is complete: a reader fixing a typo does not use up the allowance.
            if refused := limits.limit(request, "problem_report"):
                return refused
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
    # A title may hold line breaks (imports, pasted text); a header must not, or no mail is sent.
    one_line_title = " ".join(report.offer_title.split())
    with translation.override("de"):
        subject = _("New problem report: %(title)s") % {"title": one_line_title}
        body = _("A reader reported a problem with “%(title)s”:\n\n%(text)s\n\nIn the admin: %(link)s") % {
            "title": report.offer_title, "text": report.description, "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
