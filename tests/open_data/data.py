"""A small directory with every field the HSDS mapping knows (beyond the kim-examples), built
with tests/factories.py."""

import datetime
from decimal import Decimal

from django.core.management import call_command

from services_directory.models import (
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    ProviderContact,
)
from tests.factories import (
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
)


def make_directory():
    umbrella = ProviderPageFactory(
        title="Dachverband Köln", title_en="Umbrella Cologne", slug="dachverband", slug_en="umbrella", kind="umbrella",
        short_description="", email="", phone="",
    )
    provider = ProviderPageFactory(
        title="Verein Brücke", title_en="Bridge association", slug="bruecke", slug_en="bridge",
        short_description="Ein Verein in Kalk.", short_description_en="An association in Kalk.", umbrella=umbrella,
        email="info@bruecke.example", website="https://bruecke.example", phone="0221 123456",
        contacts=[ProviderContact(role_de="Geschäftsführung", role_en="Management", role="Geschäftsführung",
                                  email="gf@bruecke.example", phone="0221 1")],
    )
    programme = ProgrammePageFactory(
        title="Jugendmigrationsdienste", slug="jmd", slug_en="jmd", short_name="JMD", funding_level="bund",
        description="<p>Beratung für junge Menschen.</p>", funder="",
    )
    place = PlaceFactory(
        name="Bürgerhaus Kalk", name_en="Kalk community centre", street="Kalk-Mülheimer Str. 58",
        postcode="51103", district="humboldt-gremberg",
        latitude=Decimal("50.9390"), longitude=Decimal("6.9990"), step_free_access=True, lift=True,
        transport_hint="Linie 1, Kalk Post", provider=provider,
    )
    offer = OfferPageFactory(
        parent=provider, title="Jugendberatung", title_en="Youth counselling", slug="jugendberatung",
        slug_en="youth-counselling",
        summary="Beratung für junge Menschen von 12 bis 27.", summary_en="Counselling for young people aged 12 to 27.",
        description="<p>Wir helfen bei <b>Schule</b> und Ausbildung.</p><ul><li>Bewerbungen</li><li>Anerkennung</li></ul>",
        access_walk_in=False, access_notes="Bitte vorher anrufen.", what_to_bring="Ausweis", contact_name="Team JMD",
        contact_email="jmd@bruecke.example", contact_phone="0221 999", booking_url="https://bruecke.example/termin",
        minimum_age=12, maximum_age=27, cost=OfferPage.COST_FEE, fee_description="5 Euro pro Termin",
        fee_amount=Decimal("5.00"), programme=programme, valid_until=datetime.date(2030, 12, 31),
        last_verified_at=datetime.date(2026, 1, 15), last_verified_by="redaktion@kim.example",
        fields_of_action=["bildung", "sprache"], target_groups=["jugendliche"], delivery_forms=["vor-ort"],
        places=[OfferPlace(place=place, hours_notes="In den Ferien geschlossen.")],
        opening_slots=[
            OpeningSlot(place=place, weekday=0, opens=datetime.time(9), closes=datetime.time(12)),
            OpeningSlot(place=place, weekday=3, opens=datetime.time(9), closes=datetime.time(12)),
            OpeningSlot(place=place, weekday=2, opens=datetime.time(14), closes=datetime.time(17), by_appointment=True),
            OpeningSlot(place=None, weekday=4, opens=datetime.time(10), closes=datetime.time(11), note="Telefonsprechstunde"),
        ],
        languages=[OfferLanguage(code="de"), OfferLanguage(code="tr"), OfferLanguage(code="uk")],
    )
    free = OfferPageFactory(
        parent=provider, title="Sprachcafé", slug="sprachcafe", slug_en="language-cafe",
        summary="Deutsch sprechen üben.", description="", cost=OfferPage.COST_UNKNOWN, access_walk_in=False,
        contact_name="", contact_email="", last_verified_at=None, last_verified_by="", languages=[],
        places=[OfferPlace(place=place, temporarily_closed=True, closed_reason="Renovierung")],
    )
    draft = OfferPageFactory(
        parent=provider, title="Entwurf", slug="entwurf", summary="Noch nicht fertig.", places=[], publish=False,
    )
    call_command("set_translation_url_paths", verbosity=0)
    return {"provider": provider, "umbrella": umbrella, "programme": programme, "place": place, "offer": offer,
            "free": free, "draft": draft}
