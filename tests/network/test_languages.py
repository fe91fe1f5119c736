"""The network's page types in the nine other languages: no German interface text outside content
marked as German fallback (lang="de"), and German-only content is marked wherever it shows."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Page

from network.models import CommitteeMember, NetworkPage
from tests.factories import (
    CommitteePageFactory,
    EventPageFactory,
    NewsPageFactory,
    ProviderPageFactory,
)
from tests.portal.test_no_german_leftovers import LANGUAGES, VisibleText, german_ui_strings

pytestmark = pytest.mark.django_db

GERMAN_ONLY = ["Arbeitskreis Wohnen in Kalk", "Austausch der Wohnungslotsen", "Offene Sprechstunde am Samstag", "Fachdienst Wohnen und Leben"]


def _url(page, language):
    with translation.override(language):
        return Page.objects.get(pk=page.pk).specific.get_url()


def test_network_pages_show_no_unmarked_german_in_any_language(portal_site):
    provider = ProviderPageFactory(title="Wohnhilfe Köln-Kalk")
    committee = CommitteePageFactory(
        title="Arbeitskreis Wohnen in Kalk", summary="Austausch der Wohnungslotsen",
        members=[CommitteeMember(provider=provider, role="chair", contact_function="Fachdienst Wohnen und Leben")],
    )
    news = NewsPageFactory(parent=provider, title="Offene Sprechstunde am Samstag", fields_of_action=["wohnen"])
    event = EventPageFactory(title="Austausch der Wohnungslotsen", committee=committee,
                             start=timezone.now() + datetime.timedelta(days=3), languages=["de", "ar"])
    pages = [NetworkPage.objects.get(), committee, Page.objects.get(slug_de="aktuelles"), news, Page.objects.get(slug_de="termine"), event]
    client = Client()
    leftovers, unmarked = [], []
    for language in LANGUAGES:
        pieces = german_ui_strings(language)
        for page in pages:
            url = _url(page, language)
            response = client.get(url)
            assert response.status_code == 200, url
            text = VisibleText.of(response.content.decode())
            leftovers += [f"{url}: {piece!r}" for piece in sorted(pieces) if piece in text]
            unmarked += [f"{url}: {piece!r}" for piece in GERMAN_ONLY if piece in text]
    assert not leftovers, "German interface text:\n" + "\n".join(leftovers)
    assert not unmarked, "German content without lang=de:\n" + "\n".join(unmarked)
