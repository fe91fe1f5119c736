"""Security headers: a Content-Security-Policy without inline script on the public site, a working
one for the admin, and Referrer-Policy, Permissions-Policy and X-Content-Type-Options everywhere."""

from html.parser import HTMLParser

import pytest
from wagtail.models import Page

from portal.models import ContentPage
from tests.factories import OfferPageFactory, ProviderPageFactory

pytestmark = pytest.mark.django_db


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


class _InlineCode(HTMLParser):
    """Collects everything a strict policy would block: inline scripts, styles, handlers."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            executable = attrs.get("type", "text/javascript") in {"text/javascript", "module", ""}
            if executable and not attrs.get("src"):
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


@pytest.fixture
def public_urls(portal_site):
    provider = ProviderPageFactory(title="Träger mit Angeboten")
    offer = OfferPageFactory(parent=provider, title="Sprachkurs mit Kinderbetreuung")
    content = ContentPage.objects.live().first()
    return [
        "/de/",
        "/ar/",
        "/de/search/?q=Sprachkurs",
        offer.get_url(),
        provider.get_url(),
        content.get_url(),
        "/de/barrier-report/",
        f"/de/offers/{offer.hsds_id}/report/",
        "/api/docs/",
        "/de/gibt-es-nicht/",
    ]


def test_public_pages_allow_no_inline_script_and_no_other_origin(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        directives = _directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'self'"] and directives["frame-ancestors"] == ["'self'"], url
        parser = _InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], f"{url}: {parser.found}"


def test_json_ld_stays_inline_as_data(client, public_urls):
    offer_url = public_urls[3]
    html = client.get(offer_url).content.decode()
    assert '<script type="application/ld+json">' in html


def test_every_response_sends_referrer_permissions_and_nosniff_headers(client, portal_site):
    for url in ["/de/", "/api/hsds/", "/admin/login/", "/robots.txt"]:
        response = client.get(url)
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        permissions = response["Permissions-Policy"]
        assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions


def test_the_admin_has_its_own_policy_that_still_forbids_other_origins(client, portal_site, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("redaktion", "r@example.org", "pw"))
    home = Page.objects.get(depth=2)
    for url in ["/admin/login/", "/admin/", f"/admin/pages/{home.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code in {200, 302}, url
        directives = _directives(response)
        # Wagtail's admin runs inline scripts and styles of its own; nothing from elsewhere.
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"], url
        assert all(source.startswith("'") or source in {"data:", "blob:"} for values in directives.values() for source in values), url


def test_robots_txt_keeps_crawlers_out_of_admin_and_api_and_names_the_sitemap(client, settings):
    settings.PORTAL_BASE_URL = "https://kim.example.org"
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /api/" in lines
    assert "Sitemap: https://kim.example.org/sitemap.xml" in lines
