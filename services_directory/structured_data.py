"""schema.org JSON-LD for offer pages, so search engines and assistants read the same facts.

The JSON is escaped like Django's `json_script` (<, >, & as \\u escapes), so text written by
carriers can never close the <script type="application/ld+json"> element it is printed in.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

CITY = {"@type": "City", "name": "Köln", "sameAs": "https://www.wikidata.org/wiki/Q365"}

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dump_for_script(data):
    """JSON safe to print inside a <script> element (returned marked safe)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above


def _compact(data):
    """Drop empty values: schema.org consumers treat "" and [] as claims."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _organization(provider, request):
    if provider is None:
        return None
    return _compact(
        {
            "@type": "Organization",
            "name": provider.title,
            "url": provider.website or provider.get_full_url(request),
            "email": provider.email,
            "telephone": provider.phone,
            "identifier": str(provider.hsds_id),
        }
    )


def _area(district):
    stadtbezirk = district.stadtbezirk
    area = {"@type": "AdministrativeArea", "name": district.name, "containedInPlace": CITY}
    if stadtbezirk and stadtbezirk.pk != district.pk:
        area["containedInPlace"] = {
            "@type": "AdministrativeArea",
            "name": stadtbezirk.name,
            "containedInPlace": CITY,
        }
    return area


def _place(place):
    data = {
        "@type": "Place",
        "name": place.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postcode,
            "addressLocality": "Köln",
            "addressCountry": "DE",
        },
    }
    if place.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    facts = [
        ("step_free_access", "Step-free access"),
        ("accessible_toilet", "Accessible toilet"),
        ("lift", "Lift"),
        ("hearing_loop", "Hearing loop"),
    ]
    data["amenityFeature"] = [
        {"@type": "LocationFeatureSpecification", "name": name, "value": bool(getattr(place, attr))}
        for attr, name in facts
    ]
    return data


def _hours(offer, place_links):
    closed = {link.place_id for link in place_links if link.temporarily_closed}
    hours = []
    for slot in offer.opening_slots.all():
        if slot.place_id and slot.place_id in closed:
            continue
        if not slot.place_id and place_links and len(closed) == len(place_links):
            continue
        parts = [gettext("By appointment only")] if slot.by_appointment else []
        if slot.note:
            parts.append(slot.note)
        hours.append(
            _compact(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{slot.schema_org_day}",
                    "opens": slot.opens.strftime("%H:%M"),
                    "closes": slot.closes.strftime("%H:%M"),
                    "description": ". ".join(parts),
                }
            )
        )
    return hours


def offer_json_ld(offer, request=None):
    """The offer as a schema.org `Service`, in the reader's language, as a safe JSON string."""
    language = translation.get_language() or "de"
    place_links = list(offer.place_links())
    districts = []
    for link in place_links:
        if link.place.district_id not in [d.pk for d in districts]:
            districts.append(link.place.district)
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": offer.title,
        "description": offer.summary,
        "url": offer.get_full_url(request),
        "inLanguage": language,
        "identifier": str(offer.hsds_id),
        "provider": _organization(offer.provider, request),
        "areaServed": [_area(district) for district in districts] or [CITY],
        "availableLanguage": [
            {"@type": "Language", "name": item.name(language), "alternateName": item.code}
            for item in offer.languages.all()
        ],
        "hoursAvailable": _hours(offer, place_links),
        "serviceType": [term.name for term in offer.fields_of_action.all()],
        "audience": [
            {"@type": "Audience", "audienceType": term.name} for term in offer.target_groups.all()
        ],
        "isAccessibleForFree": offer.is_free if offer.cost != offer.COST_UNKNOWN else None,
        "availableChannel": [
            _compact(
                {
                    "@type": "ServiceChannel",
                    "serviceLocation": _place(link.place),
                    "serviceUrl": offer.booking_url,
                }
            )
            for link in place_links
            if not link.temporarily_closed
        ],
    }
    if offer.cost == offer.COST_FEE and offer.fee_description:
        data["offers"] = {"@type": "Offer", "description": offer.fee_description}
    if offer.contact_email or offer.contact_phone:
        data["contactPoint"] = _compact(
            {
                "@type": "ContactPoint",
                "name": offer.contact_name,
                "email": offer.contact_email,
                "telephone": offer.contact_phone,
            }
        )
    return dump_for_script(_compact(data))
