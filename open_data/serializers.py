"""The directory as HSDS 3.1 documents, following open_data/hsds/PROFILE.md.

Call these inside `translation.override(lang)`: every text comes out in the active language
(modeltranslation falls back to German). Empty values are left out rather than sent as null or
"", so a document imported and served again is the document that came in.

They work on saved pages and on unsaved, in-memory ones (the importer compares the document
before and after applying a record to tell "updated" from "unchanged").
"""

from itertools import groupby

from django.conf import settings
from django.utils import translation

from open_data import ids as keys
from open_data import offer_facts
from open_data.text import plain_text
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


def _term_sort_key(term):
    return (term.taxonomy.sort_order, term.sort_order, term.code)


# -- vocabulary ---------------------------------------------------------------------------------


def nested_term(term) -> dict:
    return {
        "id": str(term.hsds_id),
        "code": term.code,
        "taxonomy": term.taxonomy.code,
        "name": term.name,
        "description": term.name,
    }


def attribute(entity: str, link_id: str, term, id_map) -> dict:
    return {
        "id": id_map.get(keys.attribute_key(entity, link_id, term)),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": "classification",
        "taxonomy_term": nested_term(term),
        "taxonomy_term_id": str(term.hsds_id),
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


def organization_document(provider, id_map, *, umbrella=None) -> dict:
    """The organization's one-to-one fields (as nested in a service or listed)."""
    umbrella = umbrella if umbrella is not None else (provider.umbrella if provider.umbrella_id else None)
    return compact(
        {
            "id": str(provider.hsds_id),
            "name": provider.title,
            "description": provider.short_description or provider.title,
            "email": provider.email,
            "website": provider.website,
            "parent_organization_id": str(umbrella.hsds_id) if umbrella else None,
            FALLBACK_FIELD: fallback_language(provider, ["title", "short_description"]),
        }
    )


def full_organization_document(provider, id_map, services=()) -> dict:
    document = organization_document(provider, id_map)
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
                    "title": contact.role,
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


def program_document(programme, organization_id, id_map, *, valid_until=None, link_for_date="program") -> dict:
    program_id = str(programme.hsds_id)
    attributes = []
    if programme.funding_level_id:
        attributes.append(attribute("program", program_id, programme.funding_level, id_map))
    if valid_until:
        attributes.append(valid_until_attribute("program", program_id, valid_until, id_map))
    return compact(
        {
            "id": program_id,
            "organization_id": organization_id,
            "name": programme.title,
            "alternate_name": programme.short_name,
            "description": plain_text(programme.description) or programme.title,
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


def location_document(place, id_map) -> dict:
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
            "name": place.name,
            "transportation": place.transport_hint,
            "latitude": _number(place.latitude),
            "longitude": _number(place.longitude),
            "addresses": [address_document(place, id_map)],
            "accessibility": accessibility,
            "attributes": [attribute("location", location_id, place.district, id_map)] if place.district_id else [],
        }
    )


# -- schedules -----------------------------------------------------------------------------------


def schedules(offer, place, id_map, slots) -> list[dict]:
    """Weekly slots of one place (or of every place when `place` is None), one schedule per
    opening time: Monday and Wednesday 9-13 is one schedule with `byday` "MO,WE"."""

    def group_key(slot):
        return (slot.opens, slot.closes, slot.by_appointment, slot.note)

    chosen = sorted(slots, key=lambda slot: (slot.opens, slot.closes, slot.by_appointment, slot.note, slot.weekday))
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


def service_description(offer) -> str:
    description = plain_text(offer.description)
    return f"{offer.summary}\n\n{description}" if description else offer.summary


def service_status(offer, place_links) -> str:
    if offer.has_ended():
        return "inactive"
    if place_links and all(link.temporarily_closed for link in place_links):
        return "temporarily closed"
    return "active"


def cost_options(offer, id_map) -> list[dict]:
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
                "option": offer.fee_description,
            }
        )
    ]


def service_terms(offer):
    """The offer's service-level terms in serving order (taxonomy, then vocabulary order)."""
    terms = []
    for relation, _taxonomy in SERVICE_TERMS:
        terms.extend(getattr(offer, relation).all())
    return sorted(terms, key=_term_sort_key)


def service_at_location_document(offer, link, id_map, slots, *, with_service=None) -> dict:
    place = link.place
    document = compact(
        {
            "id": id_map.get(keys.sal_key(offer, place)),
            "service_id": str(offer.hsds_id),
            "location_id": str(place.hsds_id),
            "description": link.hours_notes,
            "schedules": schedules(offer, place, id_map, [slot for slot in slots if slot.place_id == place.pk]),
            "location": location_document(place, id_map),
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
    service_id = str(offer.hsds_id)
    organization_id = str(provider.hsds_id)
    programme = programme if programme is not None else (offer.programme if offer.programme_id else None)
    place_links = list(offer.places.all())
    document = {
        "id": service_id,
        "organization_id": organization_id,
        "program_id": str(programme.hsds_id) if programme else None,
        "name": offer.title,
        "description": service_description(offer),
        "url": offer.booking_url,
        "email": offer.contact_email,
        "status": service_status(offer, place_links),
        "alert": next((link.closed_reason for link in place_links if link.temporarily_closed), None)
        if place_links and all(link.temporarily_closed for link in place_links)
        else None,
        "application_process": offer.access_notes,
        "minimum_age": offer.minimum_age,
        "maximum_age": offer.maximum_age,
        "assured_date": offer.last_verified_at.isoformat() if offer.last_verified_at else None,
        "assurer_email": offer.last_verified_by if "@" in (offer.last_verified_by or "") else None,
        "last_modified": last_modified,
        "organization": organization_document(provider, id_map, umbrella=umbrella),
        FALLBACK_FIELD: fallback_language(offer, ["title", "summary", "description"]),
    }
    if programme:
        document["program"] = program_document(programme, organization_id, id_map, valid_until=offer.valid_until)
    if not full:
        return compact(document)

    slots = list(offer.opening_slots.all())
    attributes = [attribute("service", service_id, term, id_map) for term in service_terms(offer)]
    if offer.valid_until and not programme:
        attributes.append(valid_until_attribute("service", service_id, offer.valid_until, id_map))
    document.update(
        {
            "phones": [{"id": id_map.get(keys.phone_key("service", service_id)), "service_id": service_id, "number": offer.contact_phone}]
            if offer.contact_phone
            else [],
            "contacts": [{"id": id_map.get(keys.contact_key("service", service_id)), "service_id": service_id, "name": offer.contact_name}]
            if offer.contact_name
            else [],
            "schedules": schedules(offer, None, id_map, [slot for slot in slots if slot.place_id is None]),
            "languages": [
                {"id": id_map.get(keys.language_key(offer, item.code)), "service_id": service_id, "code": item.code}
                for item in offer.languages.all()
            ],
            "cost_options": cost_options(offer, id_map),
            "required_documents": [
                {"id": id_map.get(keys.document_key(offer)), "service_id": service_id, "document": offer.what_to_bring}
            ]
            if offer.what_to_bring
            else [],
            "service_at_locations": [service_at_location_document(offer, link, id_map, slots) for link in place_links],
            "attributes": attributes,
        }
    )
    offer_facts.add_to_service(document, offer)
    return compact(document)
