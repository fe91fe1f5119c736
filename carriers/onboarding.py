"""Onboarding carrier editors: new accounts get a one-time password link, existing ones an invitation.

The password link is Django's password-reset mechanism (token generator + Wagtail admin's
reset-confirm view): it works once, until the password is set, and expires after
PASSWORD_RESET_TIMEOUT. It is only ever made for an account created in the same step: an existing
account is never handed a password link, and never shown to the inviting moderator. Instead its
owner gets a signed invitation at the address the account already has, and joins the provider's
group only by opening it while logged in as that account.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from carriers.roles import ensure_provider_group, ensure_roles
from services_directory.models import ProviderPage


class OnboardingError(Exception):
    """Bad input for onboarding, with a message fit to show the person who gave it."""


INVITATION_SALT = "carriers.invitation"


class InvitationForAnotherAccount(OnboardingError):
    """A valid invitation opened while logged in as someone else."""


@dataclass
class Invitation:
    user: object
    created: bool
    link: str  # the one-time password link: only for an account created in this step
    accept_link: str = ""  # for an existing account: the invitation its owner must accept


def find_provider(hsds_id):
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


def _clean(username, email):
    username = (username or "").strip()
    email = (email or "").strip()
    if not username:
        raise OnboardingError(_("A username is required."))
    try:
        validate_email(email)
    except ValidationError:
        raise OnboardingError(_("“%(email)s” is not a valid email address.") % {"email": email}) from None
    return username, email


def _create_editor(provider, username, email, base_url):
    user = get_user_model().objects.create(username=username, email=email, is_active=True, password="")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    ensure_roles()
    user.groups.add(ensure_provider_group(provider))
    return Invitation(user=user, created=True, link=password_link(user, base_url))


@transaction.atomic
def add_provider_editor(provider, username, email, base_url=None):
    """The operator's command: create the user as an editor of the provider, or attach an existing one.

    Only a new account gets a password link; an existing one keeps its password (whoever runs the
    command on the server decides for its owner, as with `changepassword`).
    """
    username, email = _clean(username, email)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return _create_editor(provider, username, email, base_url)
    if user.email.lower() != email.lower():
        raise OnboardingError(
            _("The user “%(username)s” exists with another email address.") % {"username": username}
        )
    ensure_roles()
    user.groups.add(ensure_provider_group(provider))
    return Invitation(user=user, created=False, link="")


@transaction.atomic
def invite_editor(provider, username, email, invited_by, base_url=None):
    """The moderator's "invite a colleague": a new account at once, an existing one only on acceptance.

    For an existing username nothing about that account is used or shown: the typed address is
    ignored and the invitation goes to the address the account already has.
    """
    username, email = _clean(username, email)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return _create_editor(provider, username, email, base_url)
    token = signing.dumps(
        {"user": user.pk, "provider": provider.pk, "by": invited_by.pk}, salt=INVITATION_SALT, compress=True
    )
    return Invitation(user=user, created=False, link="", accept_link=invitation_link(token, base_url))


def invitation_link(token, base_url=None):
    base_url = (base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    return base_url + reverse("carriers_accept_invitation", kwargs={"token": token})


def read_invitation(token, user):
    """The provider a signed invitation for `user` names; OnboardingError when it is not valid for them."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
        provider = ProviderPage.objects.get(pk=int(data["provider"]))
        invited_user_id = int(data["user"])
    except (signing.BadSignature, ProviderPage.DoesNotExist, KeyError, TypeError, ValueError):
        raise OnboardingError(
            _("This invitation link is not valid or has expired. Ask the KIM moderation for a new one.")
        ) from None
    if invited_user_id != user.pk:
        raise InvitationForAnotherAccount(
            _("This invitation is for another account. Log in with the account it was sent to.")
        )
    return provider


@transaction.atomic
def accept_invitation(token, user):
    """Join the provider's editor group the invitation names; idempotent."""
    provider = read_invitation(token, user)
    ensure_roles()
    user.groups.add(ensure_provider_group(provider))
    return provider
