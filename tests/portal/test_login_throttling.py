"""Admin login and password reset are throttled (django-axes): guessing passwords stops working."""

import ipaddress
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

PASSWORD = "richtiges-Passwort-2026"


@pytest.fixture
def admin_user(portal_site, django_user_model):
    return django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)


def _login(client, password, username="redaktion", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def _logged_in(client):
    return client.get("/admin/").status_code == 200


def test_25_wrong_passwords_lock_the_account_until_the_cool_off(client, admin_user):
    # Before: 25 wrong passwords, then the right one logged in.
    statuses = [_login(client, f"falsch-{n}", REMOTE_ADDR="198.51.100.9").status_code for n in range(25)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429

    right = _login(client, PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert right.status_code == 429
    assert not _logged_in(client)
    # Another connection does not get around it either: the account itself is locked.
    assert _login(client, PASSWORD, REMOTE_ADDR="203.0.113.50").status_code == 429
    assert not _logged_in(client)

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        after = _login(client, PASSWORD, REMOTE_ADDR="198.51.100.9")
        assert after.status_code == 302
        assert _logged_in(client)


def test_guessing_many_accounts_from_one_client_locks_the_client(client, admin_user, django_user_model):
    django_user_model.objects.create_superuser("zweite", "zweite@example.org", PASSWORD)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "falsch", username=f"user{n}", REMOTE_ADDR="198.51.100.10")

    assert _login(client, PASSWORD, username="zweite", REMOTE_ADDR="198.51.100.10").status_code == 429
    assert not _logged_in(client)


@override_settings(TRUSTED_PROXIES=[ipaddress.ip_network("10.0.0.0/8")])
def test_behind_the_proxy_the_lock_is_per_client_not_for_everyone(client, admin_user, django_user_model):
    django_user_model.objects.create_superuser("kollegin", "kollegin@example.org", PASSWORD)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "falsch", username=f"user{n}", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.11")

    blocked = _login(client, PASSWORD, username="kollegin", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.11")
    assert blocked.status_code == 429
    elsewhere = _login(client, PASSWORD, username="kollegin", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.12")
    assert elsewhere.status_code == 302


def test_the_lockout_page_speaks_the_readers_language(client, admin_user):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"falsch-{n}")

    response = _login(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert 'lang="ar"' in html
    with translation.override("ar"):
        heading = translation.gettext("Sign-in blocked for now")
    assert heading != "Sign-in blocked for now" and heading in html


def test_password_reset_is_limited_and_refused_to_a_locked_client(client, admin_user):
    statuses = [
        client.post("/admin/password_reset/", {"email": "redaktion@example.org"}, REMOTE_ADDR="198.51.100.13").status_code
        for _ in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    assert len(mail.outbox) == 5

    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"falsch-{n}", REMOTE_ADDR="198.51.100.14")
    locked = client.post("/admin/password_reset/", {"email": "redaktion@example.org"}, REMOTE_ADDR="198.51.100.14")
    assert locked.status_code == 429
    assert len(mail.outbox) == 5
