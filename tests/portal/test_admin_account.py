"""Admin account paths: logging out really logs out; the translation copy endpoint answers bad
requests with 4xx instead of 500 and is CSRF-protected and limited to the page's editors."""

import json

import pytest
from django.test import Client
from wagtail.models import Page

from portal.models import ContentPage

pytestmark = pytest.mark.django_db

PASSWORD = "ein-gutes-Passwort-2026"


@pytest.fixture
def admin_user(portal_site, django_user_model):
    return django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)


def _logged_in(client):
    return client.get("/admin/").status_code == 200


def test_get_logout_does_not_pretend_and_post_ends_the_session_on_the_server(client, admin_user):
    assert client.post("/admin/login/", {"username": "redaktion", "password": PASSWORD}).status_code == 302
    session_cookie = client.cookies["sessionid"].value

    # Before: GET answered 405 yet deleted the cookie and said "logged out"; the session stayed valid.
    confirm = client.get("/admin/logout/")
    assert confirm.cookies.get("sessionid") is None, "GET must not drop the cookie of a session it keeps"
    assert confirm.status_code == 405 and confirm["Allow"] == "POST"
    assert 'method="post"' in confirm.content.decode()
    assert _logged_in(client)

    assert client.post("/admin/logout/").status_code == 302
    assert not _logged_in(client)
    # A copy of the old cookie is worthless now.
    stolen = Client()
    stolen.cookies["sessionid"] = session_cookie
    assert not _logged_in(stolen)


@pytest.fixture
def content_page(portal_site):
    return ContentPage.objects.live().first()


def _copy_url(page_id):
    return f"/admin/pages/{page_id}/edit/copy_translation_content/"


def _copy_data(origin="body_en", target="body_de"):
    serialized = [{"name": f"{origin}-count", "value": "0"}]
    return {"origin_field_name": origin, "target_field_name": target, "serializedOriginField": json.dumps(serialized)}


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def test_translation_copy_endpoint_answers_bad_requests_without_a_500(client, admin_user, content_page):
    client.force_login(admin_user)
    url = _copy_url(content_page.pk)

    # Before: every one of these was a 500.
    assert client.get(url).status_code == 405
    assert client.post(_copy_url(999999), _copy_data(), **XHR).status_code == 400
    assert client.post(url, _copy_data()).status_code == 400  # not from the editor's script
    wrong_field = client.post(url, _copy_data(target="title_de"), **XHR)
    assert wrong_field.status_code == 400 and "target_field_name" in wrong_field.json()["error"]
    bad_json = client.post(url, {**_copy_data(), "serializedOriginField": "{kaputt"}, **XHR)
    assert bad_json.status_code == 400

    works = client.post(url, _copy_data(), **XHR)
    assert works.status_code == 200
    assert "body_de" in works.json()


def test_translation_copy_endpoint_checks_csrf(admin_user, content_page):
    # Before: csrf_exempt, so another site could make an editor's browser call it.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    response = browser.post(_copy_url(content_page.pk), _copy_data(), **XHR)
    assert response.status_code == 403


def test_translation_copy_endpoint_is_only_for_the_pages_editors(client, content_page, django_user_model):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Nur Admin-Zugang")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider = django_user_model.objects.create_user("aussen", "aussen@example.org", PASSWORD)
    outsider.groups.add(group)
    client.force_login(outsider)

    response = client.post(_copy_url(content_page.pk), _copy_data(), **XHR)

    assert response.status_code == 403
    assert Page.objects.filter(pk=content_page.pk).exists()
