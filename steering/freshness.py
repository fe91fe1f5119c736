"""Freshness and translation: the share of public offers verified in the last 6 and 12 months
and the share translated (up to date) into each portal language, per carrier or per field."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation

from carriers.models import TranslationStatus
from carriers.translations import SOURCE_LANGUAGE, compute, target_languages, texts
from services_directory.models import OfferPage, ProviderPage, Term
from steering.coverage import search_language
from steering.dates import add_months

BY_CARRIER, BY_FIELD = "carrier", "field"


@dataclass
class Group:
    code: str
    label: str
    offers: int = 0
    verified_6: int = 0
    verified_12: int = 0
    translated: dict = field(default_factory=dict)  # language -> offers translated and up to date

    def share(self, count):
        return round(100 * count / self.offers) if self.offers else 0

    @property
    def verified_6_pct(self):
        return self.share(self.verified_6)

    @property
    def verified_12_pct(self):
        return self.share(self.verified_12)

    def translated_pct(self, language):
        return self.share(self.translated.get(language, 0))


def translated_languages(offer, statuses) -> set[str]:
    """The languages whose translation of `offer` is complete and current. Offers never saved in
    the admin (imports, demo) have no stored status: their texts are checked directly."""
    stored = statuses.get(offer.pk, {})
    done = set()
    source = None
    for language in target_languages():
        status = stored.get(language)
        if status is not None:
            if status == TranslationStatus.CURRENT:
                done.add(language)
            continue
        source = source if source is not None else texts(offer, SOURCE_LANGUAGE)
        missing, _source_hash, _translation_hash = compute(source, texts(offer, language))
        if not missing:
            done.add(language)
    return done


def groups(group=BY_CARRIER, today: datetime.date | None = None, language=None) -> list[Group]:
    today = today or timezone.localdate()
    six, twelve = add_months(today, -6), add_months(today, -12)
    offers = list(OfferPage.objects.for_public().prefetch_related("fields_of_action").order_by("path"))
    statuses: dict[int, dict[str, str]] = {}
    for offer_id, lang, status in TranslationStatus.objects.filter(offer__in=[o.pk for o in offers]).values_list(
        "offer_id", "language", "status"
    ):
        statuses.setdefault(offer_id, {})[lang] = status
    with translation.override(search_language(language)):
        if group == BY_FIELD:
            found = {t.code: Group(t.code, t.name) for t in Term.objects.of("field-of-action").filter(parent=None)}
        else:
            found = {}
            providers = {p.path: p for p in ProviderPage.objects.all().only("path", "title", "hsds_id")}
    for offer in offers:
        if group == BY_FIELD:
            keys = [term.code for term in offer.fields_of_action.all()]
        else:
            provider = providers.get(offer.path[: -OfferPage.steplen])
            if provider is None:
                continue
            found.setdefault(str(provider.hsds_id), Group(str(provider.hsds_id), provider.title))
            keys = [str(provider.hsds_id)]
        verified = offer.last_verified_at
        done = translated_languages(offer, statuses)
        for key in keys:
            item = found.get(key)
            if item is None:
                continue
            item.offers += 1
            item.verified_6 += bool(verified and verified >= six)
            item.verified_12 += bool(verified and verified >= twelve)
            for lang in done:
                item.translated[lang] = item.translated.get(lang, 0) + 1
    result = list(found.values())
    if group == BY_CARRIER:
        result.sort(key=lambda item: item.label.casefold())
    return result


def overall(today=None) -> Group:
    """The whole directory as one group (headline figures)."""
    total = Group("all", "")
    for item in groups(BY_CARRIER, today):
        total.offers += item.offers
        total.verified_6 += item.verified_6
        total.verified_12 += item.verified_12
        for lang, count in item.translated.items():
            total.translated[lang] = total.translated.get(lang, 0) + count
    return total
