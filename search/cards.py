"""What a result card shows beyond the indexed hit: whether its text is only in German, the
phone number and today's hours. Read from the offers themselves in one query per page of hits,
so the index (owned by the search backends) need not carry them."""

from django.utils.html import strip_tags

from services_directory.models import OfferPage
from services_directory.opening import today_status


def card_facts(hits, language) -> dict:
    """{offer id: {"title_german", "summary_german", "phone", "today"}} for the hits on this page."""
    ids = [hit.offer_id for hit in hits]
    offers = OfferPage.objects.filter(pk__in=ids).prefetch_related("opening_slots", "places")
    highlights = {hit.offer_id: hit.highlight for hit in hits}
    facts = {}
    for offer in offers:
        facts[offer.pk] = {
            "title_german": _falls_back(offer, "title", language),
            "summary_german": _falls_back(offer, "summary", language),
            "highlight_german": _highlight_in_german(offer, highlights.get(offer.pk), language),
            "phone": offer.contact_phone,
            "today": today_status(offer),
        }
    return facts


def _highlight_in_german(offer, highlight, language):
    """True when the snippet with the matched words comes from the German description (the
    reader's language has none) though the summary is translated: it must be marked German."""
    if not highlight or not _falls_back(offer, "description", language):
        return False
    snippet = strip_tags(highlight).replace("…", "").strip()
    return snippet not in (getattr(offer, f"summary_{language}", "") or "")


def _falls_back(offer, name, language):
    """True when the reader sees the German text because `name` has none in `language`."""
    if language == "de":
        return False
    return bool((getattr(offer, f"{name}_de", "") or "").strip()) and not (
        getattr(offer, f"{name}_{language}", "") or ""
    ).strip()
