"""setup_portal and load_demo_data prepare a portal and can run again without duplicates."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Site

from portal import demo
from portal.models import ContentPage, HomePage, PortalSettings
from services_directory.models import Term

pytestmark = pytest.mark.django_db


def _counts():
    return Page.objects.count(), Site.objects.count(), Term.objects.count(), PortalSettings.objects.count()


@pytest.mark.django_db(transaction=True)  # setup_portal migrates: not inside a test transaction
def test_setup_portal_twice_creates_everything_once():
    out = StringIO()
    call_command("setup_portal", stdout=out)
    first = _counts()
    assert "Portal ready" in out.getvalue()
    assert "[1/8]" in out.getvalue()
    call_command("setup_portal", stdout=StringIO())
    assert _counts() == first
    assert HomePage.objects.count() == 1
    site = Site.objects.get()
    assert site.is_default_site and site.root_page.specific_class is HomePage
    # Wagtail's "Welcome" placeholder page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()
    assert Term.objects.filter(taxonomy__code="district", level="stadtbezirk").count() == 9
    assert Term.objects.filter(taxonomy__code="district", level="stadtteil").count() == 86
    settings = PortalSettings.for_site(site)
    assert settings.imprint_page and settings.easy_language_page and settings.sign_language_page


def test_editorial_demo_content_loads_twice_without_duplicates(portal_site):
    out = StringIO()
    demo.load(out)
    assert "created 1" in out.getvalue()
    pages = ContentPage.objects.count()
    second = StringIO()
    demo.load(second)
    assert ContentPage.objects.count() == pages
    assert "created 0, updated 0" in second.getvalue()
    home = HomePage.objects.get()
    languages = ("de", "en", "ar", "tr", "uk", "ru", "fa", "ro", "bg", "pl")
    assert all(getattr(home, f"intro_{code}") and getattr(home, f"search_prompt_{code}") for code in languages)
    for slug in ("impressum", "datenschutz", "barrierefreiheit", "ueber-das-portal", "gebaerdensprache"):
        page = ContentPage.objects.get(slug_de=slug)
        assert all(len(getattr(page, f"body_{code}").raw_data) for code in languages), slug
    assert ContentPage.objects.get(slug_de="ueber-das-portal").title_pl == "O tym portalu"


def test_demo_never_overwrites_an_operators_text(portal_site):
    imprint = ContentPage.objects.get(slug_de="impressum")
    imprint.body_de = '[{"type": "paragraph", "value": "<p>Echtes Impressum</p>"}]'
    imprint.save_revision().publish()
    demo.load(StringIO())
    imprint.refresh_from_db()
    assert "Echtes Impressum" in str(imprint.body_de)


def test_setup_portal_repairs_translated_url_paths_and_leaves_right_ones_alone(portal_site):
    """Each language's URL path follows the page's slug in that language, else the German one."""
    parent = portal_site.root_page.add_child(instance=ContentPage(title="Hilfe", slug="hilfe", slug_en="help"))
    child = parent.add_child(instance=ContentPage(title="Wohnen", slug="wohnen", slug_ar="سكن"))
    Page.objects.rewrite(False).filter(pk=child.pk).update(url_path_en="/stale/", url_path_ar="/stale/")

    output = StringIO()
    call_command("setup_portal", skip_migrate=True, stdout=output)
    assert "pages updated 1" in output.getvalue()
    paths = Page.objects.rewrite(False).values("url_path", "url_path_de", "url_path_en", "url_path_ar").get(pk=child.pk)
    assert paths == {
        "url_path": "/start/hilfe/wohnen/", "url_path_de": "/start/hilfe/wohnen/",
        "url_path_en": "/start/help/wohnen/", "url_path_ar": "/start/hilfe/سكن/",
    }
    assert Client().get("/ar/hilfe/%D8%B3%D9%83%D9%86/").status_code == 200  # routing finds it

    call_command("setup_portal", skip_migrate=True, stdout=(output := StringIO()))
    assert "pages updated 0" in output.getvalue()
