"""The facts referrals depend on (issue 14) in HSDS 3.1, where HSDS has a place for them
(open_data/hsds/PROFILE.md, "Referral facts"):

- free places: one `service_capacity` (unit "places"; `available` 1 = places free, 0 = waiting
  list or full, told apart by `description`; `updated` = the day the status was set);
- fee waivers: besides the price, one `cost_option` per benefit whose holders take part free,
  with that `benefit` term as its attribute (no `amount`, so a reader that only sums amounts
  never takes the offer for free);
- who it is for: `eligibility_description`, a sentence in the document's language;
- next start dates: one dated `schedule` each (`dtstart`, `count` 1, no opening times).

Childcare, part-time and course levels have no place in HSDS and are not exported.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from open_data import ids as keys
from services_directory.models.offers import OfferStartDate

PLACES_UNIT = {"id": keys.derived_id("unit:places"), "name": "places", "scheme": "kim", "identifier": "places"}
WAITING = "waiting list"
FULL = "full"
START_DESCRIPTION = "start"


def _attribute(entity, link_id, term):
    return {
        "id": keys.derived_id(f"attribute:{entity}:{link_id}:{term.taxonomy.code}:{term.code}"),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": "classification",
        "taxonomy_term": {
            "id": str(term.hsds_id), "code": term.code, "taxonomy": term.taxonomy.code, "name": term.name, "description": term.name,
        },
        "taxonomy_term_id": str(term.hsds_id),
    }


def capacities(offer) -> list[dict]:
    if not offer.capacity_status:
        return []
    service_id = str(offer.hsds_id)
    updated = offer.capacity_updated_on or timezone.localdate()
    return [{
        "id": keys.derived_id(f"capacity:{service_id}"),
        "service_id": service_id,
        "unit": PLACES_UNIT,
        "available": 1 if offer.capacity_status == offer.CAPACITY_FREE else 0,
        "description": {offer.CAPACITY_WAITING: WAITING, offer.CAPACITY_FULL: FULL}.get(offer.capacity_status, "places free"),
        "updated": f"{updated.isoformat()}T00:00:00Z",
    }]


def condition_cost_options(offer) -> list[dict]:
    """One cost option per benefit that waives the fee (only for offers with a fee)."""
    if offer.cost != offer.COST_FEE:
        return []
    service_id = str(offer.hsds_id)
    options = []
    for term in sorted(offer.free_with_benefits.all(), key=lambda term: term.code):
        option_id = keys.derived_id(f"cost:{service_id}:free-with:{term.code}")
        options.append({
            "id": option_id,
            "service_id": service_id,
            "option": _("Free for people who receive %(benefit)s") % {"benefit": term.name},
            "amount_description": _("free of charge"),
            "attributes": [_attribute("cost_option", option_id, term)],
        })
    return options


def eligibility_description(offer) -> str:
    parts = []
    if offer.minimum_age is not None and offer.maximum_age is not None:
        parts.append(_("Ages %(low)s to %(high)s.") % {"low": offer.minimum_age, "high": offer.maximum_age})
    elif offer.minimum_age is not None:
        parts.append(_("From %(low)s years.") % {"low": offer.minimum_age})
    elif offer.maximum_age is not None:
        parts.append(_("Up to %(high)s years.") % {"high": offer.maximum_age})
    groups = [term.name for term in offer.target_groups.all()]
    if groups:
        parts.append(_("For: %(groups)s.") % {"groups": ", ".join(groups)})
    benefits = [term.name for term in offer.free_with_benefits.all()] if offer.cost == offer.COST_FEE else []
    if benefits:
        parts.append(_("Free for people who receive %(benefit)s") % {"benefit": ", ".join(benefits)} + ".")
    return " ".join(parts)


def start_schedules(offer, today=None) -> list[dict]:
    service_id = str(offer.hsds_id)
    return [
        {
            "id": keys.derived_id(f"start:{service_id}:{day.isoformat()}"),
            "service_id": service_id,
            "dtstart": day.isoformat(),
            "freq": "MONTHLY",
            "count": 1,
            "description": START_DESCRIPTION,
        }
        for day in offer.upcoming_start_dates(today)
    ]


def add_to_service(document: dict, offer) -> dict:
    """The referral facts added to a full service document (serializers.service_document)."""
    extra_costs = condition_cost_options(offer)
    if extra_costs:
        document["cost_options"] = [*document.get("cost_options", []), *extra_costs]
    found = capacities(offer)
    if found:
        document["capacities"] = found
    text = eligibility_description(offer)
    if text:
        document["eligibility_description"] = text
    starts = start_schedules(offer)
    if starts:
        document["schedules"] = [*document.get("schedules", []), *starts]
    return document


# -- import ---------------------------------------------------------------------------------------


def iso_date(text):
    """The date at the start of an ISO date or date-time string; None when there is none."""
    try:
        return datetime.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def capacity_status(record) -> tuple[str, datetime.date | None]:
    """(status, day set) from the first `capacities` entry counted in places; ("", None) without."""
    for item in record.get("capacities") or []:
        available = item.get("available")
        if not isinstance(available, (int, float)):
            continue
        description = (item.get("description") or "").lower()
        if available > 0:
            status = "free"
        elif "wait" in description or "warte" in description:
            status = "waiting"
        else:
            status = "full"
        updated = iso_date(item.get("updated") or "")
        return status, min(updated, timezone.localdate()) if updated else None
    return "", None


def start_dates(record) -> list[datetime.date]:
    """The dated one-time schedules of a service (its start dates), in order, without repeats."""
    found = set()
    for schedule in record.get("schedules") or []:
        if schedule.get("count") == 1 and schedule.get("dtstart") and not schedule.get("opens_at") and not schedule.get("byday"):
            day = iso_date(schedule["dtstart"])
            if day:
                found.add(day)
    return sorted(found)


def apply_to_offer(offer, record) -> None:
    """Set the referral facts an HSDS service states (capacities and start dates) on `offer`;
    fee waivers come in as the service's `benefit` attributes like every other term."""
    offer.capacity_status, offer.capacity_updated_on = capacity_status(record)
    wanted = start_dates(record)
    if [row.date for row in offer.start_dates.all()] != wanted:
        offer.start_dates = [OfferStartDate(date=day) for day in wanted]
