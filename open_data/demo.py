"""Demo: a recurrence the weekly opening hours cannot hold, as an HSDS import keeps it.

One demo offer (a neighbourhood forum) carries what its carrier's own system would have sent
beyond the directory's fields: a monthly meeting on the first Tuesday and next spring's series
every other week. They are kept like an import keeps them (open_data.keeping: served again in the
HSDS export) and the offer page shows them in the reader's words (open_data.recurrence).
Idempotent; needs the directory demo (`services_directory.demo`).
"""

from django.utils import timezone

from open_data import ids as keys
from open_data import keeping
from open_data.models import ImportedDocument
from services_directory.models import OfferPage

THEME_TITLE = "Mitreden und mitgestalten"  # the demo theme whose offers meet in the evening
LANGUAGE = "de"


def _schedules(service_id, year):
    return [
        {
            "id": keys.derived_id(f"demo-schedule:{service_id}:forum"), "service_id": service_id,
            "freq": "MONTHLY", "byday": "1TU", "opens_at": "18:00", "closes_at": "20:00",
            "description": "Stadtteilforum (Demo)",
        },
        {
            "id": keys.derived_id(f"demo-schedule:{service_id}:walks"), "service_id": service_id,
            "freq": "WEEKLY", "interval": 2, "byday": "SA", "opens_at": "10:00", "closes_at": "12:00",
            "valid_from": f"{year}-03-01", "valid_to": f"{year}-06-30", "description": "Stadtteilspaziergänge (Demo)",
        },
    ]


def load(stdout):
    """Give the first demo forum offer its kept recurrences; return a one-line summary."""
    offer = (
        OfferPage.objects.filter(is_demo=True, title_de__startswith=THEME_TITLE).order_by("path").first()
    )
    if offer is None:
        return "no demo forum offer (load the directory demo first)"
    service_id = str(offer.hsds_id)
    original = {"id": service_id, "schedules": _schedules(service_id, timezone.localdate().year + 1)}
    row = ImportedDocument.objects.filter(kind="service", hsds_id=offer.hsds_id, language=LANGUAGE).first()
    if row is not None and row.original == original:
        return f"recurrences of {offer.title!r}: unchanged"
    keeping.remember("service", offer.hsds_id, LANGUAGE, original, {"id": service_id})
    stdout.write(f"      kept recurrences for {offer.title} (monthly, every other week)\n")
    return f"recurrences of {offer.title!r}: 2 kept"
