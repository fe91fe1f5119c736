"""The HSDS serializers read translated texts and umbrellas their own, cheaper way: the reads
must give exactly what the model's attributes give, or documents would change."""

import pytest
from django.conf import settings
from django.utils import translation
from modeltranslation.utils import fallbacks

from open_data import serializers
from open_data.ids import IdMap
from services_directory.models import OfferPage, OfferPlace, OpeningSlot, Place, ProviderPage, Term
from tests.factories import ProviderPageFactory

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def translated_instances():
    """Unsaved objects whose texts are there, missing, empty or None in various languages."""
    return [
        (OfferPage(title_de="Beratung", title_en="Counselling", summary_de="Kurz", summary_ar="", description_de="",
                   access_notes_en="Call us", last_verified_by_de="Redaktion", contact_name_tr="Ayşe"),
         ["title", "summary", "description", "access_notes", "what_to_bring", "fee_description", "contact_name",
          "last_verified_by"]),
        (ProviderPage(title_de="Verein", short_description_de="", short_description_fa="انجمن"), ["title", "short_description"]),
        (Term(name_de="Wohnen", name_uk="Житло", name_en=None), ["name"]),
        (Place(name_de="Treff", transport_hint_en="Tram 1"), ["name", "transport_hint"]),
        (OfferPlace(hours_notes_ar="مساء", closed_reason_de="Umbau"), ["hours_notes", "closed_reason"]),
        (OpeningSlot(note_de=""), ["note"]),
    ]


@pytest.mark.django_db  # a new page looks up its content type
@pytest.mark.parametrize("with_fallbacks", [True, False])
@pytest.mark.parametrize("language", [*LANGUAGES, "de-at", "xx"])
def test_texts_read_what_the_translated_attribute_reads(language, with_fallbacks):
    with translation.override(language), fallbacks(with_fallbacks):
        text = serializers.Texts()
        for instance, names in translated_instances():
            for name in names:
                assert text(instance, name) == getattr(instance, name), (type(instance).__name__, name)


@pytest.mark.django_db
def test_texts_read_fields_that_are_not_translated_through_their_attribute():
    provider = ProviderPage(email="info@verein.example")
    assert serializers.Texts()(provider, "email") == "info@verein.example"


@pytest.mark.django_db
def test_an_organization_names_its_umbrella_however_the_provider_was_read(portal_site, django_assert_num_queries):
    umbrella = ProviderPageFactory(title="Dachverband", kind="umbrella")
    member = ProviderPageFactory(title="Verein", umbrella=umbrella)
    alone = ProviderPageFactory(title="Allein")
    expected = str(umbrella.hsds_id)

    fresh = ProviderPage.objects.get(pk=member.pk)
    with django_assert_num_queries(1):  # the umbrella's id, not the whole umbrella page
        assert serializers.organization_document(fresh, IdMap(scoped=True))["parent_organization_id"] == expected
    selected = ProviderPage.objects.select_related("umbrella").get(pk=member.pk)
    with django_assert_num_queries(0):
        assert serializers.organization_document(selected, IdMap(scoped=True))["parent_organization_id"] == expected
    assert "parent_organization_id" not in serializers.organization_document(ProviderPage.objects.get(pk=alone.pk), IdMap(scoped=True))
    moved = ProviderPage.objects.get(pk=member.pk)
    serializers.organization_document(moved, IdMap(scoped=True))
    moved.umbrella_id = alone.pk  # a change of umbrella is never answered with the one read before
    assert serializers.organization_document(moved, IdMap(scoped=True))["parent_organization_id"] == str(alone.hsds_id)
