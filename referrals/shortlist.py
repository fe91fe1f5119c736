"""The referral list a case manager builds for one client: offer ids only, never anything about
the person. Kept in the session (works without JavaScript, no account) and carried in the URL
(`?offer=<hsds_id>&offer=…`) to share or print; the order is the order of the ids."""

import uuid

from services_directory.models import OfferPage

SESSION_KEY = "referral_list"
MAX_OFFERS = 30  # a list to hand over, not a second directory


def _valid(value):
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        return None


READ_AT_MOST = 200  # values looked at from one request: a long forged link costs nothing


def _distinct(values) -> list[str]:
    found, seen = [], set()
    for value in list(values)[:READ_AT_MOST]:
        cleaned = _valid(value)
        if cleaned and cleaned not in seen:
            seen.add(cleaned)
            found.append(cleaned)
    return found


def clean_ids(values) -> list[str]:
    """Well-formed, distinct ids in their order, at most MAX_OFFERS (the rest are dropped)."""
    return _distinct(values)[:MAX_OFFERS]


def beyond_limit(values) -> int:
    """How many distinct offers of `values` do not fit on one list (the page says so)."""
    return max(0, len(_distinct(values)) - MAX_OFFERS) + max(0, len(values) - READ_AT_MOST)


def session_ids(request) -> list[str]:
    return clean_ids(request.session.get(SESSION_KEY, []))


def save(request, ids) -> None:
    request.session[SESSION_KEY] = clean_ids(ids)


def add(request, offer_id) -> bool:
    """Add an offer at the end; False when the list is full (it is not changed then)."""
    ids = session_ids(request)
    cleaned = _valid(offer_id)
    if cleaned and cleaned not in ids:
        if len(ids) >= MAX_OFFERS:
            return False
        save(request, [*ids, cleaned])
    return True


def change(request, action, offer_id) -> None:
    """Move an offer up or down, or remove it."""
    ids = session_ids(request)
    cleaned = _valid(offer_id)
    if cleaned not in ids:
        return
    position = ids.index(cleaned)
    if action == "remove":
        ids.pop(position)
    elif action == "up" and position > 0:
        ids[position - 1], ids[position] = ids[position], ids[position - 1]
    elif action == "down" and position < len(ids) - 1:
        ids[position + 1], ids[position] = ids[position], ids[position + 1]
    save(request, ids)


def offers(ids) -> tuple[list, int]:
    """The public offers for `ids` in their order, and how many ids were left out (unknown,
    unpublished or restricted: `OfferPage.objects.for_public()` decides)."""
    public = {
        str(offer.hsds_id): offer
        for offer in OfferPage.objects.for_public().filter(hsds_id__in=ids).prefetch_related("languages", "opening_slots")
    }
    found = [public[offer_id] for offer_id in ids if offer_id in public]
    return found, len(ids) - len(found)
