"""Site-wide views that are not Wagtail pages."""

from django.conf import settings
from django.core.mail import mail_managers, send_mail
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from portal import limits
from portal.forms import BarrierReportForm
from portal.models import PortalSettings


def favicon(request):
    """Browsers ask for /favicon.ico on a first visit whatever the page links; send the static icon."""
    return redirect(static("portal/img/favicon.ico"))


def robots_txt(request):
    lines = [
        "User-agent: *", "Disallow: /admin/", "Disallow: /api/",
        f"Sitemap: {settings.PORTAL_BASE_URL.rstrip('/')}{reverse('sitemap')}",  # the canonical host
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def barrier_report(request):
    """The feedback mechanism BITV 2.0 requires: report a barrier without logging in."""
    form = BarrierReportForm(request.POST or None, initial={"page_url": request.GET.get("page", "")[:500]})
    if request.method == "POST" and form.is_valid():
        # Counted once the form is complete: a reader fixing a typo does not use up the allowance.
        if refused := limits.limit(request, "barrier_report"):
            return refused
        if not form.is_spam():
            report = form.save(commit=False)
            report.language = translation.get_language() or settings.LANGUAGE_CODE
            report.save()
            _notify(request, report)
        return render(request, "portal/barrier_report_thanks.html", status=200)
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/barrier_report.html", {"form": form}, status=status)


def _notify(request, report):
    site = Site.find_for_request(request)
    recipient = PortalSettings.for_site(site).barrier_contact_email if site else ""
    subject = _("New barrier report")
    body = f"{report.page_url}\n\n{report.description}\n\n{report.reply_email or '-'}"
    if recipient:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=True)
    else:
        mail_managers(subject, body, fail_silently=True)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
