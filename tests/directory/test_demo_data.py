"""The demo landscape: loads twice without duplicates and covers what the issue asks for.

Loading takes a while, so one test loads it twice and checks everything afterwards.
"""

from io import StringIO

import pytest
from django.utils import timezone
from wagtail.models import Page

from services_directory import demo
from services_directory.models import (
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    Place,
    ProgrammePage,
    ProviderPage,
    Term,
)
from services_directory.models.places import COLOGNE_LATITUDE, COLOGNE_LONGITUDE


def _counts():
    return {
        "pages": Page.objects.count(),
        "providers": ProviderPage.objects.count(),
        "programmes": ProgrammePage.objects.count(),
        "offers": OfferPage.objects.count(),
        "places": Place.objects.count(),
        "offer_places": OfferPlace.objects.count(),
        "slots": OpeningSlot.objects.count(),
        "languages": OfferLanguage.objects.count(),
    }


def _codes(taxonomy):
    return set(Term.objects.filter(taxonomy__code=taxonomy).values_list("code", flat=True))


@pytest.mark.django_db
def test_demo_landscape_loads_twice_and_covers_the_directory(portal_site):
    first = StringIO()
    summary = demo.load(first)
    counts = _counts()
    assert summary.startswith("created ") and "created 0," not in summary
    assert "offers: 50/" in first.getvalue()  # progress

    second = StringIO()
    assert demo.load(second) == f"created 0, updated 0, unchanged {int(summary.split()[1].rstrip(','))}"
    assert "created 0, updated 0" in second.getvalue()
    assert _counts() == counts

    offers = list(OfferPage.objects.prefetch_related("fields_of_action", "target_groups", "residence_statuses"))
    providers = ProviderPage.objects.all()
    today = timezone.localdate()

    # Size, demo marking, live pages with a revision carriers can edit.
    assert providers.count() >= 40 and len(offers) >= 250
    assert all(offer.is_demo for offer in offers) and all(provider.is_demo for provider in providers)
    assert all("Demo" in offer.description_de and "Demo" in offer.description_en for offer in offers)
    for page in [*offers[:20], *providers[:10]]:
        assert page.live and page.latest_revision_id and page.live_revision_id == page.latest_revision_id
    umbrellas = set(providers.filter(kind="umbrella").values_list("title", flat=True))
    assert {"Caritasverband für die Stadt Köln e. V.", "Diakonie Köln und Region", "AWO Kreisverband Köln e. V.",
            "DRK Kreisverband Köln e. V.", "Der Paritätische Köln"} <= umbrellas
    assert providers.filter(umbrella__isnull=False).count() >= 15
    assert providers.filter(title__in=["Jobcenter Köln", "Agentur für Arbeit Köln", "Kommunales Integrationszentrum Köln"]).count() == 3

    # Where: all nine Stadtbezirke, addresses and coordinates inside Cologne.
    districts = {link.place.district.parent.code for link in OfferPlace.objects.select_related("place__district__parent")}
    assert districts == _codes("district") & set(Term.objects.stadtbezirke().values_list("code", flat=True))
    assert len(districts) == 9
    for place in Place.objects.all():
        assert COLOGNE_LATITUDE[0] <= place.latitude <= COLOGNE_LATITUDE[1]
        assert COLOGNE_LONGITUDE[0] <= place.longitude <= COLOGNE_LONGITUDE[1]
        assert 50667 <= int(place.postcode) <= 51149 and place.district.level == "stadtteil"
    assert OfferPlace.objects.filter(temporarily_closed=True).exclude(closed_reason_de="").exists()

    # What and for whom: every field of action and target group, languages, funding levels.
    assert {term.code for offer in offers for term in offer.fields_of_action.all()} == _codes("field-of-action")
    assert {term.code for offer in offers for term in offer.target_groups.all()} == _codes("target-group")
    assert OfferLanguage.objects.values("code").distinct().count() >= 25
    funded = set(OfferPage.objects.exclude(programme=None).values_list("programme__funding_level__code", flat=True))
    assert funded == _codes("funding-level")
    programme_titles = set(ProgrammePage.objects.values_list("title", flat=True))
    assert {"Migrationsberatung für erwachsene Zuwanderer (MBE)", "Jugendmigrationsdienste (JMD)", "Integrationskurse",
            "Durchstarten in Ausbildung und Arbeit", "Gemeinsam klappt's", "KIM Case Management"} <= programme_titles

    # Texts: de and en everywhere, ar/tr/uk for at least a third.
    for offer in offers:
        for lang in ("de", "en"):
            assert getattr(offer, f"title_{lang}") and getattr(offer, f"summary_{lang}") and getattr(offer, f"description_{lang}")
        assert len(offer.summary_de) <= 300
    translated = [offer for offer in offers if offer.summary_ar and offer.summary_tr and offer.summary_uk and offer.title_ar]
    assert len(translated) * 3 >= len(offers)

    # The variety the directory has to show.
    assert any(offer.ends_soon(today) for offer in offers)
    assert any(offer.is_stale(today) for offer in offers)
    assert not any(offer.has_ended(today) for offer in offers)
    assert any(offer.cost == "fee" and offer.fee_description_de for offer in offers)
    assert any(offer.minimum_age for offer in offers) and any(offer.maximum_age for offer in offers)
    assert any(offer.residence_statuses.all() for offer in offers)
    assert any(offer.access_walk_in for offer in offers) and any(offer.access_referral for offer in offers)
    assert any(offer.access_appointment for offer in offers) and any(offer.booking_url for offer in offers)
    assert OpeningSlot.objects.filter(by_appointment=True).exists()
    assert OpeningSlot.objects.filter(by_appointment=False).exists()

    # URLs in both languages follow the translated slugs.
    offer = OfferPage.objects.get(pk=offers[0].pk)
    assert offer.url_path_de.endswith(f"/angebote/{offer.get_parent().specific.slug_de}/{offer.slug_de}/")
    assert offer.url_path_en.endswith(f"/offers/{offer.get_parent().specific.slug_en}/{offer.slug_en}/")
