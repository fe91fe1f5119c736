"""The browser's first request for /favicon.ico finds an icon, and every page links it."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image


@pytest.mark.django_db
def test_favicon_ico_leads_to_a_real_icon_and_pages_link_it(client, portal_site):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("/portal/img/favicon.ico")
    with Image.open(finders.find("portal/img/favicon.ico")) as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]

    page = client.get("/de/").content.decode()
    assert '<link rel="icon" href="/static/portal/img/favicon.ico" sizes="32x32">' in page
    assert '<link rel="icon" href="/static/portal/img/favicon.svg" type="image/svg+xml">' in page
    assert "<svg" in open(finders.find("portal/img/favicon.svg"), encoding="utf-8").read()
