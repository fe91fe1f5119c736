"""Onboarding: add_provider_editor (command) and "invite a colleague" (admin), with a working one-time link."""

import uuid
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from carriers.models import ProviderEditors
from carriers.roles import MODERATORS
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

    # Running it again attaches the same user (idempotent) and prints a fresh link.
    assert "Attached existing user anna" in _run(str(provider.hsds_id), "anna", "anna@caritas.example")


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
