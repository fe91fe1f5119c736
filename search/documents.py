"""The one denormalised description of an offer that every search backend indexes.

Both backends (database, elasticsearch) index exactly the dicts `build_document` returns, and
build result hits from them with `hit_from_document`, so they cannot disagree about what an
offer says, where it is or which facet values it has.

Shape (all codes are vocabulary codes; text per portal language, only where it is non-empty,
German always)::

    {
      "offer_id": 12, "hsds_id": "…uuid…",
      "url": {"de": "/de/angebote/…/", "en": "/en/offers/…/", …},
      "title": {"de": …, …}, "summary": {…}, "description": {…},      # description: plain text
      "provider": {"id": 7, "hsds_id": "…", "name": "Caritas Köln"},
      "programme": {"id": 9, "hsds_id": "…", "name": …, "short_name": "MBE"} | None,
      "places": [{"id": 3, "name": {"de": …}, "district": "ehrenfeld-stadtteil",
                  "latitude": 50.94 | None, "longitude": 6.91 | None}],
      "labels": {"de": ["Wohnen", "Geflüchtete", …], "ar": [...], …},  # every term on the offer
      "facets": {"field_of_action": [...], "target_group": [...],
                 "district": [Stadtteil codes + their Stadtbezirk codes], "language": ["ar", "de"],
                 "delivery": [...], "funding_level": [...], "legal_scope": [...],
                 "provider": [provider hsds_id], "programme": [programme hsds_id],
                 "free": ["true"] | ["false"],
                 # issue 14 (referrals); backends index every key of "facets" alike:
                 "free_for": ["all"] | [benefit codes the fee is waived for],
                 "childcare": ["true"] | [], "part_time": ["true"] | [],
                 "course_level": ["A2", "B1"], "start": ["rolling", "2027-02"],  # months of start dates
                 "capacity": ["free" | "waiting" | "full"] | [],
                 "translated": ["de", "en"]},  # languages of the offer's own title/summary
      "districts": [Stadtteil codes], "languages": [delivery language codes],
      "free": bool, "min_age": int | None, "max_age": int | None,
      "residence_status": [codes],  # empty: open to everyone
      "last_verified_at": "2025-03-01" | None, "stale": bool,
      "coordinates": [[lat, lon], …],
      "sort_title": "normalised german title",
    }
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site
from wagtail.rich_text import get_text_for_indexing

from search.index_rows import chunks
from search.query import Hit
from search.text import fold
from services_directory.models import (
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OfferStartDate,
    Place,
    ProviderPage,
    Term,
)
from services_directory.models.offers import STALE_AFTER

FREE_TRUE = "true"
FREE_FALSE = "false"


def portal_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@lru_cache(maxsize=1024)
def _indexing_text(rich: str) -> str:
    """Wagtail's get_text_for_indexing, kept by the text it was given (it depends on nothing
    else): an import indexes an offer again in each later batch that touches its places or its
    provider."""
    return get_text_for_indexing(rich)


def _translations(instance, field, plain=False) -> dict[str, str]:
    """{"de": …, "en": …} for the non-empty translations of a modeltranslation field."""
    values = {}
    for language in portal_languages():
        value = getattr(instance, f"{field}_{language}", None)
        if value is None and language == "de":
            value = getattr(instance, field, None)
        if not value:
            continue
        text = _indexing_text(str(value)) if plain else str(value).strip()
        if text:
            values[language] = text
    if "de" not in values:
        base = getattr(instance, field, "") or ""
        values["de"] = _indexing_text(str(base)) if plain else str(base).strip()
    return values


def term_labels(term) -> dict[str, str]:
    """A vocabulary term's reader-facing label per language ("SGB II – Grundsicherung …")."""
    labels = {}
    for language, name in _translations(term, "name").items():
        labels[language] = f"{term.short_name} – {name}" if term.short_name else name
    return labels


M2M_RELATIONS = tuple(OfferPage.TERM_RELATIONS)


def _sorted_chunks(ids):
    return chunks(sorted(ids), 500)


class _Context:
    """Lookups shared by many documents (providers by tree path, URL prefixes, related rows
    fetched per chunk of offers), so a rebuild costs a fixed number of queries per chunk.

    Providers, terms and places are read as chunks name them, each once: an import indexes the
    offers of each batch of 100 records and should not read the whole directory's for it."""

    def __init__(self):
        self._providers = None
        self._url_roots = None
        self._related: dict[str, dict[int, list]] = {}
        self._terms = None
        self._places = None
        self._labels: dict[int, tuple] = {}

    def provider_for(self, offer):
        parent_path = offer.path[: -offer.steplen]
        if self._providers is None:
            return ProviderPage.objects.filter(path=parent_path).first() or (
                ProviderPage.objects.ancestor_of(offer).first()
            )
        return self._providers.get(parent_path)

    def load_providers(self, paths):
        """The providers at these tree paths (the parents of a chunk's offers)."""
        if self._providers is None:
            self._providers = {}
        for chunk in _sorted_chunks(set(paths) - set(self._providers)):
            self._providers.update((page.path, page) for page in ProviderPage.objects.filter(path__in=chunk))

    def load_related(self, offer_ids):
        """Many-to-many terms, places and languages of a chunk of offers in one query each
        (modelcluster's relations ignore prefetch_related); terms and places come from caches."""
        if self._terms is None:
            self._terms, self._places = {}, {}
        self._related = {}
        rows = {}
        for name in M2M_RELATIONS:
            through = getattr(OfferPage, name).through
            rows[name] = list(through.objects.filter(offerpage_id__in=offer_ids).values_list("offerpage_id", "term_id"))
        links = OfferPlace.objects.filter(offer_id__in=offer_ids).order_by("sort_order", "pk")
        links = list(links.values_list("offer_id", "place_id"))
        for chunk in _sorted_chunks({place_id for _offer_id, place_id in links} - set(self._places)):
            self._places.update((place.pk, place) for place in Place.objects.filter(pk__in=chunk))
        wanted = {term_id for pairs in rows.values() for _offer_id, term_id in pairs}
        wanted |= {self._places[place_id].district_id for _offer_id, place_id in links if place_id in self._places}
        for chunk in _sorted_chunks(wanted - {None} - set(self._terms)):
            self._terms.update((term.pk, term) for term in Term.objects.select_related("parent").filter(pk__in=chunk))
        for name in M2M_RELATIONS:
            related = self._related[name] = {}
            for offer_id, term_id in rows[name]:
                related.setdefault(offer_id, []).append(self._terms[term_id])
            for terms in related.values():
                terms.sort(key=lambda term: (term.sort_order, term.code))
        places = self._related["places"] = {}
        for offer_id, place_id in links:
            place = self._places.get(place_id) or Place.objects.get(pk=place_id)
            if place.district_id in self._terms:
                place.district = self._terms[place.district_id]
            places.setdefault(offer_id, []).append(place)
        languages = self._related["languages"] = {}
        rows = OfferLanguage.objects.filter(offer_id__in=offer_ids).order_by("sort_order", "pk")
        for offer_id, code in rows.values_list("offer_id", "code"):
            languages.setdefault(offer_id, []).append(code)
        starts = self._related["start_dates"] = {}
        for offer_id, date in OfferStartDate.objects.filter(offer_id__in=offer_ids).values_list("offer_id", "date"):
            starts.setdefault(offer_id, []).append(date)

    def labels(self, term) -> dict[str, str]:
        """`term_labels`, once per term object of this context (the same for every offer)."""
        known = self._labels.get(id(term))
        if known is None:
            known = self._labels[id(term)] = (term, term_labels(term))  # the term kept: its id stays its own
        return known[1]

    def related(self, offer, name):
        if name in self._related:
            return self._related[name].get(offer.pk, [])
        if name in M2M_RELATIONS:
            return sorted(getattr(offer, name).all(), key=lambda term: (term.sort_order, term.code))
        if name == "places":
            return [link.place for link in offer.places.select_related("place__district__parent")]
        if name == "start_dates":
            return [row.date for row in offer.start_dates.all()]
        return [item.code for item in offer.languages.all()]

    def url_roots(self):
        """language -> (root url_path, URL prefix): Wagtail's get_url without its per-call cost."""
        if self._url_roots is None:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            roots = {}
            if site:
                root = site.root_page
                for language in portal_languages():
                    root_path = getattr(root, f"url_path_{language}", None) or root.url_path_de or root.url_path
                    with translation.override(language):
                        roots[language] = (root_path, reverse("wagtail_serve", args=("",)))
            self._url_roots = roots
        return self._url_roots

    def offer_urls(self, offer) -> dict[str, str]:
        urls = {}
        roots = self.url_roots()
        for language in portal_languages():
            path = getattr(offer, f"url_path_{language}", None) or offer.url_path_de or offer.url_path
            root_path, prefix = roots.get(language, ("", ""))
            if root_path and path and path.startswith(root_path):
                urls[language] = prefix + path[len(root_path) :]
            else:
                with translation.override(language):
                    urls[language] = offer.get_url() or ""
        return urls


def _float(value):
    return None if value is None else float(value)


def build_document(offer, context: _Context | None = None) -> dict:
    """The search document of one offer (an `OfferPage`, ideally with prefetched relations)."""
    context = context or _Context()
    provider = context.provider_for(offer)
    programme = offer.programme

    terms_by_facet = {
        "field_of_action": context.related(offer, "fields_of_action"),
        "target_group": context.related(offer, "target_groups"),
        "legal_scope": context.related(offer, "legal_scopes"),
        "delivery": context.related(offer, "delivery_forms"),
    }
    residence = context.related(offer, "residence_statuses")
    places = context.related(offer, "places")
    stadtteile = [place.district for place in places if place.district_id]

    district_codes = []
    for stadtteil in stadtteile:
        for code in (stadtteil.code, stadtteil.parent.code if stadtteil.parent_id else None):
            if code and code not in district_codes:
                district_codes.append(code)

    funding_terms = [programme.funding_level] if programme and programme.funding_level_id else []
    labelled_terms = [
        *(term for terms in terms_by_facet.values() for term in terms),
        *residence,
        *stadtteile,
        *{s.parent for s in stadtteile if s.parent_id},
        *funding_terms,
    ]
    labels: dict[str, list[str]] = {}
    for term in labelled_terms:
        for language, label in context.labels(term).items():
            if label not in labels.setdefault(language, []):
                labels[language].append(label)

    languages = []
    for code in context.related(offer, "languages"):
        if code not in languages:
            languages.append(code)

    title = _translations(offer, "title")
    summary = _translations(offer, "summary")
    facets = {
        "field_of_action": [t.code for t in terms_by_facet["field_of_action"]],
        "target_group": [t.code for t in terms_by_facet["target_group"]],
        "district": district_codes,
        "language": languages,
        "delivery": [t.code for t in terms_by_facet["delivery"]],
        "funding_level": [t.code for t in funding_terms],
        "legal_scope": [t.code for t in terms_by_facet["legal_scope"]],
        "provider": [str(provider.hsds_id)] if provider else [],
        "programme": [str(programme.hsds_id)] if programme else [],
        "free": [FREE_TRUE if offer.is_free else FREE_FALSE],
        **referral_facets(offer, context.related(offer, "free_with_benefits"), context.related(offer, "start_dates")),
        # "Available in my language" (issue 13): the languages the offer's own text is written in.
        "translated": sorted({"de", *title, *summary}),
    }
    document = {
        "offer_id": offer.pk,
        "hsds_id": str(offer.hsds_id),
        "url": context.offer_urls(offer),
        "title": title,
        "summary": summary,
        "description": _translations(offer, "description", plain=True),
        "provider": (
            {"id": provider.pk, "hsds_id": str(provider.hsds_id), "name": provider.title}
            if provider
            else {"id": None, "hsds_id": "", "name": ""}
        ),
        "programme": (
            {
                "id": programme.pk,
                "hsds_id": str(programme.hsds_id),
                "name": programme.title,
                "short_name": programme.short_name,
            }
            if programme
            else None
        ),
        "places": [
            {
                "id": place.pk,
                "name": _translations(place, "name"),
                "district": place.district.code if place.district_id else "",
                "latitude": _float(place.latitude),
                "longitude": _float(place.longitude),
            }
            for place in places
        ],
        "labels": labels,
        "facets": facets,
        "districts": [s.code for s in stadtteile],
        "languages": languages,
        "free": offer.is_free,
        "min_age": offer.minimum_age,
        "max_age": offer.maximum_age,
        "residence_status": [t.code for t in residence],
        "last_verified_at": offer.last_verified_at.isoformat() if offer.last_verified_at else None,
        "stale": offer.is_stale(),
        "coordinates": [
            [float(p.latitude), float(p.longitude)] for p in places if p.has_coordinates
        ],
        "sort_title": fold(title.get("de", "")),
    }
    document["version"] = document_version(document)
    return document


FREE_FOR_ALL = "all"
ROLLING_START = "rolling"


def referral_facets(offer, free_with, start_dates) -> dict[str, list[str]]:
    """The facts a referral depends on (issue 14) as facet codes: who takes part free, childcare,
    part-time, course level, start (rolling or the month of each start date) and free places.
    "Free for me" is `free_for` with "all" and the person's benefits: OR within the facet."""
    today = timezone.localdate()
    months = sorted({date.strftime("%Y-%m") for date in start_dates if date >= today})
    return {
        "free_for": [FREE_FOR_ALL] if offer.is_free else [term.code for term in free_with],
        "childcare": [FREE_TRUE] if offer.childcare else [],
        "part_time": [FREE_TRUE] if offer.part_time else [],
        "course_level": offer.course_levels(),
        "start": ([ROLLING_START] if offer.rolling_start else []) + months,
        "capacity": [offer.capacity_status] if offer.capacity_status else [],
    }


def document_version(document: dict) -> str:
    """A fingerprint of what the document says, carried into every hit, so check_search_index
    can tell a stale index entry from a current one through any backend. `stale` is left out:
    it changes with the calendar, not with the content."""
    content = {key: value for key, value in document.items() if key not in ("stale", "version")}
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha1(encoded, usedforsecurity=False).hexdigest()[:20]


def live_offers():
    """The offers the public may see (services_directory.visibility: live, not view-restricted,
    every ancestor live); `iter_documents` fetches their relations per chunk."""
    return OfferPage.objects.for_public().select_related("programme__funding_level").order_by("pk")


def iter_documents(queryset=None, chunk_size: int = 500) -> Iterator[dict]:
    """Documents of all live offers (or of `queryset`), built in chunks with prefetching."""
    context = _Context()
    queryset = live_offers() if queryset is None else queryset
    chunk = []
    for offer in queryset.iterator(chunk_size=chunk_size):
        chunk.append(offer)
        if len(chunk) >= chunk_size:
            yield from _build_chunk(chunk, context)
            chunk = []
    yield from _build_chunk(chunk, context)


def _build_chunk(offers, context):
    if offers:
        context.load_providers({offer.path[: -offer.steplen] for offer in offers})
        context.load_related([offer.pk for offer in offers])
    for offer in offers:
        yield build_document(offer, context)


def document_for(offer_id: int) -> dict | None:
    """The document of one public offer, or None when the public may not see it (or it is gone)."""
    return next(iter_documents(live_offers().filter(pk=offer_id)), None)


def localized(values: dict[str, str], language: str) -> str:
    """A per-language text in the reader's language, falling back to German."""
    return values.get(language) or values.get("de") or next(iter(values.values()), "")


def hit_from_document(document: dict, language: str, score: float = 0.0, highlight: str = "") -> Hit:
    """A result hit in the reader's language: the same for every backend."""
    return Hit(
        offer_id=document["offer_id"],
        hsds_id=document["hsds_id"],
        title=localized(document["title"], language),
        summary=localized(document["summary"], language),
        url=localized(document["url"], language),
        provider_id=document["provider"]["hsds_id"],
        provider_name=document["provider"]["name"],
        districts=list(document["districts"]),
        languages=list(document["languages"]),
        fields_of_action=list(document["facets"]["field_of_action"]),
        target_groups=list(document["facets"]["target_group"]),
        free=document["free"],
        highlight=highlight,
        score=score,
        version=document.get("version", ""),
    )


def is_stale(document: dict, today=None) -> bool:
    """Staleness now (a document built months ago may have gone stale since)."""
    if not document.get("last_verified_at"):
        return True
    today = today or timezone.localdate()
    return datetime.date.fromisoformat(document["last_verified_at"]) < today - STALE_AFTER
