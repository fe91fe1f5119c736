"""What the HSDS API and the export serve: live, published content only, with its relations
fetched in a few queries."""

from django.db.models import Prefetch, Q

from services_directory.models import (
    OfferPage,
    OfferPlace,
    OpeningSlot,
    ProgrammePage,
    ProviderPage,
    Taxonomy,
    Term,
)

TERM_RELATIONS = list(OfferPage.TERM_RELATIONS)
STEPLEN = 4  # Wagtail's tree path step


def live_offers():
    terms = Term.objects.select_related("taxonomy", "parent")
    return (
        OfferPage.objects.for_public()  # services_directory.visibility: what the public may see
        .select_related("programme__funding_level__taxonomy")
        .prefetch_related(
            Prefetch(
                "places",
                queryset=OfferPlace.objects.select_related("place__district__taxonomy").order_by("sort_order", "pk"),
            ),
            Prefetch("opening_slots", queryset=OpeningSlot.objects.order_by("weekday", "opens", "pk")),
            "languages",
            *[Prefetch(relation, queryset=terms) for relation in TERM_RELATIONS],
        )
        .order_by("hsds_id")  # stable across installations (tree paths are not)
    )


def live_providers():
    # By hsds_id, as offers: titles sort differently per database and language (empty ones too).
    return ProviderPage.objects.for_public().select_related("umbrella").order_by("hsds_id")


class ProviderLookup:
    """The live provider of each offer, by tree path (offers are children of their provider)."""

    def __init__(self):
        self._by_path = {provider.path: provider for provider in live_providers()}

    def for_offer(self, offer):
        return self._by_path.get(offer.path[:-STEPLEN])

    def get(self, hsds_id):
        return next((p for p in self._by_path.values() if str(p.hsds_id) == str(hsds_id)), None)


def offers_with_live_provider(offers, lookup):
    """Pairs (offer, provider); offers without a live provider are not served."""
    pairs = []
    for offer in offers:
        provider = lookup.for_offer(offer)
        if provider is not None:
            if offer.programme_id and not offer.programme.live:
                offer.unserved_programme_id = offer.programme_id  # its unpublishing is a change (changes.py)
                offer.programme = None  # a programme that is not published is not served
            pairs.append((offer, provider))
    return pairs


def terms():
    return Term.objects.select_related("taxonomy", "parent").order_by("taxonomy__sort_order", "sort_order", "code")


def taxonomies():
    return Taxonomy.objects.order_by("sort_order", "code")


def term_filter(term):
    """Offers classified with `term`, its narrower terms included (a Stadtbezirk matches its Stadtteile)."""
    codes = [term.pk, *term.children.values_list("pk", flat=True)]
    condition = Q()
    for relation in TERM_RELATIONS:
        condition |= Q(**{f"{relation}__in": codes})
    condition |= Q(places__place__district__in=codes) | Q(programme__funding_level__in=codes)
    return condition


def taxonomy_filter(taxonomy):
    condition = Q()
    for relation in TERM_RELATIONS:
        condition |= Q(**{f"{relation}__taxonomy": taxonomy})
    condition |= Q(places__place__district__taxonomy=taxonomy) | Q(programme__funding_level__taxonomy=taxonomy)
    return condition


def text_filter(text, language):
    condition = Q()
    for lang in dict.fromkeys([language, "de"]):
        for field in ("title", "summary", "description"):
            condition |= Q(**{f"{field}_{lang}__icontains": text})
    return condition


def programmes_live():
    return ProgrammePage.objects.live()
