"""A carrier editor logs in, edits an offer and submits it for KIM review; the public
"report a problem" form passes axe (WCAG 2.1 AA) in German and Arabic."""

import pytest
from django.utils import translation

from tests.browser.helpers import check_axe, record_requests, save_screenshots

# The live server reads committed data, so these tests commit (and the database is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Traeger-Passwort-2027"


@pytest.fixture
def carrier(portal_site):
    from carriers.onboarding import add_provider_editor
    from carriers.roles import ensure_roles
    from tests.factories import OfferPageFactory, ProviderPageFactory

    translation.activate("de")
    ensure_roles()
    provider = ProviderPageFactory(title="Interkultureller Verein Kalk")
    offer = OfferPageFactory(parent=provider, title="Sprachcafé Kalk", summary="Deutsch üben bei Kaffee.")
    editor = add_provider_editor(provider, "kalk", "kalk@verein.example").user
    editor.set_password(PASSWORD)
    editor.save()
    return offer


def test_carrier_edits_an_offer_and_submits_it_for_review(live_server, carrier, page):
    from wagtail.models import WorkflowState

    from services_directory.models import OfferPage

    page.goto(f"{live_server.url}/admin/login/", wait_until="domcontentloaded")
    page.fill("input[name='username']", "kalk")
    page.fill("input[name='password']", PASSWORD)
    page.locator("form button[type='submit']").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{carrier.pk}/edit/", wait_until="domcontentloaded")
    summary = page.locator("#id_summary_de")
    summary.fill("Deutsch üben bei Kaffee und Kuchen, jeden Dienstag.")
    submit = page.locator("button[name='action-submit']")
    if not submit.is_visible():
        page.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").last.click()
    submit.click()
    page.wait_for_load_state("domcontentloaded")
    save_screenshots(page, "carrier-submitted")

    offer = OfferPage.objects.get(pk=carrier.pk)
    state = WorkflowState.objects.get(object_id=str(offer.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by.username == "kalk"
    assert offer.summary == "Deutsch üben bei Kaffee."  # live text unchanged until the review
    assert offer.get_latest_revision_as_object().summary == "Deutsch üben bei Kaffee und Kuchen, jeden Dienstag."


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_report_form_is_accessible(live_server, carrier, page, language, direction):
    requests = record_requests(page)
    url = f"{live_server.url}/{language}/offers/{carrier.hsds_id}/report/"
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    check_axe(page)
    # After a failed submission (errors shown) it must still pass.
    page.locator("main form.form button[type='submit']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".form__error").count() >= 1
    check_axe(page)
    requests.assert_only_local(live_server.url)
    save_screenshots(page, f"carrier-report-form-{language}")
