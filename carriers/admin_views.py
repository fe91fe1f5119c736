"""Admin views: "still correct", invite a colleague and accept an invitation, translation status report."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
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
from carriers.onboarding import (
    InvitationForAnotherAccount,
    OnboardingError,
    accept_invitation,
    invite_editor,
    read_invitation,
)
from carriers.roles import can_view_reports, is_moderator, provider_ids_for_user
from services_directory.models import OfferPage, ProviderPage


def offers_visible_to(user):
    """Offers the user may see in reports: all for moderators/steering, else their providers' own."""
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
    """A moderator invites a colleague; nothing about an existing account is shown or changed here."""
    if not is_moderator(request.user):
        raise PermissionDenied
    form = InviteEditorForm(request.POST or None)
    invitation = None
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data["provider"]
        try:
            invitation = invite_editor(
                provider, form.cleaned_data["username"], form.cleaned_data["email"], invited_by=request.user
            )
        except OnboardingError as error:
            form.add_error(None, str(error))
        else:
            _send_invitation(invitation, provider)
            if invitation.created:
                messages.success(
                    request,
                    _("%(username)s is now an editor of %(provider)s; the link was sent to %(email)s.")
                    % {"username": invitation.user.username, "provider": provider.title, "email": invitation.user.email},
                )
            else:
                messages.success(
                    request,
                    _(
                        "“%(username)s” already has an account. An invitation to %(provider)s was sent to the "
                        "address of that account; they become an editor when they accept it while logged in."
                    ) % {"username": invitation.user.username, "provider": provider.title},
                )
    status = 400 if request.method == "POST" and invitation is None else 200
    return TemplateResponse(
        request, "carriers/admin/invite_editor.html", {"form": form, "invitation": invitation}, status=status
    )


def _send_invitation(invitation, provider):
    user = invitation.user
    if invitation.created:
        body = _(
            "You can now maintain the listings of %(provider)s in the KIM directory.\n\n"
            "Set your password with this one-time link:\n%(link)s\n\nUsername: %(username)s"
        ) % {"provider": provider.title, "link": invitation.link, "username": user.username}
    else:
        body = _(
            "You have been invited to maintain the listings of %(provider)s in the KIM directory.\n\n"
            "Log in as %(username)s and open this link to accept:\n%(link)s\n\n"
            "If you did not expect this, ignore this message: nothing changes without your acceptance."
        ) % {"provider": provider.title, "link": invitation.accept_link, "username": user.username}
    if user.email:
        send_mail(
            _("Your access to the KIM directory"), body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True
        )


@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def accept_invitation_view(request, token):
    """The invited account's owner, logged in as that account, accepts (POST) after seeing whom they join."""
    try:
        provider = read_invitation(token, request.user)
    except InvitationForAnotherAccount as error:
        return TemplateResponse(request, "carriers/admin/accept_invitation.html", {"error": str(error)}, status=403)
    except OnboardingError as error:
        return TemplateResponse(request, "carriers/admin/accept_invitation.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        accept_invitation(token, request.user)
        messages.success(request, _("You are now an editor of %(provider)s.") % {"provider": provider.title})
        return redirect("wagtailadmin_home")
    return TemplateResponse(request, "carriers/admin/accept_invitation.html", {"provider": provider})


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
