"""The reports' headline figures over time: the monthly snapshot and its back-fill from history.

`take_snapshot` stores today's figures under the current month (run it from cron; a later run
in the same month replaces that month's figures, so the month's last run is what stays).
`backfill` reconstructs earlier months from Wagtail's publish/unpublish log and the revisions
it names: which offers were live at the month's end and what their revision said (validity,
verification, fields of action, places). Figures the history cannot give (translations,
delivery languages) stay empty for those months; search figures come from the search log
while it keeps them.
"""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, Revision

from search.models import SearchLogEntry
from services_directory.models import OfferPage, Place, ProgrammePage, Term
from steering import coverage as coverage_report
from steering import demand, freshness, funding
from steering.dates import add_months, month_end, month_start
from steering.models import Snapshot


def _ending_label(months):
    return gettext("Offers ending within %(months)s months") % {"months": months}


ending_label = lazy(_ending_label, str)

# Headline figures per report, in the order the trend report shows them.
HEADLINES = {
    "coverage": [
        ("offers_live", _("Live offers")),
        ("cells_empty", _("Empty cells (district × field)")),
        ("cells_thin", _("Thin cells (1–2 offers)")),
    ],
    "languages": [("languages_delivered", _("Delivery languages"))],
    "funding": [
        *((f"ending_{months}", ending_label(months)) for months in funding.HORIZONS),
    ],
    "demand": [
        ("searches", _("Searches this month")),
        ("searches_unmet", _("Searches with no or few results")),
    ],
    "freshness": [
        ("verified_6_pct", _("Verified in the last 6 months (%)")),
        ("verified_12_pct", _("Verified in the last 12 months (%)")),
        ("translated_pct", _("Translated, average of the languages (%)")),
    ],
}
FIGURE_LABELS = {key: label for figures in HEADLINES.values() for key, label in figures}
PUBLISH, UNPUBLISH, DELETE = "wagtail.publish", "wagtail.unpublish", "wagtail.delete"


def _cell_figures(counts: dict) -> dict:
    return {
        "cells_empty": sum(1 for count in counts.values() if count == 0),
        "cells_thin": sum(1 for count in counts.values() if 0 < count <= coverage_report.THIN_AT_MOST),
    }


def _search_figures(start, end) -> dict:
    rows = SearchLogEntry.objects.filter(day__gte=start, day__lte=end)
    total = rows.aggregate(total=Sum("searches"))["total"] or 0
    unmet = rows.filter(result_count__lte=demand.FEW_RESULTS).aggregate(total=Sum("searches"))["total"] or 0
    return {"searches": total, "searches_unmet": unmet}


def current_figures(today=None) -> dict:
    """Every report's headline figures now."""
    today = today or timezone.localdate()
    matrix = coverage_report.coverage()
    counts = {(row.code, code): cell.count for row, code, cell in matrix.bezirk_cells()}
    endings = funding.ending_offers(today)
    whole = freshness.overall(today)
    result = coverage_report.search(coverage_report.query_for({}, coverage_report.search_language()))
    delivered = [option for option in result.facets.get("language", []) if option.count]
    targets = freshness.target_languages()
    return {
        "offers_live": matrix.total.count,
        **_cell_figures(counts),
        "languages_delivered": len(delivered),
        **{f"ending_{months}": sum(1 for item in endings if item.within <= months) for months in funding.HORIZONS},
        **_search_figures(month_start(today), today),
        "verified_6_pct": whole.verified_6_pct,
        "verified_12_pct": whole.verified_12_pct,
        "translated_pct": round(sum(whole.translated_pct(lang) for lang in targets) / len(targets)) if targets else 0,
    }


@transaction.atomic
def take_snapshot(today=None) -> tuple[Snapshot, bool]:
    """Store today's figures as the current month's snapshot; (snapshot, created)."""
    today = today or timezone.localdate()
    return Snapshot.objects.update_or_create(
        month=month_start(today), defaults={"figures": current_figures(today), "source": Snapshot.SOURCE_SNAPSHOT}
    )


# -- back-fill from the revision history ---------------------------------------------------------


def _date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _offer_history():
    """{offer id: [(timestamp, action, revision id)]} of every offer's publish/unpublish/delete."""
    offer_type = ContentType.objects.get_for_model(OfferPage)
    history = defaultdict(list)
    entries = PageLogEntry.objects.filter(
        content_type=offer_type, action__in=(PUBLISH, UNPUBLISH, DELETE)
    ).order_by("timestamp", "pk").values_list("page_id", "timestamp", "action", "revision_id")
    for page_id, timestamp, action, revision_id in entries:
        history[page_id].append((timestamp, action, revision_id))
    return history


def _live_revisions(history, moment) -> dict[int, int]:
    """{offer id: id of its live revision} at `moment` (an aware datetime)."""
    live = {}
    for offer_id, events in history.items():
        state = None
        for timestamp, action, revision_id in events:
            if timestamp > moment:
                break
            state = revision_id if action == PUBLISH else None
        if state:
            live[offer_id] = state
    return live


def figures_from_history(month: datetime.date, history=None, contents=None, lookups=None) -> dict | None:
    """The figures the history can give for the end of `month`; None when nothing was live yet."""
    history = _offer_history() if history is None else history
    last_day = month_end(month)
    moment = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max))
    live = _live_revisions(history, moment)
    if not live:
        return None
    contents = contents if contents is not None else {}
    missing = [revision_id for revision_id in live.values() if revision_id not in contents]
    contents.update(Revision.objects.filter(pk__in=missing).values_list("pk", "content"))
    places, programmes, field_codes, bezirke = lookups or _lookups()
    six, twelve = add_months(last_day, -6), add_months(last_day, -12)
    counts = {(bezirk, field): 0 for bezirk in bezirke for field in field_codes.values()}
    figures = {"offers_live": 0, "verified_6_pct": 0, "verified_12_pct": 0, "ending_3": 0, "ending_6": 0, "ending_12": 0}
    verified_6 = verified_12 = 0
    for revision_id in live.values():
        content = contents.get(revision_id) or {}
        figures["offers_live"] += 1
        verified = _date(content.get("last_verified_at"))
        verified_6 += bool(verified and verified >= six)
        verified_12 += bool(verified and verified >= twelve)
        ends = [_date(content.get("valid_until")), programmes.get(content.get("programme"))]
        ends = [day for day in ends if day]
        within = funding.horizon_of(min(ends), last_day) if ends else None
        for months in funding.HORIZONS:
            figures[f"ending_{months}"] += bool(within and within <= months)
        offer_bezirke = {places.get(link.get("place")) for link in content.get("places") or [] if isinstance(link, dict)}
        for field_id in content.get("fields_of_action") or []:
            for bezirk in offer_bezirke - {None}:
                key = (bezirk, field_codes.get(field_id))
                if key in counts:
                    counts[key] += 1
    offers = figures["offers_live"]
    figures["verified_6_pct"] = round(100 * verified_6 / offers)
    figures["verified_12_pct"] = round(100 * verified_12 / offers)
    figures.update(_cell_figures(counts))
    figures.update(_search_figures(month_start(month), last_day))
    return figures


def _lookups():
    places = {
        place.pk: place.district.stadtbezirk.code
        for place in Place.objects.select_related("district__parent")
        if place.district_id
    }
    programmes = dict(ProgrammePage.objects.values_list("pk", "period_end"))
    field_codes = dict(Term.objects.of("field-of-action").filter(parent=None).values_list("pk", "code"))
    bezirke = list(Term.objects.stadtbezirke().values_list("code", flat=True))
    return places, programmes, field_codes, bezirke


def backfill(today=None, months=24) -> dict[str, int]:
    """Fill the months before the current one that have no snapshot, from the history; counts."""
    today = today or timezone.localdate()
    history = _offer_history()
    counts = {"created": 0, "kept": 0, "no_history": 0}
    if not history:
        counts["no_history"] = months
        return counts
    contents: dict = {}
    lookups = _lookups()
    existing = set(Snapshot.objects.values_list("month", flat=True))
    for back in range(months, 0, -1):
        month = month_start(add_months(month_start(today), -back))
        if month in existing:
            counts["kept"] += 1
            continue
        figures = figures_from_history(month, history, contents, lookups)
        if figures is None:
            counts["no_history"] += 1
            continue
        Snapshot.objects.create(month=month, figures=figures, source=Snapshot.SOURCE_BACKFILL)
        counts["created"] += 1
    return counts


def series(months=24, today=None) -> list[Snapshot]:
    """The snapshots of the last `months` months, oldest first."""
    today = today or timezone.localdate()
    first = month_start(add_months(month_start(today), -(months - 1)))
    return list(Snapshot.objects.filter(month__gte=first).order_by("month"))
