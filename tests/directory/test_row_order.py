"""Rows that code assigns to a page (places, opening slots, languages, contacts) keep the order it
gave them: numbered on save and read back by ("sort_order", "pk") on SQLite and PostgreSQL alike."""

import datetime

import pytest

from services_directory.models import (
    OfferLanguage,
    OfferPage,
    OpeningSlot,
    ProviderContact,
    ProviderPage,
)
from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory


@pytest.mark.django_db
def test_rows_assigned_in_code_come_back_in_the_given_order(portal_site):
    first, second, third = PlaceFactory(name="Zollstock"), PlaceFactory(name="Achter"), PlaceFactory(name="Mitte")
    offer = OfferPageFactory(languages=["uk", "de", "ar"], places=[first, second, third])
    offer = OfferPage.objects.get(pk=offer.pk)
    assert [row.code for row in offer.languages.all()] == ["uk", "de", "ar"]
    assert [row.sort_order for row in offer.languages.all()] == [0, 1, 2]
    assert [row.place.name for row in offer.places.all()] == ["Zollstock", "Achter", "Mitte"]

    # Rows assigned again in a new order (as the demo loader and the imports do) and published.
    offer.languages = [OfferLanguage(code=code) for code in ("ar", "tr", "uk")]
    offer.save_revision().publish()
    assert [row.code for row in OfferPage.objects.get(pk=offer.pk).languages.all()] == ["ar", "tr", "uk"]


@pytest.mark.django_db
def test_slots_of_the_same_time_and_contacts_keep_their_order(portal_site):
    nine = datetime.time(9)
    offer = OfferPageFactory(opening_slots=[
        OpeningSlot(weekday=1, opens=nine, closes=datetime.time(12), note="zweiter Ort"),
        OpeningSlot(weekday=1, opens=nine, closes=datetime.time(11), note="erster Ort"),
        OpeningSlot(weekday=0, opens=nine, closes=datetime.time(12), note="Montag"),
    ])
    notes = [slot.note for slot in OfferPage.objects.get(pk=offer.pk).opening_slots.all()]
    assert notes == ["Montag", "zweiter Ort", "erster Ort"]  # by day and time, then as given

    provider = ProviderPageFactory(contacts=[ProviderContact(role="Zentrale"), ProviderContact(role="Beratung")])
    roles = [contact.role for contact in ProviderPage.objects.get(pk=provider.pk).contacts.all()]
    assert roles == ["Zentrale", "Beratung"]
