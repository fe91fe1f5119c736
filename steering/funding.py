"""Funding risk: offers and programmes ending within 3, 6 or 12 months, and the cells they leave thin.

An offer ends on its own "valid until" date or when its programme's funding period ends,
whichever comes first. Only offers the public sees now count (the search's own rule).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation

from services_directory.models import OfferPage, ProgrammePage, Term
from steering.coverage import cell_counts, search_language
from steering.dates import add_months

HORIZONS = (3, 6, 12)  # months
LONGEST = HORIZONS[-1]
NO_PROGRAMME = "none"


@dataclass
class Ending:
    offer: OfferPage
    ends_on: datetime.date
    within: int  # the shortest horizon (months) that contains the end
    funding_level: str  # code, or NO_PROGRAMME
    bezirke: set
    fields: set


def end_of(offer) -> datetime.date | None:
    dates = [offer.valid_until]
    if offer.programme is not None:
        dates.append(offer.programme.period_end)
    dates = [day for day in dates if day]
    return min(dates) if dates else None


def horizon_of(ends_on, today) -> int | None:
    for months in HORIZONS:
        if today <= ends_on <= add_months(today, months):
            return months
    return None


def ending_offers(today=None, horizon=LONGEST, funding_level="") -> list[Ending]:
    """Public offers ending between today and `horizon` months from now, soonest first."""
    today = today or timezone.localdate()
    offers = (
        OfferPage.objects.for_public()
        .select_related("programme__funding_level")
        .prefetch_related("fields_of_action", "places__place__district__parent")
    )
    found = []
    for offer in offers:
        ends_on = end_of(offer)
        within = horizon_of(ends_on, today) if ends_on else None
        if within is None or within > horizon:
            continue
        level = offer.programme.funding_level.code if offer.programme and offer.programme.funding_level_id else NO_PROGRAMME
        if funding_level and level != funding_level:
            continue
        bezirke = {link.place.district.stadtbezirk.code for link in offer.places.all() if link.place.district_id}
        fields = {term.code for term in offer.fields_of_action.all()}
        found.append(Ending(offer, ends_on, within, level, bezirke, fields))
    found.sort(key=lambda item: (item.ends_on, item.offer.title))
    return found


def ending_programmes(today=None, horizon=LONGEST, funding_level=""):
    """Live programmes whose funding period ends within `horizon` months: (programme, horizon)."""
    today = today or timezone.localdate()
    programmes = ProgrammePage.objects.live().public().select_related("funding_level").filter(
        period_end__gte=today, period_end__lte=add_months(today, horizon)
    ).order_by("period_end", "title")
    if funding_level:
        programmes = programmes.filter(funding_level__code=funding_level)
    return [(programme, horizon_of(programme.period_end, today)) for programme in programmes]


def by_level(endings) -> dict[str, dict[int, int]]:
    """{funding level: {horizon: offers ending within it}} (cumulative: 6 includes 3)."""
    table = {}
    for item in endings:
        row = table.setdefault(item.funding_level, dict.fromkeys(HORIZONS, 0))
        for months in HORIZONS:
            if item.within <= months:
                row[months] += 1
    return table


@dataclass
class LostCell:
    bezirk: str
    field: str
    before: int
    after: int


def cells_at_risk(endings, counts=None) -> list[LostCell]:
    """District × field cells that drop to zero or one offer when `endings` end."""
    counts = cell_counts() if counts is None else counts
    losing = {}
    for item in endings:
        for bezirk in item.bezirke:
            for code in item.fields:
                losing[(bezirk, code)] = losing.get((bezirk, code), 0) + 1
    cells = []
    for (bezirk, code), lost in losing.items():
        before = counts.get((bezirk, code), 0)
        after = max(before - lost, 0)
        if after <= 1:
            cells.append(LostCell(bezirk, code, before, after))
    cells.sort(key=lambda cell: (cell.after, cell.bezirk, cell.field))
    return cells


def level_labels(language=None) -> dict[str, str]:
    with translation.override(search_language(language)):
        labels = {term.code: term.name for term in Term.objects.of("funding-level")}
        labels[NO_PROGRAMME] = str(translation.gettext("No programme"))
    return labels
