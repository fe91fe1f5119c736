"""Small builders for search tests: published providers, programmes, places and offers."""

import datetime
import itertools

from django.utils import timezone

_numbers = itertools.count(1)


def _directory():
    from services_directory.models import DirectoryIndexPage

    return DirectoryIndexPage.objects.get()


def term(taxonomy, code):
    from services_directory.models import Term

    return Term.objects.of(taxonomy).get(code=code)


def make_provider(title="Caritas Köln", publish=True, **fields):
    from services_directory.models import ProviderPage

    provider = ProviderPage(title=title, slug=f"provider-{next(_numbers)}", **fields)
    _directory().add_child(instance=provider)
    if publish:
        provider.save_revision().publish()
    return provider


def make_programme(title="Migrationsberatung für erwachsene Zuwanderer", funding_level="bund", publish=True, **fields):
    from services_directory.models import ProgrammePage

    programme = ProgrammePage(
        title=title, slug=f"programme-{next(_numbers)}", funding_level=term("funding-level", funding_level), **fields
    )
    _directory().add_child(instance=programme)
    if publish:
        programme.save_revision().publish()
    return programme


def make_place(name="Beratungsstelle", district="ehrenfeld-stadtteil", latitude=None, longitude=None, **fields):
    from services_directory.models import Place

    return Place.objects.create(
        name=name, street="Venloer Str. 1", postcode="50823", district=term("district", district),
        latitude=latitude, longitude=longitude, **fields,
    )


def make_offer(
    provider,
    title,
    summary="",
    description="",
    fields_of_action=(),
    target_groups=(),
    legal_scopes=(),
    delivery=(),
    residence=(),
    languages=(),
    places=(),
    verified_days_ago=30,
    publish=True,
    translations=None,
    **fields,
):
    """An offer below `provider`; `translations` = {"en": {"title": …, "summary": …}}.

    publish=False creates it live without a revision (fast; nothing indexes it until a rebuild)."""
    from services_directory.models import OfferLanguage, OfferPage, OfferPlace

    values = {
        "title": title,
        "summary": summary or title,
        "description": f"<p>{description}</p>" if description else "",
        "slug": f"offer-{next(_numbers)}",
        "last_verified_at": (
            timezone.localdate() - datetime.timedelta(days=verified_days_ago) if verified_days_ago is not None else None
        ),
        **fields,
    }
    for language, texts in (translations or {}).items():
        for field, value in texts.items():
            values[f"{field}_{language}"] = value
    offer = OfferPage(**values)
    provider.add_child(instance=offer)
    offer.fields_of_action.set([term("field-of-action", code) for code in fields_of_action])
    offer.target_groups.set([term("target-group", code) for code in target_groups])
    offer.legal_scopes.set([term("legal-scope", code) for code in legal_scopes])
    offer.delivery_forms.set([term("delivery", code) for code in delivery])
    offer.residence_statuses.set([term("residence-status", code) for code in residence])
    for code in languages:
        OfferLanguage.objects.create(offer=offer, code=code)
    for place in places:
        OfferPlace.objects.create(offer=offer, place=place)
    offer.save()
    if publish:
        offer.save_revision().publish()
    return offer
