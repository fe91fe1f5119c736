"""Onboarding: add_provider_editor (command) and "invite a colleague" (admin), with a working one-time link."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from carriers.models import ProviderEditors
from carriers.roles import MODERATORS, ensure_roles
from tests.carriers.conftest import make_user
from tests.factories import ProviderPageFactory

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("add_provider_editor", *args, stdout=out)
    return out.getvalue()


def test_command_creates_editor_with_a_one_time_password_link(portal_site, client):
    provider = ProviderPageFactory(title="Caritas Köln")

    output = _run(str(provider.hsds_id), "anna", "anna@caritas.example")

    user = get_user_model().objects.get(username="anna")
    assert not user.has_usable_password()
    group = ProviderEditors.objects.get(provider=provider).group
    assert group.name == "Träger: Caritas Köln" and user.groups.filter(pk=group.pk).exists()
    link = next(line for line in output.splitlines() if "/password_reset/confirm/" in line).strip()

    # The link lets her set a password once, then log in to the admin.
    path = link.removeprefix("http://testserver")
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    response = client.post(
        set_password_url, {"new_password1": "Sehr-geheim-2027!", "new_password2": "Sehr-geheim-2027!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sehr-geheim-2027!")
    assert client.get(path, follow=True).context.get("validlink") is False  # used up

    # Running it again attaches the same user (idempotent), but an existing account gets no password link.
    again = _run(str(provider.hsds_id), "anna", "anna@caritas.example")
    assert "Attached existing user anna" in again and "/password_reset/" not in again
    assert "no password link" in again


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((str(uuid.uuid4()), "bob", "bob@example.org"), "No provider has the HSDS id"),
        (("not-a-uuid", "bob", "bob@example.org"), "No provider has the HSDS id"),
        (("{provider}", "bob", "bob-at-example"), "is not a valid email address"),
        (("{provider}", "", "bob@example.org"), "A username is required"),
    ],
)
def test_command_errors_are_clear(portal_site, args, message):
    provider = ProviderPageFactory()
    args = [arg.replace("{provider}", str(provider.hsds_id)) for arg in args]
    with pytest.raises(CommandError, match=message), translation.override("en"):
        _run(*args)
    assert not get_user_model().objects.filter(username="bob").exists()


def test_moderator_invites_a_colleague_in_the_admin(portal_site, client):
    from django.contrib.auth.models import Group

    from carriers.roles import ensure_roles

    ensure_roles()
    provider = ProviderPageFactory(title="Diakonie")
    moderator = make_user("mod", Group.objects.get(name=MODERATORS))
    client.force_login(moderator)

    bad = client.post("/admin/carriers/invite/", {"provider": provider.pk, "username": "c", "email": "nope"})
    assert bad.status_code == 400 and not get_user_model().objects.filter(username="c").exists()

    mail.outbox.clear()
    response = client.post(
        "/admin/carriers/invite/", {"provider": provider.pk, "username": "carla", "email": "carla@diakonie.example"}
    )
    assert response.status_code == 200
    assert "/admin/password_reset/confirm/" in response.content.decode()
    user = get_user_model().objects.get(username="carla")
    assert user.groups.filter(provider_link__provider=provider).exists()
    assert mail.outbox[-1].to == ["carla@diakonie.example"]
    assert "/admin/password_reset/confirm/" in mail.outbox[-1].body


def test_demo_logins_load_twice_and_skip_without_demo_providers(portal_site):
    from carriers import demo

    out = StringIO()
    assert demo.load(out) == "skipped (no demo providers)"
    for title in ("Zeta e.V.", "Alpha e.V.", "Beta e.V.", "Gamma e.V."):
        ProviderPageFactory(title=title, is_demo=True)
    out = StringIO()
    assert demo.load(out) == "5 demo users"
    assert demo.load(StringIO()) == "5 demo users"
    text = out.getvalue()
    assert "kim-moderation / demo-moderation" in text and "traeger1 / demo-traeger" in text
    users = get_user_model().objects
    assert users.filter(username__startswith="traeger").count() == 3
    assert users.get(username="traeger1").groups.filter(provider_link__provider__title="Alpha e.V.").exists()
    assert users.get(username="kim-steuerung").check_password("demo-steuerung")


@pytest.fixture
def invitation_setup(portal_site, client):
    ensure_roles()
    provider = ProviderPageFactory(title="Diakonie")
    moderator = make_user("mod", Group.objects.get(name=MODERATORS))
    admin = get_user_model().objects.create_superuser("admin", "root@kim.example", "Admin-Passwort-1")
    return provider, moderator, admin


def _invite(client, provider, username, email):
    return client.post("/admin/carriers/invite/", {"provider": provider.pk, "username": username, "email": email})


def test_inviting_an_existing_account_shows_nothing_of_it_and_hands_out_no_password_link(
    invitation_setup, client
):
    provider, moderator, admin = invitation_setup
    client.force_login(moderator)
    mail.outbox.clear()

    for _attempt in range(2):  # the old form showed the address first, then a working link
        response = _invite(client, provider, "admin", "attacker@example.org")
        body = response.content.decode()
        assert response.status_code == 200
        assert "root@kim.example" not in body
        assert "/password_reset/" not in body and "/invitations/" not in body

    admin.refresh_from_db()
    assert admin.check_password("Admin-Passwort-1") and admin.email == "root@kim.example"
    assert not admin.groups.filter(provider_link__provider=provider).exists()
    # The invitation goes to the account's own address, never to the one typed in.
    assert [message.to for message in mail.outbox] == [["root@kim.example"], ["root@kim.example"]]
    assert "/password_reset/" not in mail.outbox[-1].body
    assert "/admin/invitations/" in mail.outbox[-1].body


def _accept_path(message):
    link = next(word for word in message.body.split() if "/admin/invitations/" in word)
    return link.removeprefix("http://testserver")


def test_invited_account_joins_only_when_its_owner_accepts_while_logged_in(invitation_setup, client):
    provider, moderator, admin = invitation_setup
    client.force_login(moderator)
    mail.outbox.clear()
    _invite(client, provider, "admin", "root@kim.example")
    path = _accept_path(mail.outbox[-1])

    client.logout()
    to_login = client.get(path)
    assert to_login.status_code == 302 and to_login["Location"].startswith("/admin/login/?next=")

    # The moderator (or anyone else holding the link) cannot accept it for the account.
    client.force_login(moderator)
    assert client.post(path).status_code == 403
    assert not admin.groups.filter(provider_link__provider=provider).exists()

    client.force_login(admin)
    page = client.get(path)
    assert page.status_code == 200 and "Diakonie" in page.content.decode()
    assert not admin.groups.filter(provider_link__provider=provider).exists()  # looking is not accepting
    accepted = client.post(path)
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/"
    assert admin.groups.filter(provider_link__provider=provider).exists()


def test_invitation_expires_and_a_forged_one_is_refused(invitation_setup, client, settings):
    provider, moderator, admin = invitation_setup
    client.force_login(moderator)
    mail.outbox.clear()
    _invite(client, provider, "admin", "root@kim.example")
    path = _accept_path(mail.outbox[-1])
    client.force_login(admin)

    forged = client.post(path[:-3] + "abc/")
    assert forged.status_code == 400
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        expired = client.post(path)
    assert expired.status_code == 400
    assert not admin.groups.filter(provider_link__provider=provider).exists()
