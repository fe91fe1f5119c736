"""The directory as HSDS 3.1 documents, following open_data/hsds/PROFILE.md.

Call these inside `translation.override(lang)`: every text comes out in the active language
(modeltranslation falls back to German). Empty values are left out rather than sent as null or
"", so a document imported and served again is the document that came in.

They work on saved pages and on unsaved, in-memory ones (the importer compares the document
before and after applying a record to tell "updated" from "unchanged").
"""

from functools import lru_cache
from itertools import groupby

from django.conf import settings
from django.db import connections
from django.db.models import FileField
from django.utils import translation
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, fallbacks_enabled, resolution_order
from modeltranslation.utils import get_language as translated_language

from open_data import ids as keys
from open_data import offer_facts
from open_data.text import plain_text
from services_directory.models import ProviderPage
from services_directory.models.offers import HSDS_DAYS, OfferPage

HSDS_VERSION = "3.1"
CITY = "Köln"
STATE = "Nordrhein-Westfalen"
COUNTRY = "DE"
CURRENCY = "EUR"
APPOINTMENT = "by appointment"
FALLBACK_FIELD = "x-fallback-language"  # a text of the document is German fallback (no translation)

# (offer relation, taxonomy) of the terms linked to a service, in the order they are served.
SERVICE_TERMS = list(OfferPage.TERM_RELATIONS.items())
ACCESSIBILITY = ["step_free_access", "accessible_toilet", "lift", "hearing_loop"]


def compact(document: dict) -> dict:
    """Leave out empty values (None, "", [], {}); keep 0 and False."""
    return {key: value for key, value in document.items() if value not in (None, "", [], {})}


def _number(value):
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def fallback_language(instance, fields):
    """German when one of these texts has no translation in the active language (and so falls
    back to German), else None."""
    language = translation.get_language()
    default = settings.LANGUAGE_CODE
    if not language or language == default:
        return None
    for name in fields:
        if not getattr(instance, f"{name}_{language}", None) and getattr(instance, f"{name}_{default}", None):
            return default
    return None


class Texts:
    """Translated fields in the active language, as modeltranslation's descriptor reads them (the
    language, then its fallbacks, else the field's default), with the language and the order
    looked up once per document rather than on each of the fifty-odd texts a service has."""

    def __init__(self):
        self.language = translated_language()
        self.fallbacks = fallbacks_enabled()

    def __call__(self, instance, name):
        plan = _read_plan(type(instance), name, self.language, self.fallbacks)
        if plan is None:
            return getattr(instance, name)
        columns, undefined, otherwise = plan
        for column in columns:
            value = getattr(instance, column, None)
            if value is not None and value != undefined:
                return value
        return otherwise


_READ_PLANS = {}


def _read_plan(model, name, language, fallbacks):
    """(columns in the order to try, the value that counts as empty, the value when all are
    empty) of a translated field, or None to read it through its attribute. Worked out from
    the model and the settings alone, never from data, so it holds across saves."""
    key = (model, name, language, fallbacks)
    if key not in _READ_PLANS:
        descriptor = getattr(model, name, None)
        field = getattr(descriptor, "field", None)
        plain = not isinstance(descriptor, TranslationFieldDescriptor) or isinstance(field, FileField)
        if plain or (field.has_default() and callable(field.default)):
            _READ_PLANS[key] = None
        else:
            default = field.get_default()
            undefined = default if descriptor.fallback_undefined is NONE else descriptor.fallback_undefined
            order = resolution_order(language, descriptor.fallback_languages) if fallbacks else (language,)
            otherwise = descriptor.fallback_value if fallbacks and descriptor.fallback_value is not NONE else default
            columns = tuple(build_localized_fieldname(field.name, code) for code in order)
            _READ_PLANS[key] = (columns, undefined, otherwise)
    return _READ_PLANS[key]


@lru_cache(maxsize=1024)
def _plain_text(rich: str) -> str:
    """open_data.text.plain_text, kept by the text it was given (it depends on nothing else): an
    import builds each service's document before and after, mostly from the same description."""
    return plain_text(rich)


def _term_sort_key(term):
    return (term.taxonomy.sort_order, term.sort_order, term.code)


# -- vocabulary ---------------------------------------------------------------------------------


def nested_term(term, text=None) -> dict:
    name = (text or Texts())(term, "name")
    return {
        "id": str(term.hsds_id),
        "code": term.code,
        "taxonomy": term.taxonomy.code,
        "name": name,
        "description": name,
    }


def attribute(entity: str, link_id: str, term, id_map, text=None) -> dict:
    nested = nested_term(term, text)
    return {
        "id": id_map.get(keys.attribute_key(entity, link_id, term)),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": "classification",
        "taxonomy_term": nested,
        "taxonomy_term_id": nested["id"],
    }


def valid_until_attribute(entity: str, link_id: str, date, id_map) -> dict:
    return {
        "id": id_map.get(keys.valid_until_key(entity, link_id)),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": "valid-until",
        "label": "valid-until",
        "value": date.isoformat(),
    }


def taxonomy_document(taxonomy) -> dict:
    return {"id": str(taxonomy.hsds_id), "name": taxonomy.code, "description": taxonomy.name}


def taxonomy_term_document(term, language: str) -> dict:
    return compact(
        {
            "id": str(term.hsds_id),
            "code": term.code,
            "name": term.name,
            "description": term.name,
            "parent_id": str(term.parent.hsds_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.code,
            "taxonomy_id": str(term.taxonomy.hsds_id),
            "language": language,
            FALLBACK_FIELD: fallback_language(term, ["name"]),
        }
    )


# -- organizations and programmes -----------------------------------------------------------------


def umbrella_id(provider):
    """The umbrella's hsds_id (None without one): from the umbrella when it is loaded (the API
    selects it with the provider), else its one column in one plain statement (0.03 ms; loading
    the whole provider page costs about 1.5 ms, a query built by the ORM about 0.5 ms). The
    importer's providers are fresh copies per record, so this runs for most of its services."""
    if not provider.umbrella_id:
        return None
    if ProviderPage.umbrella.is_cached(provider):
        return str(provider.umbrella.hsds_id)
    meta = ProviderPage._meta
    field = meta.get_field("hsds_id")
    connection = connections[ProviderPage.objects.db]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field.column)} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s",
            [provider.umbrella_id],
        )
        row = cursor.fetchone()
    if row is None:
        return str(provider.umbrella.hsds_id)  # the descriptor's own error
    return str(field.to_python(row[0]))


def organization_document(provider, id_map, *, umbrella=None, text=None) -> dict:
    """The organization's one-to-one fields (as nested in a service or listed)."""
    text = text or Texts()
    title = text(provider, "title")
    return compact(
        {
            "id": str(provider.hsds_id),
            "name": title,
            "description": text(provider, "short_description") or title,
            "email": provider.email,
            "website": provider.website,
            "parent_organization_id": str(umbrella.hsds_id) if umbrella is not None else umbrella_id(provider),
            FALLBACK_FIELD: fallback_language(provider, ["title", "short_description"]),
        }
    )


def full_organization_document(provider, id_map, services=()) -> dict:
    text = Texts()
    document = organization_document(provider, id_map, text=text)
    org_id = document["id"]
    if provider.phone:
        document["phones"] = [
            {"id": id_map.get(keys.phone_key("organization", org_id)), "organization_id": org_id, "number": provider.phone}
        ]
    contacts = []
    for number, contact in enumerate(provider.contacts.all()):
        contact_id = id_map.get(keys.contact_key("organization", org_id, number))
        contacts.append(
            compact(
                {
                    "id": contact_id,
                    "organization_id": org_id,
                    "title": text(contact, "role"),
                    "email": contact.email,
                    "phones": [
                        {"id": id_map.get(keys.phone_key("contact", contact_id)), "contact_id": contact_id, "number": contact.phone}
                    ]
                    if contact.phone
                    else [],
                }
            )
        )
    if contacts:
        document["contacts"] = contacts
    document["services"] = list(services)
    return document


def program_document(programme, organization_id, id_map, *, valid_until=None, link_for_date="program", text=None) -> dict:
    text = text or Texts()
    program_id = str(programme.hsds_id)
    attributes = []
    if programme.funding_level_id:
        attributes.append(attribute("program", program_id, programme.funding_level, id_map, text))
    if valid_until:
        attributes.append(valid_until_attribute("program", program_id, valid_until, id_map))
    return compact(
        {
            "id": program_id,
            "organization_id": organization_id,
            "name": text(programme, "title"),
            "alternate_name": programme.short_name,
            "description": _plain_text(text(programme, "description")) or text(programme, "title"),
            "attributes": attributes,
        }
    )


# -- places --------------------------------------------------------------------------------------


def address_document(place, id_map) -> dict:
    return {
        "id": id_map.get(keys.address_key(place)),
        "address_1": place.street,
        "city": CITY,
        "state_province": STATE,
        "postal_code": place.postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def location_document(place, id_map, text=None) -> dict:
    text = text or Texts()
    location_id = str(place.hsds_id)
    accessibility = [
        {
            "id": id_map.get(keys.accessibility_key(place, feature)),
            "location_id": location_id,
            "description": str(place._meta.get_field(feature).verbose_name),
            "details": feature,
        }
        for feature in ACCESSIBILITY
        if getattr(place, feature)
    ]
    return compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": text(place, "name"),
            "transportation": text(place, "transport_hint"),
            "latitude": _number(place.latitude),
            "longitude": _number(place.longitude),
            "addresses": [address_document(place, id_map)],
            "accessibility": accessibility,
            "attributes": [attribute("location", location_id, place.district, id_map, text)] if place.district_id else [],
        }
    )


# -- schedules -----------------------------------------------------------------------------------


def schedules(offer, place, id_map, slots, text=None) -> list[dict]:
    """Weekly slots of one place (or of every place when `place` is None), one schedule per
    opening time: Monday and Wednesday 9-13 is one schedule with `byday` "MO,WE"."""

    text = text or Texts()
    notes = {id(slot): text(slot, "note") for slot in slots}

    def group_key(slot):
        return (slot.opens, slot.closes, slot.by_appointment, notes[id(slot)])

    chosen = sorted(slots, key=lambda slot: (slot.opens, slot.closes, slot.by_appointment, notes[id(slot)], slot.weekday))
    result = []
    for (opens, closes, by_appointment, note), group in groupby(chosen, key=group_key):
        days = sorted({slot.weekday for slot in group})
        result.append(
            (
                days[0],
                opens,
                compact(
                    {
                        "id": id_map.get(keys.schedule_key(offer, place, opens, closes, by_appointment)),
                        "freq": "WEEKLY",
                        "byday": ",".join(HSDS_DAYS[day] for day in days),
                        "opens_at": f"{opens:%H:%M}",
                        "closes_at": f"{closes:%H:%M}",
                        "attending_type": APPOINTMENT if by_appointment else None,
                        "description": note,
                    }
                ),
            )
        )
    return [document for _day, _opens, document in sorted(result, key=lambda item: (item[0], item[1]))]


# -- services ------------------------------------------------------------------------------------


def service_description(offer, text=None) -> str:
    text = text or Texts()
    description = _plain_text(text(offer, "description"))
    summary = text(offer, "summary")
    return f"{summary}\n\n{description}" if description else summary


def service_status(offer, place_links) -> str:
    if offer.has_ended():
        return "inactive"
    if place_links and all(link.temporarily_closed for link in place_links):
        return "temporarily closed"
    return "active"


def cost_options(offer, id_map, text=None) -> list[dict]:
    if offer.cost == offer.COST_UNKNOWN:
        return []
    amount = 0 if offer.cost == offer.COST_FREE else _number(offer.fee_amount)
    return [
        compact(
            {
                "id": id_map.get(keys.cost_key(offer)),
                "service_id": str(offer.hsds_id),
                "amount": amount,
                "currency": CURRENCY if amount is not None else None,
                "option": (text or Texts())(offer, "fee_description"),
            }
        )
    ]


def service_terms(offer):
    """The offer's service-level terms in serving order (taxonomy, then vocabulary order)."""
    terms = []
    for relation, _taxonomy in SERVICE_TERMS:
        terms.extend(getattr(offer, relation).all())
    return sorted(terms, key=_term_sort_key)


def service_at_location_document(offer, link, id_map, slots, *, with_service=None, text=None) -> dict:
    text = text or Texts()
    place = link.place
    document = compact(
        {
            "id": id_map.get(keys.sal_key(offer, place)),
            "service_id": str(offer.hsds_id),
            "location_id": str(place.hsds_id),
            "description": text(link, "hours_notes"),
            "schedules": schedules(offer, place, id_map, [slot for slot in slots if slot.place_id == place.pk], text),
            "location": location_document(place, id_map, text),
        }
    )
    if with_service is not None:
        document["service"] = with_service
    return document


def service_document(offer, provider, id_map, *, full=True, programme=None, umbrella=None, last_modified=None) -> dict:
    """One service; `full` nests everything (as /services/{id}), else the list shape.

    `programme` overrides `offer.programme` (the importer passes the one it is about to link);
    `last_modified` (open_data.changes) is given by the API and the export.
    """
    text = Texts()
    service_id = str(offer.hsds_id)
    organization_id = str(provider.hsds_id)
    programme = programme if programme is not None else (offer.programme if offer.programme_id else None)
    place_links = list(offer.places.all())
    verified_by = text(offer, "last_verified_by")
    document = {
        "id": service_id,
        "organization_id": organization_id,
        "program_id": str(programme.hsds_id) if programme else None,
        "name": text(offer, "title"),
        "description": service_description(offer, text),
        "url": offer.booking_url,
        "email": offer.contact_email,
        "status": service_status(offer, place_links),
        "alert": next((text(link, "closed_reason") for link in place_links if link.temporarily_closed), None)
        if place_links and all(link.temporarily_closed for link in place_links)
        else None,
        "application_process": text(offer, "access_notes"),
        "minimum_age": offer.minimum_age,
        "maximum_age": offer.maximum_age,
        "assured_date": offer.last_verified_at.isoformat() if offer.last_verified_at else None,
        "assurer_email": verified_by if "@" in (verified_by or "") else None,
        "last_modified": last_modified,
        "organization": organization_document(provider, id_map, umbrella=umbrella, text=text),
        FALLBACK_FIELD: fallback_language(offer, ["title", "summary", "description"]),
    }
    if programme:
        document["program"] = program_document(programme, organization_id, id_map, valid_until=offer.valid_until, text=text)
    if not full:
        return compact(document)

    slots = list(offer.opening_slots.all())
    attributes = [attribute("service", service_id, term, id_map, text) for term in service_terms(offer)]
    if offer.valid_until and not programme:
        attributes.append(valid_until_attribute("service", service_id, offer.valid_until, id_map))
    contact_name = text(offer, "contact_name")
    what_to_bring = text(offer, "what_to_bring")
    document.update(
        {
            "phones": [{"id": id_map.get(keys.phone_key("service", service_id)), "service_id": service_id, "number": offer.contact_phone}]
            if offer.contact_phone
            else [],
            "contacts": [{"id": id_map.get(keys.contact_key("service", service_id)), "service_id": service_id, "name": contact_name}]
            if contact_name
            else [],
            "schedules": schedules(offer, None, id_map, [slot for slot in slots if slot.place_id is None], text),
            "languages": [
                {"id": id_map.get(keys.language_key(offer, item.code)), "service_id": service_id, "code": item.code}
                for item in offer.languages.all()
            ],
            "cost_options": cost_options(offer, id_map, text),
            "required_documents": [
                {"id": id_map.get(keys.document_key(offer)), "service_id": service_id, "document": what_to_bring}
            ]
            if what_to_bring
            else [],
            "service_at_locations": [service_at_location_document(offer, link, id_map, slots, text=text) for link in place_links],
            "attributes": attributes,
        }
    )
    offer_facts.add_to_service(document, offer)
    return compact(document)
