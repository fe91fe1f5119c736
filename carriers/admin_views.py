"""Admin views: "still correct", invite a colleague, translation status report."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from carriers import translations
from carriers.forms import InviteEditorForm
from carriers.freshness import verify_offer
from carriers.models import TranslationStatus
from carriers.onboarding import OnboardingError, add_provider_editor
from carriers.roles import can_view_reports, is_moderator, provider_ids_for_user


def offers_visible_to(user):
    """Offers the user may see in reports: all for moderators/steering, else their providers' own."""
    from services_directory.models import OfferPage, ProviderPage

    offers = OfferPage.objects.all()
    if can_view_reports(user):
        return offers
    paths = ProviderPage.objects.filter(pk__in=provider_ids_for_user(user)).values_list("path", flat=True)
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    return offers.filter(query)


@require_http_methods(["GET", "POST"])
def verify_offer_view(request, page_id):
    from services_directory.models import OfferPage

    offer = get_object_or_404(OfferPage, pk=page_id)
    if not offer.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        verify_offer(offer, request.user)
        messages.success(request, _("Confirmed: “%(title)s” is still correct.") % {"title": offer.title})
        return redirect("wagtailadmin_pages:edit", offer.pk)
    return TemplateResponse(request, "carriers/admin/verify_offer.html", {"offer": offer})


@require_http_methods(["GET", "POST"])
def invite_editor_view(request):
    if not is_moderator(request.user):
        raise PermissionDenied
    form = InviteEditorForm(request.POST or None)
    invitation = None
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data["provider"]
        try:
            invitation = add_provider_editor(
                provider, form.cleaned_data["username"], form.cleaned_data["email"]
            )
        except OnboardingError as error:
            form.add_error(None, str(error))
        else:
            send_mail(
                _("Your access to the KIM directory"),
                _(
                    "You can now maintain the listings of %(provider)s in the KIM directory.\n\n"
                    "Set your password with this one-time link:\n%(link)s\n\nUsername: %(username)s"
                ) % {"provider": provider.title, "link": invitation.link, "username": invitation.user.username},
                settings.DEFAULT_FROM_EMAIL,
                [invitation.user.email],
                fail_silently=True,
            )
            messages.success(
                request,
                _("%(username)s is now an editor of %(provider)s; the link was sent to %(email)s.")
                % {"username": invitation.user.username, "provider": provider.title, "email": invitation.user.email},
            )
    status = 400 if request.method == "POST" and invitation is None else 200
    return TemplateResponse(
        request, "carriers/admin/invite_editor.html", {"form": form, "invitation": invitation}, status=status
    )


def translation_report_view(request):
    offers = offers_visible_to(request.user)
    if not can_view_reports(request.user) and not provider_ids_for_user(request.user):
        raise PermissionDenied
    languages = translations.target_languages()
    language = request.GET.get("language", "")
    status = request.GET.get("status", "")
    valid_statuses = dict(TranslationStatus.STATUS_CHOICES)
    if language and language not in languages:
        language = ""
    if status and status not in valid_statuses:
        status = ""
    offers = offers.order_by("title")
    for offer in offers.exclude(translation_statuses__isnull=False):
        translations.record(offer)
    if language or status:
        matching = TranslationStatus.objects.all()
        if language:
            matching = matching.filter(language=language)
        if status:
            matching = matching.filter(status=status)
        offers = offers.filter(pk__in=matching.values("offer_id"))
    page = Paginator(offers, 50).get_page(request.GET.get("p"))
    shown_languages = [language] if language else languages
    statuses = {}
    for item in TranslationStatus.objects.filter(offer__in=[offer.pk for offer in page], language__in=shown_languages):
        statuses[(item.offer_id, item.language)] = item
    rows = [
        {"offer": offer, "cells": [statuses.get((offer.pk, code)) for code in shown_languages]}
        for offer in page
    ]
    return TemplateResponse(
        request,
        "carriers/admin/translation_report.html",
        {
            "rows": rows,
            "page_obj": page,
            "languages": languages,
            "shown_languages": shown_languages,
            "language": language,
            "status": status,
            "status_choices": TranslationStatus.STATUS_CHOICES,
        },
    )
