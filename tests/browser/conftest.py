"""Browser-test harness: Playwright (sync API) driving the system's Chromium against live_server.

Every test under tests/browser is marked `browser`: `make test` leaves them out, `make
test-browser` runs them. Playwright's own browser downloads are never used (no `playwright
install`): the Debian package's /usr/bin/chromium, or KIM_CHROMIUM, is launched instead, and the
tests are skipped with the reason when it is missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright import sync_api

BROWSER_TESTS = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(config, items):
    # Runs before pytest's own -m filtering, so `-m "not browser"` deselects these.
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_executable():
    """The Chromium binary to drive (KIM_CHROMIUM overrides /usr/bin/chromium), or skip."""
    configured = os.environ.get("KIM_CHROMIUM", DEFAULT_CHROMIUM)
    path = shutil.which(configured)
    if path is None:
        pytest.skip(
            f"Chromium not found at {configured}: install Debian's `chromium` package "
            "(.ci/run does) or set KIM_CHROMIUM to a Chromium binary"
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    # Playwright's sync API runs an asyncio loop in the test thread; without this Django refuses
    # database access from that thread (SynchronousOnlyOperation) in fixtures and tests. Set here,
    # not at import, so that a run which merely collects this folder keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable,
                headless=True,
                args=CHROMIUM_ARGS,
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context (no cookies or storage shared between tests)."""
    context = browser.new_context(viewport=DEFAULT_VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
