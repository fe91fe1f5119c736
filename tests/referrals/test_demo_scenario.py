"""The demo landscape carries the facts referrals depend on, and the issue's client finds what she
needs: a 24-year-old Romanian single mother in Chorweiler gets job training with childcare near
Chorweiler and social-benefits counselling in Romanian or German."""

import pytest

from services_directory.models import OfferPage
from tests.steering.conftest import demo  # noqa: F401  (the demo landscape, loaded once per module)

pytestmark = pytest.mark.django_db

CLIENT = {
    "age": "24", "residence_status": ["eu-buergerschaft"], "benefit": ["buergergeld"], "speaks": ["ro", "de"],
    "near": "chorweiler-stadtteil", "needs": ["ausbildung", "existenzsicherung"], "single_parent": "on",
    "childcare_needed": "on",
}


def _share(offers, test):
    return sum(1 for offer in offers if test(offer)) / len(offers)


def test_a_realistic_share_of_demo_offers_states_the_referral_facts(demo):  # noqa: F811
    offers = list(OfferPage.objects.prefetch_related("free_with_benefits", "start_dates"))
    shares = {
        "childcare": _share(offers, lambda offer: offer.childcare),
        "part_time": _share(offers, lambda offer: offer.part_time),
        "course level": _share(offers, lambda offer: offer.course_level_from),
        "start dates": _share(offers, lambda offer: offer.upcoming_start_dates()),
        "rolling start": _share(offers, lambda offer: offer.rolling_start),
        "places": _share(offers, lambda offer: offer.capacity_status),
        "free with a benefit": _share(offers, lambda offer: offer.free_with_benefits.all()),
    }
    for name, share in shares.items():
        assert 0.02 <= share <= 0.5, f"{name}: {share:.0%} of the demo offers"
    statuses = {offer.capacity_status for offer in offers}
    assert {"free", "waiting", "full"} <= statuses
    assert all(offer.capacity_updated_on for offer in offers if offer.capacity_status)
    courses = [offer for offer in offers if offer.course_level_from]
    assert all(offer.fields_of_action.filter(code="sprache").exists() for offer in courses[:10])
    # The integration course is not free, but free with Bürgergeld (what "free" used to hide).
    waived = [offer for offer in offers if offer.cost == OfferPage.COST_FEE and offer.free_with_benefits.all()]
    assert any({"buergergeld", "asylblg"} <= {term.code for term in offer.free_with_benefits.all()} for offer in waived)


def test_the_client_finds_training_with_childcare_and_benefits_counselling_near_chorweiler(client, demo):  # noqa: F811
    response = client.post("/de/search/client/", CLIENT)
    assert response.status_code == 200
    items = response.context["items"]
    top = items[:10]

    def codes(item):
        return {reason["code"] for reason in item["reasons"]}

    training = [item for item in top if {"childcare", "near", "need"} <= codes(item) and "no_childcare" not in codes(item)]
    assert training, [(item["hit"].title, codes(item)) for item in top]
    offer = OfferPage.objects.get(pk=training[0]["hit"].offer_id)
    assert offer.childcare and offer.fields_of_action.filter(code="ausbildung").exists()
    assert offer.admits_age(24)

    counselling = [
        OfferPage.objects.get(pk=item["hit"].offer_id) for item in items[:20] if "near" in codes(item)
    ]
    counselling = [
        offer for offer in counselling
        if offer.fields_of_action.filter(code="existenzsicherung").exists()
        and offer.languages.filter(code__in=["ro", "de"]).exists()
    ]
    assert counselling
    assert any(reason["code"] == "language" for item in top for reason in item["reasons"])
