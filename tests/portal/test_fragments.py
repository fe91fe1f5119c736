"""Cached fragments (navigation, legal links; portal/fragments.py): served from memory, and a
publish or settings change shows on the very next page, in the reader's language."""

import pytest
from django.test import Client

from portal.models import ContentPage, PortalSettings
from services_directory.models import Term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache")]


def html(url):
    return Client().get(url).content.decode()


def test_a_renamed_menu_page_shows_in_the_cached_navigation_at_once(portal_site, committed):
    home = portal_site.root_page
    with committed():
        page = home.add_child(instance=ContentPage(title="Über uns", slug="ueber-uns", show_in_menus=True))
        page.save_revision().publish()
    assert html("/de/").count("Über uns") == 2  # bar and phone menu
    assert "Über uns" in html("/de/")  # a hit of the cached fragments

    page.title = page.title_de = "Wer wir sind"
    with committed():
        page.save_revision().publish()
    text = html("/de/")
    assert "Über uns" not in text and text.count("Wer wir sind") == 2


def test_the_cached_navigation_marks_the_current_page(portal_site, committed):
    with committed():
        page = portal_site.root_page.add_child(instance=ContentPage(title="Über uns", slug="ueber-uns", show_in_menus=True))
        page.save_revision().publish()
    html("/de/")  # the home page's navigation is cached first
    text = html(page.get_url())
    assert 'href="/de/ueber-uns/" aria-current="page"' in text
    assert 'href="/de/ueber-uns/" aria-current="page"' not in html("/de/")


def test_a_legal_page_removed_in_the_settings_leaves_the_cached_footer_at_once(portal_site, committed):
    assert ">Datenschutz</a>" in html("/de/")
    assert ">Privacy policy</a>" in html("/en/")  # each language has its own fragment
    settings = PortalSettings.for_site(portal_site)
    settings.privacy_page = None
    with committed():
        settings.save()
    assert ">Datenschutz</a>" not in html("/de/")
    assert ">Privacy policy</a>" not in html("/en/")


def test_a_renamed_vocabulary_label_shows_on_the_search_page_at_once(portal_site, committed):
    """The search page keeps the vocabulary in memory per content generation (search/views.py)."""
    term = Term.objects.get(taxonomy__code="residence-status", code="duldung")
    assert f">{term.name_de}</label>" in html("/de/search/")
    term.name = term.name_de = "Duldung (Aussetzung der Abschiebung)"
    with committed():
        term.save()
    assert ">Duldung (Aussetzung der Abschiebung)</label>" in html("/de/search/")
