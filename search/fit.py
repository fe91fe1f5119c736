"""Why an offer fits one person, and what may not fit ("for a client" mode, issue 14).

A `Person` holds the facts a case manager gives for one client; it lives for one request and is
never stored or logged (search.log records no person fields). `reasons` reads the offers of one
page of hits (one query, like search.cards) and says, in the reader's language, which facts each
offer matches ("speaks Romanian", "in Chorweiler / 2.1 km", "free with Bürgergeld") and which
may not fit ("by appointment only", "waiting list", "ends in 6 weeks").
"""

import math
from dataclasses import dataclass

from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from portal.languages import language_name
from search.documents import term_labels
from search.params import ParameterError, values
from services_directory.models import OfferPage, Place, Term
from services_directory.models.offers import ENDING_SOON, known_language_codes
from services_directory.models.vocabulary import BENEFIT

SINGLE_PARENT_GROUP = "alleinerziehende"
DISABILITY_GROUP = "behinderung-18-27"
ONLINE = "online"
# Parameters that only describe the person (beside age, residence_status and near, which also filter).
PERSON_PARAMS = ("benefit", "speaks", "single_parent", "disability", "childcare_needed")
TRUE = ("1", "true", "on", "yes")


@dataclass(frozen=True)
class Person:
    age: int | None = None
    residence_status: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    near: str | None = None  # a Stadtteil code
    needs: tuple[str, ...] = ()  # fields of action
    single_parent: bool = False
    disability: bool = False
    childcare: bool = False

    def given(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def is_client_mode(params) -> bool:
    """True when the request describes a person beyond the ordinary filters."""
    return any(params.get(name) for name in PERSON_PARAMS)


def person_from(params, query) -> Person:
    """The person's facts from request parameters and the parsed query; bad values raise
    ParameterError like every other search parameter."""
    benefits = tuple(values(params, "benefit"))
    known = set(Term.objects.of(BENEFIT).values_list("code", flat=True))
    for code in benefits:
        if code not in known:
            raise ParameterError("benefit", f"unknown code {code[:80]!r}")
    spoken = tuple(code for raw in params.getlist("speaks") for code in raw.split(",") if code.strip())
    for code in spoken:
        if code not in known_language_codes():
            raise ParameterError("speaks", f"unknown language code {code[:20]!r}")
    return Person(
        age=query.age,
        residence_status=query.residence_status,
        benefits=benefits,
        languages=spoken or tuple(query.filters.get("language", ())),
        near=query.near,
        needs=tuple(query.filters.get("field_of_action", ())),
        single_parent=params.get("single_parent", "").lower() in TRUE,
        disability=params.get("disability", "").lower() in TRUE,
        childcare=params.get("childcare_needed", "").lower() in TRUE,
    )


def _distance(a, b) -> float:
    lat = math.radians((a[0] + b[0]) / 2)
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * math.cos(lat))


def district_centre(code):
    """The mean position of the places in a Stadtteil (or Stadtbezirk), as search sorts by it."""
    places = Place.objects.filter(latitude__isnull=False, longitude__isnull=False)
    centre = places.filter(district__code=code).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    if centre["lat"] is None:
        centre = places.filter(district__parent__code=code).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    return None if centre["lat"] is None else (float(centre["lat"]), float(centre["lon"]))


def distances(hits, near) -> dict[int, float]:
    """{offer id: km from the Stadtteil `near` to the offer's nearest place} for a page of hits."""
    centre = district_centre(near) if near else None
    if centre is None:
        return {}
    found = {}
    offers = OfferPage.objects.filter(pk__in=[hit.offer_id for hit in hits]).prefetch_related("places__place")
    for offer in offers:
        points = [
            (float(link.place.latitude), float(link.place.longitude))
            for link in offer.places.all()
            if link.place.latitude is not None and link.place.longitude is not None
        ]
        if points:
            found[offer.pk] = min(_distance(centre, point) for point in points)
    return found


def _label(term, language):
    labels = term_labels(term)
    return labels.get(language) or labels.get("de") or term.code


def _reason(kind, code, label):
    return {"kind": kind, "code": code, "label": label}


def reasons(hits, person: Person, language: str, today=None) -> dict[int, list[dict]]:
    """{offer id: [{"kind": "match" | "caveat", "code", "label"}]} for a page of hits; empty lists
    when no person facts are given."""
    if not person.given():
        return {hit.offer_id: [] for hit in hits}
    today = today or timezone.localdate()
    km = distances(hits, person.near)
    offers = OfferPage.objects.filter(pk__in=[hit.offer_id for hit in hits]).prefetch_related(
        "languages", "places__place__district", "target_groups", "delivery_forms", "free_with_benefits",
        "residence_statuses", "fields_of_action",
    )
    found = {}
    with override(language):
        for offer in offers:
            found[offer.pk] = _offer_reasons(offer, person, language, km.get(offer.pk), today)
    return {hit.offer_id: found.get(hit.offer_id, []) for hit in hits}


def _offer_reasons(offer, person, language, km, today):
    match, caveat = [], []
    spoken = [code for code in person.languages if code in {row.code for row in offer.languages.all()}]
    for code in spoken:
        match.append(_reason("match", "language", gettext("speaks %(language)s") % {"language": language_name(code, language)}))
    if person.near:
        districts = [link.place.district for link in offer.places.all() if link.place.district_id]
        here = [d for d in districts if d.code == person.near or (d.parent_id and d.parent.code == person.near)]
        where = _label(here[0], language) if here else ""
        distance = gettext("%(km)s km") % {"km": f"{km:.1f}"} if km is not None else ""
        label = " / ".join(part for part in (gettext("in %(district)s") % {"district": where} if where else "", distance) if part)
        if label:
            match.append(_reason("match", "near", label))
    needs = [term for term in offer.fields_of_action.all() if term.code in person.needs]
    for term in needs:
        match.append(_reason("match", "need", _label(term, language)))
    if person.age is not None and (offer.minimum_age is not None or offer.maximum_age is not None) and offer.admits_age(person.age):
        low, high = offer.minimum_age, offer.maximum_age
        if low is not None and high is not None:
            text = gettext("ages %(low)s–%(high)s") % {"low": low, "high": high}
        elif low is not None:
            text = gettext("from %(low)s years") % {"low": low}
        else:
            text = gettext("up to %(high)s years") % {"high": high}
        match.append(_reason("match", "age", text))
    statuses = [term for term in offer.residence_statuses.all() if term.code in person.residence_status]
    for term in statuses:
        match.append(_reason("match", "residence_status", gettext("open to: %(status)s") % {"status": _label(term, language)}))
    if offer.is_free:
        match.append(_reason("match", "free", gettext("free of charge")))
    else:
        waived = [term for term in offer.free_with_benefits.all() if term.code in person.benefits]
        if waived:
            match.append(_reason("match", "free_with", gettext("free with %(benefit)s") % {"benefit": _label(waived[0], language)}))
        elif offer.cost == OfferPage.COST_FEE:
            caveat.append(_reason("caveat", "fee", gettext("costs a fee")))
    groups = {term.code for term in offer.target_groups.all()}
    if person.childcare:
        if offer.childcare:
            match.append(_reason("match", "childcare", gettext("childcare")))
        else:
            caveat.append(_reason("caveat", "no_childcare", gettext("no childcare")))
    if person.single_parent and SINGLE_PARENT_GROUP in groups:
        match.append(_reason("match", "single_parent", gettext("for single parents")))
    if person.disability and DISABILITY_GROUP in groups:
        match.append(_reason("match", "disability", gettext("for people with a disability")))
    if offer.part_time and person.childcare:
        match.append(_reason("match", "part_time", gettext("part-time possible")))
    if offer.access_appointment and not offer.access_walk_in:
        caveat.append(_reason("caveat", "appointment", gettext("by appointment only")))
    forms = {term.code for term in offer.delivery_forms.all()}
    if forms == {ONLINE}:
        caveat.append(_reason("caveat", "online_only", gettext("online only")))
    if offer.capacity_status == OfferPage.CAPACITY_WAITING:
        caveat.append(_reason("caveat", "waiting_list", gettext("waiting list")))
    elif offer.capacity_status == OfferPage.CAPACITY_FULL:
        caveat.append(_reason("caveat", "full", gettext("no places free")))
    if offer.valid_until and today <= offer.valid_until <= today + ENDING_SOON:
        weeks = max(1, (offer.valid_until - today).days // 7)
        caveat.append(_reason("caveat", "ends_soon", ngettext("ends in %(weeks)s week", "ends in %(weeks)s weeks", weeks) % {"weeks": weeks}))
    return match + caveat


def fit_score(offer_reasons) -> int:
    """More matched facts first, fewer caveats next: the client mode's order."""
    return sum(1 if reason["kind"] == "match" else -1 for reason in offer_reasons)
