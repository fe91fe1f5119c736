"""Onboarding carrier editors: a Wagtail user in the provider's group and a one-time password link.

The link is Django's password-reset mechanism (token generator + Wagtail admin's reset-confirm
view): it works once, until the password is set, and expires after PASSWORD_RESET_TIMEOUT.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from carriers.roles import ensure_provider_group, ensure_roles


class OnboardingError(Exception):
    """Bad input for onboarding, with a message fit to show the person who gave it."""


@dataclass
class Invitation:
    user: object
    created: bool
    link: str


def find_provider(hsds_id):
    from services_directory.models import ProviderPage

    try:
        return ProviderPage.objects.get(hsds_id=str(hsds_id).strip())
    except (ProviderPage.DoesNotExist, ValidationError, ValueError):
        raise OnboardingError(_("No provider has the HSDS id “%(id)s”.") % {"id": hsds_id}) from None


def password_link(user, base_url=None):
    base_url = (base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    return base_url + path


@transaction.atomic
def add_provider_editor(provider, username, email, base_url=None):
    """Create (or attach) the user as an editor of the provider; return an Invitation."""
    username = (username or "").strip()
    email = (email or "").strip()
    if not username:
        raise OnboardingError(_("A username is required."))
    try:
        validate_email(email)
    except ValidationError:
        raise OnboardingError(_("“%(email)s” is not a valid email address.") % {"email": email}) from None
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, email=email, is_active=True)
        user.set_unusable_password()
        user.save()
    elif user.email.lower() != email.lower():
        raise OnboardingError(
            _("The user “%(username)s” exists with another email address (%(email)s).")
            % {"username": username, "email": user.email or "-"}
        )
    ensure_roles()
    group = ensure_provider_group(provider)
    user.groups.add(group)
    return Invitation(user=user, created=created, link=password_link(user, base_url))
