"""Spreadsheet import in the Wagtail admin: upload the CSV, see the counts, download the errors."""

import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from carriers.ownership import user_may
from open_data.importing import ImportBusy
from open_data.spreadsheet import error_report, import_rows, template_csv
from services_directory.models import ProviderPage

MAX_UPLOAD = 5 * 1024 * 1024
SESSION_KEY = "open_data_csv_reports"


def providers_for(user):
    """Providers the user may add offers to (Wagtail page permissions)."""
    providers = ProviderPage.objects.order_by("title")
    if user.is_superuser:
        return providers
    return providers.filter(pk__in=[p.pk for p in providers if user_may(user, "add", p)])


def may_move(user):
    """Moving offers between providers is a moderator's decision (the ownership rule)."""
    return user_may(user, "move", None)


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider (Träger)"), queryset=ProviderPage.objects.none())
    file = forms.FileField(label=_("CSV file"), help_text=_("One row per offer, in the columns of the template."))
    language = forms.ChoiceField(label=_("Language of the texts"), choices=settings.LANGUAGES, initial="de")
    dry_run = forms.BooleanField(label=_("Only check, save nothing"), required=False)
    allow_move = forms.BooleanField(
        label=_("Move offers of other providers to this provider"),
        help_text=_("Without this, a row whose id names another provider's offer is refused."),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers_for(user)
        if not may_move(user):
            del self.fields["allow_move"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text. Save the spreadsheet as “CSV UTF-8”.")) from None


def require_import_right(request):
    """Only users who may add offers to some provider import (or fetch the template and reports)."""
    if not providers_for(request.user).exists():
        raise PermissionDenied


def upload(request):
    require_import_right(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data["provider"]
        may_publish = request.user.is_superuser or user_may(request.user, "publish_subpage", provider)
        try:
            summary, rows = import_rows(
                form.cleaned_data["file"], provider, language=form.cleaned_data["language"],
                draft=not may_publish, dry_run=form.cleaned_data["dry_run"],
                user=request.user, allow_move=form.cleaned_data.get("allow_move", False),
            )
        except ValueError as problem:
            form.add_error("file", str(problem))
        except ImportBusy as busy:
            form.add_error(None, str(busy))
        else:
            token = None
            if summary.failed:
                token = secrets.token_urlsafe(8)
                reports = request.session.get(SESSION_KEY, {})
                reports = dict(list(reports.items())[-4:])  # keep the last few
                reports[token] = error_report(rows)
                request.session[SESSION_KEY] = reports
            return render(
                request,
                "open_data/admin/result.html",
                {
                    "provider": provider, "summary": summary, "rows": rows, "token": token,
                    "counts": {status: summary.count(status) for status in ("created", "updated", "unchanged", "rejected")},
                    "dry_run": form.cleaned_data["dry_run"], "draft": not may_publish,
                },
            )
    return render(request, "open_data/admin/upload.html", {"form": form})


def report(request, token):
    require_import_right(request)
    content = request.session.get(SESSION_KEY, {}).get(token)
    if content is None:
        return HttpResponse(_("This error report is no longer available."), status=404, content_type="text/plain")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response


def template(request):
    require_import_right(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offers-template.csv"'
    return response
