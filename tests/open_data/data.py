"""A small directory with every field the HSDS mapping knows (beyond the kim-examples)."""

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.utils import translation

from services_directory.models import (
    DirectoryIndexPage,
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    Place,
    ProgrammePage,
    ProviderContact,
    ProviderPage,
    Term,
)


def term(taxonomy, code):
    return Term.objects.get(taxonomy__code=taxonomy, code=code)


def _publish(parent, page):
    with translation.override("de"):
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_directory():
    index = DirectoryIndexPage.objects.get()
    umbrella = _publish(
        index,
        ProviderPage(title="Dachverband Köln", title_de="Dachverband Köln", title_en="Umbrella Cologne",
                     slug="dachverband", slug_de="dachverband", slug_en="umbrella", kind="umbrella"),
    )
    provider = ProviderPage(
        title="Verein Brücke", title_de="Verein Brücke", title_en="Bridge association", slug="bruecke",
        slug_de="bruecke", slug_en="bridge", short_description_de="Ein Verein in Kalk.",
        short_description_en="An association in Kalk.", umbrella=umbrella, email="info@bruecke.example",
        website="https://bruecke.example", phone="0221 123456",
    )
    provider.contacts = [ProviderContact(role_de="Geschäftsführung", role_en="Management", role="Geschäftsführung",
                                         email="gf@bruecke.example", phone="0221 1")]
    _publish(index, provider)
    programme = _publish(
        index,
        ProgrammePage(title="Jugendmigrationsdienste", title_de="Jugendmigrationsdienste", slug="jmd", slug_de="jmd",
                      slug_en="jmd", short_name="JMD", funding_level=term("funding-level", "bund"),
                      description_de="<p>Beratung für junge Menschen.</p>"),
    )
    place = Place.objects.create(
        name_de="Bürgerhaus Kalk", name_en="Kalk community centre", street="Kalk-Mülheimer Str. 58",
        postcode="51103", district=term("district", "humboldt-gremberg"),
        latitude=Decimal("50.9390"), longitude=Decimal("6.9990"), step_free_access=True, lift=True,
        transport_hint_de="Linie 1, Kalk Post", provider=provider,
    )
    offer = OfferPage(
        title="Jugendberatung", title_de="Jugendberatung", title_en="Youth counselling", slug="jugendberatung",
        slug_de="jugendberatung", slug_en="youth-counselling",
        summary_de="Beratung für junge Menschen von 12 bis 27.", summary_en="Counselling for young people aged 12 to 27.",
        description_de="<p>Wir helfen bei <b>Schule</b> und Ausbildung.</p><ul><li>Bewerbungen</li><li>Anerkennung</li></ul>",
        access_notes_de="Bitte vorher anrufen.", what_to_bring_de="Ausweis", contact_name_de="Team JMD",
        contact_email="jmd@bruecke.example", contact_phone="0221 999", booking_url="https://bruecke.example/termin",
        minimum_age=12, maximum_age=27, cost=OfferPage.COST_FEE, fee_description_de="5 Euro pro Termin",
        fee_amount=Decimal("5.00"), programme=programme, valid_until=datetime.date(2030, 12, 31),
        last_verified_at=datetime.date(2026, 1, 15), last_verified_by="redaktion@kim.example",
    )
    offer.fields_of_action.set([term("field-of-action", "bildung"), term("field-of-action", "sprache")])
    offer.target_groups.set([term("target-group", "jugendliche")])
    offer.delivery_forms.set([term("delivery", "vor-ort")])
    offer.places = [OfferPlace(place=place, hours_notes_de="In den Ferien geschlossen.")]
    offer.opening_slots = [
        OpeningSlot(place=place, weekday=0, opens=datetime.time(9), closes=datetime.time(12)),
        OpeningSlot(place=place, weekday=3, opens=datetime.time(9), closes=datetime.time(12)),
        OpeningSlot(place=place, weekday=2, opens=datetime.time(14), closes=datetime.time(17), by_appointment=True),
        OpeningSlot(place=None, weekday=4, opens=datetime.time(10), closes=datetime.time(11), note_de="Telefonsprechstunde"),
    ]
    offer.languages = [OfferLanguage(code="de"), OfferLanguage(code="tr"), OfferLanguage(code="uk")]
    _publish(provider, offer)
    free = OfferPage(
        title="Sprachcafé", title_de="Sprachcafé", slug="sprachcafe", slug_de="sprachcafe", slug_en="language-cafe",
        summary_de="Deutsch sprechen üben.", cost=OfferPage.COST_UNKNOWN,
    )
    free.places = [OfferPlace(place=place, temporarily_closed=True, closed_reason_de="Renovierung", closed_reason="Renovierung")]
    _publish(provider, free)
    draft = OfferPage(title="Entwurf", title_de="Entwurf", slug="entwurf", slug_de="entwurf", summary_de="Noch nicht fertig.")
    with translation.override("de"):
        provider.add_child(instance=draft)
    draft.unpublish() if draft.live else None
    call_command("set_translation_url_paths", verbosity=0)
    return {"provider": provider, "umbrella": umbrella, "programme": programme, "place": place, "offer": offer,
            "free": free, "draft": draft}
