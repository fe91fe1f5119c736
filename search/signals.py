"""The index follows the content: publish, unpublish, delete, move, privacy and label changes.

What the index holds is what the public may see (services_directory.visibility): unpublishing
or restricting a provider (or any page above offers) removes its offers, publishing or lifting
the restriction brings them back. The database index is updated at once, inside the same
transaction as the change (so it can never disagree with committed content); other backends
(Elasticsearch) after the commit, from a pending entry written with the change
(search.maintenance.queue), so a lost update is never silent. A failing update never stops an editor's action: it is logged
at ERROR, recorded as pending and retried (search.maintenance).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import maintenance
from search.models import SearchSynonym
from search.service import database_backend, index_backends
from search.store import bump_synonyms, bump_vocabulary
from services_directory.models import (
    OfferPage,
    OfferPlace,
    Place,
    ProgrammePage,
    ProviderPage,
    Term,
)
from services_directory.signals import offers_changed

logger = logging.getLogger("kim.search")


def _offer_ids(offers) -> list[int]:
    if hasattr(offers, "values_list"):
        return list(offers.values_list("pk", flat=True))
    return [offer if isinstance(offer, int) else offer.pk for offer in offers]


def sync_offers(offers) -> None:
    """Bring every index in line with the visibility rule for these offers (or offer ids)."""
    offer_ids = sorted(set(_offer_ids(offers)))
    if not offer_ids:
        return
    maintenance.apply(database_backend(), offer_ids)
    remote = index_backends()[1:]
    if not remote:
        return
    for backend in remote:
        maintenance.queue(backend.name, offer_ids)

    def later():
        for backend in remote:
            maintenance.apply(backend, offer_ids)

    transaction.on_commit(later)


reindex_offers = sync_offers  # the name other apps know


def _offers_below(page):
    return OfferPage.objects.descendant_of(page, inclusive=True)


def _offers_of(page):
    """The offers whose visibility or document depends on `page`."""
    if type(page) is Page:  # e.g. post_page_move sends the generic page
        page = page.specific
    if isinstance(page, OfferPage):
        return [page]
    if isinstance(page, ProgrammePage):
        return OfferPage.objects.filter(programme=page)
    return _offers_below(page)  # a provider, the directory, the home page: everything below it


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    sync_offers(_offers_of(instance))


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    sync_offers(_offers_of(instance))


@receiver(offers_changed)
def on_offers_changed(sender, offers, **kwargs):
    """Offers written in bulk without `page_published` (the demo loader)."""
    sync_offers(offers)


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    sync_offers(_offers_of(instance))


def _on_view_restriction_changed(sender, instance, **kwargs):
    """A password, login or group restriction added to or lifted from a page hides or shows
    every offer below it."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        sync_offers(_offers_below(page))


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, OfferPage):
        sync_offers([instance.pk])
    else:
        sync_offers(_offers_of(instance))


def _offers_with_term(term) -> set[int]:
    """Ids of the offers that carry a term, one indexed query per link table (the single
    query joining all of them took seconds per edit, minutes without statistics)."""
    offer_ids: set[int] = set()
    for name in OfferPage.TERM_RELATIONS:
        through = getattr(OfferPage, name).through
        offer_ids.update(through.objects.filter(term_id=term.pk).values_list("offerpage_id", flat=True))
    districts = [term.pk, *Term.objects.filter(parent_id=term.pk).values_list("pk", flat=True)]
    offer_ids.update(OfferPlace.objects.filter(place__district_id__in=districts).values_list("offer_id", flat=True))
    offer_ids.update(OfferPage.objects.filter(programme__funding_level_id=term.pk).values_list("pk", flat=True))
    return offer_ids


def _on_term_saved(sender, instance, created, **kwargs):
    """A label edit reaches the database search at once: its index reads labels from the
    vocabulary, so one state bump makes every process reload them. The stored documents (and
    Elasticsearch) are refreshed after the commit."""
    if created:
        return

    bump_vocabulary()
    term = instance
    transaction.on_commit(lambda: sync_offers(_offers_with_term(term)))


PLACE_SAVED_UID = "kim_search_place_saved"  # the HSDS import defers it per batch (open_data.importing.batch)


def place_saved(sender, instance, created, **kwargs):
    if created:
        return

    sync_offers(OfferPage.objects.filter(places__place=instance).distinct())


@receiver([post_save, post_delete], sender=SearchSynonym)
def on_synonyms_changed(sender, **kwargs):
    bump_synonyms()


def connect():
    for model in (OfferPage, ProviderPage, ProgrammePage):
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"kim_search_delete_{model.__name__}")
    post_save.connect(_on_term_saved, sender=Term, dispatch_uid="kim_search_term_saved")
    post_save.connect(place_saved, sender=Place, dispatch_uid=PLACE_SAVED_UID)
    for signal in (post_save, post_delete):
        signal.connect(
            _on_view_restriction_changed, sender=PageViewRestriction,
            dispatch_uid=f"kim_search_view_restriction_{signal is post_save}",
        )
