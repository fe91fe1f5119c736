"""The database index follows the content: publish, unpublish, delete, move, label changes."""

import pytest

from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from tests.factories import OfferPageFactory, ProviderPageFactory, term


def titles(text="", **kwargs):
    return [hit.title for hit in DatabaseBackend().search(SearchQuery(text=text, **kwargs)).hits]


@pytest.fixture
def provider(portal_site):
    return ProviderPageFactory(title="Caritasverband Köln")


def test_publish_and_unpublish(provider):
    offer = OfferPageFactory(parent=provider, title="Wohnungssuche für Geflüchtete", fields_of_action=["wohnen"])
    assert titles("Wohnung") == ["Wohnungssuche für Geflüchtete"]
    offer.title = "Wohnungssuche und Mietrecht"
    offer.save_revision().publish()
    assert titles("Mietrecht") == ["Wohnungssuche und Mietrecht"]
    offer.unpublish()
    assert titles("Wohnung") == []


def test_a_draft_is_not_found(provider):
    OfferPageFactory(parent=provider, title="Entwurf Sprachcafé", publish=False)
    assert titles("Sprachcafé") == []


def test_delete(provider):
    offer = OfferPageFactory(parent=provider, title="Sprachcafé am Dienstag")
    assert titles("Sprachcafe") == ["Sprachcafé am Dienstag"]
    offer.delete()
    assert titles("Sprachcafe") == []


def test_move_to_another_provider(provider):
    offer = OfferPageFactory(parent=provider, title="Sprachcafé am Dienstag")
    other = ProviderPageFactory(title="AWO Kreisverband Köln")
    offer.move(other, pos="last-child")
    result = DatabaseBackend().search(SearchQuery(text="Sprachcafé"))
    assert result.hits[0].provider_name == "AWO Kreisverband Köln"
    assert result.hits[0].url == offer.specific.__class__.objects.get(pk=offer.pk).get_url()
    assert [hit.title for hit in DatabaseBackend().search(SearchQuery(text="AWO")).hits] == ["Sprachcafé am Dienstag"]


def test_provider_rename_reaches_its_offers(provider):
    OfferPageFactory(parent=provider, title="Sprachcafé am Dienstag")
    provider.title = "Caritas Nippes"
    provider.save_revision().publish()
    assert titles("Nippes") == ["Sprachcafé am Dienstag"]


def test_vocabulary_label_change(provider):
    OfferPageFactory(parent=provider, title="Sprachcafé am Dienstag", fields_of_action=["teilhabe"])
    label = term("field-of-action", "teilhabe")
    label.name_de = "Begegnung und Freizeit"
    label.save()
    assert titles("Begegnung") == ["Sprachcafé am Dienstag"]
    result = DatabaseBackend().search(SearchQuery())
    assert {o.code: o.label for o in result.facets["field_of_action"]}["teilhabe"] == "Begegnung und Freizeit"


def test_rebuild_command(provider, capsys):
    from django.core.management import call_command

    from search.models import SearchDocument

    OfferPageFactory(parent=provider, title="Sprachcafé am Dienstag")
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "database: indexed 1 offers" in out
    assert titles("Sprachcafe") == ["Sprachcafé am Dienstag"]
