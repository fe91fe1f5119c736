"""Bad input gets a clear message on the field and nothing is half-saved: the model rules
(any way in) and the same rules through the Wagtail admin forms editors use."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as translated
from wagtail.models import Revision

from services_directory.models import OfferPage, OfferPlace, OpeningSlot, Place
from services_directory.vocabulary import resolve_terms
from tests.directory.admin_forms import add_inline, form_data
from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory, term

pytestmark = pytest.mark.django_db

# Messages are compared through the catalogue: the model rules speak the active language (German).


def _errors(callable_):
    with pytest.raises(ValidationError) as caught:
        callable_()
    return caught.value.message_dict


# -- the rules on the models (imports, API, any form) --------------------------------------------


def test_maximum_age_below_minimum_age_is_an_error_on_maximum_age(portal_site):
    offer = OfferPageFactory(minimum_age=18, maximum_age=27)
    offer.minimum_age, offer.maximum_age = 30, 18
    errors = _errors(offer.full_clean)
    assert errors["maximum_age"] == [translated("The maximum age cannot be below the minimum age.")]


def test_valid_until_before_valid_from_is_an_error_on_valid_until(portal_site):
    offer = OfferPageFactory()
    offer.valid_from, offer.valid_until = datetime.date(2025, 6, 1), datetime.date(2025, 5, 31)
    assert "valid_until" in _errors(offer.full_clean)


def test_summary_over_300_characters_is_an_error_on_summary(portal_site):
    offer = OfferPageFactory()
    offer.summary = "x" * 301
    errors = _errors(offer.full_clean)
    assert any("300" in message for message in errors["summary_de"] + errors.get("summary", []))


@pytest.mark.parametrize("postcode", ["50666", "51150", "5066a"])
def test_postcode_outside_cologne_is_an_error_on_postcode(portal_site, postcode):
    place = Place(name="Büro", street="Weg 1", postcode=postcode, district=term("district", "kalk-stadtteil"))
    errors = _errors(place.full_clean)
    assert errors["postcode"] == [translated("%(value)s is not a Cologne postcode (50667 to 51149).") % {"value": postcode}]


@pytest.mark.parametrize("postcode", ["50667", "51149"])
def test_cologne_postcodes_at_both_ends_are_accepted(portal_site, postcode):
    Place(name="Büro", street="Weg 1", postcode=postcode, district=term("district", "kalk-stadtteil")).full_clean()


def test_coordinates_outside_cologne_are_errors_on_each_coordinate(portal_site):
    # Berlin
    place = Place(
        name="Büro", street="Weg 1", postcode="50667", district=term("district", "altstadt-nord"),
        latitude=Decimal("52.520008"), longitude=Decimal("13.404954"),
    )
    errors = _errors(place.full_clean)
    assert errors["latitude"] == [translated("This latitude lies outside Cologne.")]
    assert errors["longitude"] == [translated("This longitude lies outside Cologne.")]


def test_unknown_vocabulary_code_names_the_code(portal_site):
    with pytest.raises(ValidationError) as caught:
        resolve_terms("target-group", ["alle", "marsmenschen"])
    assert "marsmenschen" in caught.value.messages[0]
    assert "alle" not in caught.value.messages[0].split(":")[-1]


def test_known_vocabulary_codes_resolve_in_order(portal_site):
    terms = resolve_terms("field-of-action", ["arbeit", "sprache"])
    assert [item.code for item in terms] == ["arbeit", "sprache"]


def test_a_code_of_another_taxonomy_is_unknown(portal_site):
    with pytest.raises(ValidationError, match="arbeit"):
        resolve_terms("target-group", ["arbeit"])


def test_opening_slot_closing_before_it_opens_is_an_error_on_closes(portal_site):
    offer = OfferPageFactory()
    slot = OpeningSlot(offer=offer, weekday=0, opens=datetime.time(14), closes=datetime.time(9))
    assert _errors(lambda: slot.full_clean(exclude=["offer"]))["closes"] == [
        translated("The slot must close after it opens.")
    ]
    equal = OpeningSlot(offer=offer, weekday=0, opens=datetime.time(9), closes=datetime.time(9))
    assert "closes" in _errors(lambda: equal.full_clean(exclude=["offer"]))


# -- the same rules in the Wagtail admin ---------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, portal_site):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def _create_offer(admin_client, provider, changes=None, places=(), slots=()):
    url = f"/admin/pages/add/services_directory/offerpage/{provider.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    data.update(title_de="Neue Sprechstunde", slug_de="neue-sprechstunde", summary_de="Kurz und klar.")
    data.update(changes or {})
    for place in places:
        add_inline(data, "places", {"place": str(place.pk), "hours_notes_de": ""})
    for slot in slots:
        add_inline(data, "opening_slots", slot)
    return admin_client.post(url, data)


def _form_errors(response):
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.context["form"].errors


def test_admin_creates_a_valid_offer(admin_client):
    """The control case: the same helper with good data does save, so the failures below mean something."""
    provider = ProviderPageFactory()
    place = PlaceFactory()
    response = _create_offer(
        admin_client, provider, {"minimum_age": "18", "maximum_age": "27"}, places=[place],
        slots=[{"weekday": "0", "opens": "09:00", "closes": "12:00"}],
    )
    assert response.status_code == 302
    offer = OfferPage.objects.get(title_de="Neue Sprechstunde")
    assert offer.get_parent().pk == provider.pk
    assert offer.opening_slots.get().closes == datetime.time(12)
    assert offer.places.get().place == place


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"minimum_age": "30", "maximum_age": "18"}, "maximum_age", "The maximum age cannot be below the minimum age."),
        ({"valid_from": "2026-03-01", "valid_until": "2026-02-01"}, "valid_until", "“Valid until” cannot be before “valid from”."),
        ({"summary_de": "x" * 301}, "summary_de", "300"),
    ],
    ids=["ages", "validity", "summary"],
)
def test_admin_rejects_bad_offer_fields_on_the_field_and_saves_nothing(admin_client, changes, field, expected):
    provider = ProviderPageFactory()
    revisions = Revision.objects.count()
    with _language("en"):
        response = _create_offer(admin_client, provider, changes, places=[PlaceFactory()])
    errors = _form_errors(response)
    assert translated(expected) in " ".join(errors[field])
    assert not OfferPage.objects.filter(title_de="Neue Sprechstunde").exists()
    assert not OfferPlace.objects.filter(offer__title_de="Neue Sprechstunde").exists()
    assert Revision.objects.count() == revisions


def test_admin_rejects_a_slot_that_closes_before_it_opens(admin_client):
    provider = ProviderPageFactory()
    revisions = Revision.objects.count()
    with _language("en"):
        response = _create_offer(
            admin_client, provider, places=[PlaceFactory()],
            slots=[
                {"weekday": "0", "opens": "09:00", "closes": "12:00"},
                {"weekday": "2", "opens": "16:00", "closes": "10:00"},
            ],
        )
    assert response.status_code == 200
    slot_forms = response.context["form"].formsets["opening_slots"].forms
    assert slot_forms[0].errors == {}
    assert slot_forms[1].errors["closes"] == [translated("The slot must close after it opens.")]
    assert not OfferPage.objects.filter(title_de="Neue Sprechstunde").exists()
    assert not OpeningSlot.objects.exists()
    assert Revision.objects.count() == revisions


def test_admin_rejects_a_term_of_another_taxonomy_or_an_unknown_term(admin_client):
    provider = ProviderPageFactory()
    target_group = term("target-group", "alle")
    response = _create_offer(admin_client, provider, {"fields_of_action": [str(target_group.pk)]})
    assert "fields_of_action" in _form_errors(response)
    response = _create_offer(admin_client, provider, {"target_groups": ["999999"]})
    assert "target_groups" in _form_errors(response)
    assert not OfferPage.objects.filter(title_de="Neue Sprechstunde").exists()


def test_admin_edit_with_bad_ages_leaves_the_page_and_its_revisions_unchanged(admin_client):
    offer = OfferPageFactory(title="Sprachcafé", minimum_age=16, maximum_age=27)
    revisions = offer.revisions.count()
    url = f"/admin/pages/{offer.pk}/edit/"
    data = form_data(admin_client.get(url).content.decode())
    data.update(minimum_age="40", maximum_age="20", summary_de="Geänderte Zusammenfassung")
    response = admin_client.post(url, data)
    assert "maximum_age" in _form_errors(response)
    offer.refresh_from_db()
    assert (offer.minimum_age, offer.maximum_age) == (16, 27)
    assert offer.summary_de != "Geänderte Zusammenfassung"
    assert offer.revisions.count() == revisions
    assert "Geänderte" not in str(offer.get_latest_revision().content)


def _create_place(admin_client, **changes):
    url = "/admin/snippets/services_directory/place/add/"
    data = form_data(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data.update(
        name_de="Bürgerzentrum", street="Venloer Str. 1", postcode="50823",
        district=str(term("district", "ehrenfeld-stadtteil").pk), latitude="50.950000", longitude="6.920000",
    )
    data.update(changes)
    return admin_client.post(url, data)


def test_admin_creates_a_valid_place(admin_client):
    response = _create_place(admin_client)
    assert response.status_code == 302
    assert Place.objects.get(street="Venloer Str. 1").district.code == "ehrenfeld-stadtteil"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"postcode": "53111"}, "postcode"),  # Bonn
        ({"latitude": "48.137154", "longitude": "11.576124"}, "latitude"),  # Munich
        ({"longitude": "7.500000"}, "longitude"),
    ],
    ids=["postcode", "latitude", "longitude"],
)
def test_admin_rejects_a_place_outside_cologne(admin_client, changes, field):
    with _language("en"):
        response = _create_place(admin_client, **changes)
    assert field in _form_errors(response)
    assert not Place.objects.filter(street="Venloer Str. 1").exists()


def _language(code):
    from django.utils import translation

    return translation.override(code)
