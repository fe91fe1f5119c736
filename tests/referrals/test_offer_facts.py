"""The facts a referral depends on (issue 14): childcare, part-time, course level, start dates,
free places and the benefits that make a fee-charging offer free. Each is checked where an
editor meets it (model rules, the admin form) and where a case manager does (facets, filters)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as translated

from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from search.service import search
from services_directory.models import OfferPage, OfferStartDate
from tests.directory.admin_forms import add_inline, form_data
from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory

pytestmark = pytest.mark.django_db


def _errors(offer):
    with pytest.raises(ValidationError) as caught:
        offer.full_clean()
    return caught.value.message_dict


# -- model rules ----------------------------------------------------------------------------------


def test_course_level_to_below_from_is_an_error(portal_site):
    offer = OfferPageFactory(fields_of_action=["sprache"])
    offer.course_level_from, offer.course_level_to = "B1", "A2"
    assert _errors(offer)["course_level_to"] == [translated("The highest level cannot be below the lowest level.")]


def test_course_level_to_without_from_is_an_error(portal_site):
    offer = OfferPageFactory(fields_of_action=["sprache"])
    offer.course_level_to = "B1"
    assert "course_level_from" in _errors(offer)


def test_a_course_covers_every_level_between_from_and_to(portal_site):
    offer = OfferPageFactory(fields_of_action=["sprache"], course_level_from="A2", course_level_to="B2")
    assert offer.course_levels() == ["A2", "B1", "B2"]
    single = OfferPageFactory(fields_of_action=["sprache"], course_level_from="C1")
    assert single.course_levels() == ["C1"]


def test_capacity_status_without_a_date_is_dated_today_and_a_future_date_is_refused(portal_site):
    offer = OfferPageFactory()
    offer.capacity_status = OfferPage.CAPACITY_WAITING
    offer.full_clean()
    assert offer.capacity_updated_on == timezone.localdate()
    offer.capacity_updated_on = timezone.localdate() + datetime.timedelta(days=3)
    assert "capacity_updated_on" in _errors(offer)


def test_only_benefit_terms_can_make_an_offer_free(portal_site):
    field = OfferPage._meta.get_field("free_with_benefits")
    choices = {term.taxonomy.code for term in field.remote_field.model.objects.filter(**field.get_limit_choices_to())}
    assert choices == {"benefit"}


# -- the admin form -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, portal_site):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def _create_offer(admin_client, provider, changes, start_dates=()):
    url = f"/admin/pages/add/services_directory/offerpage/{provider.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    data.update(title_de="Deutschkurs mit Kinderbetreuung", slug_de="deutschkurs-kita", summary_de="Kurz und klar.")
    data.update(changes)
    add_inline(data, "places", {"place": str(PlaceFactory().pk), "hours_notes_de": ""})
    for date in start_dates:
        add_inline(data, "start_dates", {"date": date})
    return admin_client.post(url, data)


def _term_ids(taxonomy, *codes):
    from services_directory.models import Term

    return [str(pk) for pk in Term.objects.of(taxonomy).filter(code__in=codes).values_list("pk", flat=True)]


def test_admin_saves_every_referral_fact(admin_client):
    response = _create_offer(
        admin_client, ProviderPageFactory(),
        {
            "fields_of_action": _term_ids("field-of-action", "sprache"),
            "cost": "fee", "fee_description_de": "1,20 € je Stunde",
            "free_with_benefits": _term_ids("benefit", "buergergeld", "asylblg"),
            "childcare": "on", "part_time": "on", "course_level_from": "A1", "course_level_to": "B1",
            "capacity_status": "waiting",
        },
        start_dates=["2030-02-02", "2030-09-01"],
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = OfferPage.objects.get(title_de="Deutschkurs mit Kinderbetreuung")
    assert offer.childcare and offer.part_time
    assert offer.course_levels() == ["A1", "A2", "B1"]
    assert {term.code for term in offer.free_with_benefits.all()} == {"buergergeld", "asylblg"}
    assert [row.date for row in OfferStartDate.objects.filter(offer=offer)] == [
        datetime.date(2030, 2, 2), datetime.date(2030, 9, 1),
    ]
    assert offer.capacity_updated_on == timezone.localdate()  # status set, date left empty: today


def test_admin_refuses_a_course_level_on_an_offer_that_is_no_language_course(admin_client):
    with translation.override("en"):
        response = _create_offer(
            admin_client, ProviderPageFactory(),
            {"fields_of_action": _term_ids("field-of-action", "arbeit"), "course_level_from": "A1"},
        )
        assert response.status_code == 200
        message = translated("A course level belongs to language courses: choose the field of action for language first.")
    assert message in " ".join(response.context["form"].errors["course_level_from"])
    assert not OfferPage.objects.filter(title_de="Deutschkurs mit Kinderbetreuung").exists()


# -- facets and filters -------------------------------------------------------------------------


@pytest.fixture
def referral_offers(portal_site):
    today = timezone.localdate()
    offers = {
        "course": OfferPageFactory(
            title="Integrationskurs mit Kinderbetreuung", fields_of_action=["sprache"], cost="fee",
            fee_description="1,20 € je Stunde", free_with_benefits=["buergergeld", "asylblg"], childcare=True,
            course_level_from="A1", course_level_to="B1", capacity_status="free",
        ),
        "training": OfferPageFactory(
            title="Teilzeitausbildung für Mütter", fields_of_action=["ausbildung"], cost="free", childcare=True,
            part_time=True, rolling_start=True, capacity_status="waiting",
        ),
        "paid": OfferPageFactory(
            title="Abendkurs Deutsch B2", fields_of_action=["sprache"], cost="fee", fee_description="300 €",
            course_level_from="B2",
        ),
    }
    OfferStartDate.objects.create(offer=offers["course"], date=today + datetime.timedelta(days=40))
    OfferStartDate.objects.create(offer=offers["paid"], date=today - datetime.timedelta(days=40))  # past
    DatabaseBackend().rebuild()
    return offers


def _ids(result):
    return {hit.offer_id for hit in result.hits}


def _options(result, facet):
    return {option.code: option for option in result.facets[facet]}


def test_free_for_me_combines_cost_with_the_persons_benefits(referral_offers):
    with_buergergeld = search(SearchQuery(filters={"free_for": ("all", "buergergeld")}))
    assert _ids(with_buergergeld) == {referral_offers["course"].pk, referral_offers["training"].pk}
    without_benefits = search(SearchQuery(filters={"free_for": ("all",)}))
    assert _ids(without_benefits) == {referral_offers["training"].pk}
    labels = {code: option.label for code, option in _options(without_benefits, "free_for").items()}
    assert labels["all"] == "Kostenlos für alle" or labels["all"] == translated("Free for everyone")
    assert _options(without_benefits, "free_for")["buergergeld"].count == 1


def test_childcare_part_time_course_level_start_and_places_filter(referral_offers):
    course, training, paid = (referral_offers[key].pk for key in ("course", "training", "paid"))
    assert _ids(search(SearchQuery(filters={"childcare": ("true",)}))) == {course, training}
    assert _ids(search(SearchQuery(filters={"part_time": ("true",)}))) == {training}
    assert _ids(search(SearchQuery(filters={"course_level": ("A2",)}))) == {course}
    assert _ids(search(SearchQuery(filters={"course_level": ("B2",)}))) == {paid}
    assert _ids(search(SearchQuery(filters={"capacity": ("free", "waiting")}))) == {course, training}
    month = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%Y-%m")
    starts = _options(search(SearchQuery()), "start")
    assert set(starts) == {"rolling", month}  # the past start date is not offered
    assert _ids(search(SearchQuery(filters={"start": ("rolling", month)}))) == {course, training}


def test_the_search_page_and_api_accept_the_new_filters_and_refuse_bad_codes(client, referral_offers):
    response = client.get("/en/search/", {"childcare": "true", "course_level": "A1"})
    assert response.status_code == 200
    assert [item["hit"].offer_id for item in response.context["items"]] == [referral_offers["course"].pk]
    assert client.get("/api/v1/search/", {"free_for": "all,buergergeld"}).json()["count"] == 2
    for params in ({"course_level": "D7"}, {"start": "soon"}, {"free_for": "lottery"}, {"capacity": "maybe"}):
        response = client.get("/api/v1/search/", params)
        assert response.status_code == 400 and response.json()["parameter"] == next(iter(params))
