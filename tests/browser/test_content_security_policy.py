"""Pages still work under the Content-Security-Policy: no violation in Chromium on public pages
(with the search page's script) nor in Wagtail's admin (login, dashboard, page editor)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Redaktion-Passwort-2027"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording every CSP violation (events and console reports)."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)

    def violations():
        return page.evaluate("() => window.__cspViolations || []") + console

    page.csp_violations = violations
    return page


def _visit(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    assert "content-security-policy" in response.headers  # Playwright lowercases header names
    return response


def test_public_pages_and_search_script_run_without_violations(live_server, portal_site, watched):
    from tests.factories import OfferPageFactory, ProviderPageFactory

    provider = ProviderPageFactory(title="Träger im Browser")
    offer = OfferPageFactory(parent=provider, title="Deutschkurs im Browser", fields_of_action=["sprache"])

    for path in ["/de/", "/ar/", offer.get_url(), "/de/barrier-report/"]:
        _visit(watched, live_server.url + path)
        assert watched.csp_violations() == [], path

    _visit(watched, f"{live_server.url}/de/search/?q=Deutschkurs")
    # search.js (a static file) updates the results in place when a filter changes.
    checkbox = watched.locator("[data-search-form] input[type='checkbox']").first
    checkbox.check()
    watched.wait_for_function("() => new URL(location.href).searchParams.toString().includes('=')")
    watched.wait_for_load_state("networkidle")
    assert watched.csp_violations() == []


def test_wagtail_admin_works_under_its_policy(live_server, portal_site, django_user_model, watched):
    from portal.models import ContentPage

    django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)
    content = ContentPage.objects.live().first()

    _visit(watched, f"{live_server.url}/admin/login/")
    watched.fill("input[name='username']", "redaktion")
    watched.fill("input[name='password']", PASSWORD)
    watched.locator("form button[type='submit']").first.click()
    watched.wait_for_url(f"{live_server.url}/admin/")
    watched.wait_for_load_state("networkidle")
    assert watched.csp_violations() == []

    _visit(watched, f"{live_server.url}/admin/pages/{content.pk}/edit/")
    # The editor's scripts ran: Wagtail's Stimulus controllers connected and the tabs respond.
    watched.wait_for_selector("[data-controller~='w-tabs']")
    assert watched.evaluate("() => typeof window.Stimulus !== 'undefined' || !!document.querySelector('[data-w-tabs-target]')")
    assert watched.csp_violations() == []

    _visit(watched, f"{live_server.url}/admin/images/")
    assert watched.csp_violations() == []
