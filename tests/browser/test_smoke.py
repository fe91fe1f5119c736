"""The home page in German and Arabic: language and direction, WCAG 2.1 AA, no third-party requests."""

import pytest

from tests.browser.helpers import check_axe, record_requests, save_screenshots


# transactional_db: the live server runs in another thread and sees only committed rows. The
# flush after each test also removes what the migrations made (Wagtail's root page, locale);
# portal_site's setup_portal creates them again.
@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_home_page_speaks_the_language_of_its_url(
    live_server, transactional_db, portal_site, page, language, direction
):
    requests = record_requests(page)

    response = page.goto(f"{live_server.url}/{language}/", wait_until="networkidle")

    assert response is not None and response.ok, (
        f"/{language}/ answered {response and response.status}"
    )
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    # German may leave dir out (ltr is the default); Arabic must say rtl.
    assert html.get_attribute("dir") == direction
    check_axe(page)
    requests.assert_only_local(live_server.url)
    save_screenshots(page, f"home-{language}")
