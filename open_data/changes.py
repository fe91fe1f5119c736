"""When a service document last changed: `last_modified` on every service and the
`modified_after` filter (HSDS: "the datetime when the service, or any related information about
the service, has changed").

A service shows its offer, provider and programme (pages: their publishing date, and a stamp for
every save, unpublish or move), its places (stamped on save and delete) and vocabulary labels
(terms and taxonomies, stamped on save and delete). A service's `last_modified` is the latest of
these; `modified_after` selects the services with any of them on or after the date, so a client
that syncs with the time of its last sync misses nothing (deleted services: compare the ids of
`minimal=true`).
"""

import datetime

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone

from open_data.importing.batch import current as deferred_batch
from open_data.models import ChangeStamp
from services_directory.models import (
    OfferPage,
    OfferPlace,
    Place,
    ProgrammePage,
    ProviderPage,
    Taxonomy,
    Term,
)

PAGE, PLACE, TERM, TAXONOMY = "page", "place", "term", "taxonomy"
TERM_RELATIONS = list(OfferPage.TERM_RELATIONS)


def stamp(kind, keys, when=None):
    """Record that these objects changed now (or `when`); during an import batch, once at its end."""
    when = when or timezone.now()
    keys = {key for key in keys if key is not None}
    batch = deferred_batch()
    if batch is not None:
        batch.stamps += [(kind, key, when) for key in keys]
        return
    for key in keys:
        ChangeStamp.objects.update_or_create(kind=kind, key=key, defaults={"changed_at": when})


def write_stamps(stamps):
    """[(kind, key, when)] in one upsert, the latest moment of each object winning."""
    latest = {}
    for kind, key, when in stamps:
        if (kind, key) not in latest or latest[(kind, key)] < when:
            latest[(kind, key)] = when
    ChangeStamp.objects.bulk_create(
        [ChangeStamp(kind=kind, key=key, changed_at=when) for (kind, key), when in latest.items()],
        update_conflicts=True, unique_fields=["kind", "key"], update_fields=["changed_at"],
    )


# -- signals ---------------------------------------------------------------------------------------


def _page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        stamp(PAGE, [instance.pk])


def _place_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        stamp(PLACE, [instance.pk])


def _place_deleting(sender, instance, **kwargs):
    offers = OfferPlace.objects.filter(place=instance).values_list("offer_id", flat=True)
    stamp(PAGE, list(offers))


def _term_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        stamp(TERM, [instance.pk])


def _term_deleting(sender, instance, **kwargs):
    stamp(PAGE, list(OfferPage.objects.filter(_term_condition([instance.pk])).values_list("pk", flat=True)))


def _taxonomy_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        stamp(TAXONOMY, [instance.pk])


def connect():
    for model in (OfferPage, ProviderPage, ProgrammePage):
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"open_data.changes.page.{model.__name__}")
    post_save.connect(_place_changed, sender=Place, dispatch_uid="open_data.changes.place.saved")
    pre_delete.connect(_place_deleting, sender=Place, dispatch_uid="open_data.changes.place.deleting")
    post_save.connect(_term_changed, sender=Term, dispatch_uid="open_data.changes.term.saved")
    pre_delete.connect(_term_deleting, sender=Term, dispatch_uid="open_data.changes.term.deleting")
    post_save.connect(_taxonomy_changed, sender=Taxonomy, dispatch_uid="open_data.changes.taxonomy.saved")
    post_delete.connect(_taxonomy_changed, sender=Taxonomy, dispatch_uid="open_data.changes.taxonomy.deleted")


# -- reading ---------------------------------------------------------------------------------------


def _term_condition(term_ids):
    condition = Q()
    for relation in TERM_RELATIONS:
        condition |= Q(**{f"{relation}__in": term_ids})
    return condition | Q(places__place__district__in=term_ids) | Q(programme__funding_level__in=term_ids)


def _stamped_since(kind, since):
    return set(ChangeStamp.objects.filter(kind=kind, changed_at__gte=since).values_list("key", flat=True))


def changed_since(offers, since):
    """The offers whose document changed on or after `since`."""
    pages = _stamped_since(PAGE, since)
    pages |= set(
        ProviderPage.objects.filter(last_published_at__gte=since).values_list("pk", flat=True)
    ) | set(ProgrammePage.objects.filter(last_published_at__gte=since).values_list("pk", flat=True))
    providers = ProviderPage.objects.filter(pk__in=pages).values_list("path", flat=True)
    terms = _stamped_since(TERM, since)
    taxonomies = _stamped_since(TAXONOMY, since)
    if taxonomies:
        terms |= set(Term.objects.filter(taxonomy__in=taxonomies).values_list("pk", flat=True))
    condition = Q(last_published_at__gte=since) | Q(pk__in=pages) | Q(programme__in=pages)
    condition |= Q(places__place__in=_stamped_since(PLACE, since))
    for path in providers:
        condition |= Q(path__startswith=path, depth=len(path) // 4 + 1)
    if terms:
        condition |= _term_condition(terms)
    return offers.filter(condition)


class Stamps:
    """The change stamps, loaded once for a listing: `last_modified(offer, provider)`."""

    def __init__(self):
        self._by_kind = {}
        for kind, key, changed_at in ChangeStamp.objects.values_list("kind", "key", "changed_at"):
            self._by_kind.setdefault(kind, {})[key] = changed_at

    def _get(self, kind, key):
        return self._by_kind.get(kind, {}).get(key)

    def last_modified(self, offer, provider, programme=None):
        moments = [offer.last_published_at, self._get(PAGE, offer.pk)]
        moments += [provider.last_published_at, self._get(PAGE, provider.pk)]
        programme_id = offer.programme_id or getattr(offer, "unserved_programme_id", None)
        if programme_id:  # also when it is no longer served (unpublished): that is a change
            moments.append(self._get(PAGE, programme_id))
        if programme is not None:
            moments += [programme.last_published_at, self._get(PAGE, programme.pk)]
            if programme.funding_level_id:
                moments += self._vocabulary(programme.funding_level)
        for link in offer.places.all():
            moments.append(self._get(PLACE, link.place_id))
            if link.place.district_id:
                moments += self._vocabulary(link.place.district)
        for relation in TERM_RELATIONS:
            for term in getattr(offer, relation).all():
                moments += self._vocabulary(term)
        known = [moment for moment in moments if moment is not None]
        return max(known) if known else None

    def _vocabulary(self, term):
        return [self._get(TERM, term.pk), self._get(TAXONOMY, term.taxonomy_id)]


def isoformat(moment):
    """HSDS's date-time with millisecond accuracy, in UTC."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
