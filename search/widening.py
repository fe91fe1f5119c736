"""One-click widening of an empty or thin result (issue 14): the Stadtbezirke next to the chosen
districts and leaving out the most restrictive filter, each with the count it would give, so
"nothing here" never looks like "I missed it". Which districts border which is data
(services_directory/vocabulary/district_neighbours.json), not code."""

import dataclasses
import json
from functools import cache
from pathlib import Path

from search import service

THIN = 3  # at most this many results: offer to widen
NEIGHBOURS_FILE = Path(__file__).resolve().parent.parent / "services_directory" / "vocabulary" / "district_neighbours.json"


@cache
def neighbours() -> dict[str, tuple[str, ...]]:
    data = json.loads(NEIGHBOURS_FILE.read_text(encoding="utf-8"))["neighbours"]
    return {code: tuple(others) for code, others in data.items()}


def _stadtbezirk(code, terms):
    term = terms.get(code)
    if term is None:
        return None
    return term.parent.code if term.parent_id and term.parent else term.code


def _count(query, **changes):
    return service.search(dataclasses.replace(query, page=1, page_size=1, **changes)).count


def neighbour_districts(query, district_terms, labels, url) -> list[dict]:
    """[{code, label, count, url}] for each Stadtbezirk bordering a chosen district that would
    add offers; the link keeps every other filter and adds the neighbour (OR within districts)."""
    chosen = query.filters.get("district", ())
    terms = {term.code: term for term in district_terms}
    own = {_stadtbezirk(code, terms) for code in chosen} - {None}
    near = sorted({other for code in own for other in neighbours().get(code, ())} - own - set(chosen))
    found = []
    for code in near:
        count = _count(query, filters={**query.filters, "district": (*chosen, code)})
        found.append({"code": code, "label": labels.get(code, code), "count": count, "url": url(code)})
    return [item for item in found if item["count"]]


def most_restrictive(drop_suggestions, count) -> dict | None:
    """The filter whose removal gives the most offers (only when that is more than now)."""
    best = max(drop_suggestions, key=lambda drop: drop["count"], default=None)
    return best if best and best["count"] > count else None
