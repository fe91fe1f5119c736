"""Transitional: the old search builders' signatures on top of tests/factories.py, for tests
written before the builders were merged. New tests use the factories directly."""

import datetime

from django.utils import timezone

from tests.factories import (  # noqa: F401
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
    term,
)


def make_provider(title="Caritas Köln", publish=True, **fields):
    return ProviderPageFactory(title=title, publish=publish, **fields)


def make_programme(title="Migrationsberatung für erwachsene Zuwanderer", funding_level="bund", publish=True, **fields):
    return ProgrammePageFactory(title=title, funding_level=funding_level, publish=publish, **fields)


def make_place(name="Beratungsstelle", district="ehrenfeld-stadtteil", latitude=None, longitude=None, **fields):
    return PlaceFactory(name=name, district=district, latitude=latitude, longitude=longitude, **fields)


def make_offer(provider, title, summary="", description="", fields_of_action=(), target_groups=(), legal_scopes=(),
               delivery=(), residence=(), languages=(), places=(), verified_days_ago=30, publish=True,
               translations=None, **fields):
    """An offer below `provider`; `translations` = {"en": {"title": …, "summary": …}}."""
    fields.pop("live", None)  # publish=False makes a draft
    for language, texts in (translations or {}).items():
        fields.update({f"{name}_{language}": value for name, value in texts.items()})
    verified = None if verified_days_ago is None else timezone.localdate() - datetime.timedelta(days=verified_days_ago)
    return OfferPageFactory(
        parent=provider, title=title, summary=summary or title, description=f"<p>{description}</p>" if description else "",
        fields_of_action=list(fields_of_action), target_groups=list(target_groups), legal_scopes=list(legal_scopes),
        delivery_forms=list(delivery), residence_statuses=list(residence), languages=list(languages), places=list(places),
        last_verified_at=verified, publish=publish, **fields,
    )
