"""The index follows the content: publish, unpublish, delete, move and label changes.

The database index is updated at once, inside the same transaction as the change (so it can
never disagree with committed content); other backends (Elasticsearch) after the commit.
A failing index update is logged and never stops an editor's action.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.models import SearchSynonym
from services_directory.signals import offers_changed

logger = logging.getLogger("kim.search")


def _run(action, *args):
    from search.service import database_backend, index_backends

    try:
        with transaction.atomic():
            action(database_backend(), *args)
    except Exception:  # noqa: BLE001 - never break publishing because of the index
        logger.exception("Updating the database search index failed")

    def later():
        for backend in index_backends()[1:]:
            try:
                action(backend, *args)
            except Exception:  # noqa: BLE001
                logger.exception("Updating the %s search index failed", backend.name)

    transaction.on_commit(later)


def _index(backend, offers):
    backend.index_offers(offers)


def _remove(backend, offer_id):
    backend.remove_offer(offer_id)


def reindex_offers(offers):
    offers = list(offers)
    if offers:
        _run(_index, offers)


def _offers_below(page):
    from services_directory.models import OfferPage

    return OfferPage.objects.descendant_of(page)


def _offers_of(page):
    from wagtail.models import Page

    from services_directory.models import OfferPage, ProgrammePage, ProviderPage

    if type(page) is Page:  # e.g. post_page_move sends the generic page
        page = page.specific
    if isinstance(page, OfferPage):
        return [page]
    if isinstance(page, ProviderPage):
        return _offers_below(page)
    if isinstance(page, ProgrammePage):
        return OfferPage.objects.filter(programme=page)
    return []


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    reindex_offers(_offers_of(instance))


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    reindex_offers(_offers_of(instance))


@receiver(offers_changed)
def on_offers_changed(sender, offers, **kwargs):
    """Offers written in bulk without `page_published` (the demo loader)."""
    reindex_offers(offers)


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    reindex_offers(_offers_of(instance) or _offers_below(instance))


def _on_delete(sender, instance, **kwargs):
    from services_directory.models import OfferPage

    if isinstance(instance, OfferPage):
        _run(_remove, instance.pk)
    else:
        reindex_offers(_offers_of(instance))


def _on_term_saved(sender, instance, created, **kwargs):
    if created:
        return
    from services_directory.models import OfferPage

    term = instance
    reindex_offers(
        OfferPage.objects.filter(
            Q(fields_of_action=term)
            | Q(target_groups=term)
            | Q(legal_scopes=term)
            | Q(delivery_forms=term)
            | Q(residence_statuses=term)
            | Q(places__place__district=term)
            | Q(places__place__district__parent=term)
            | Q(programme__funding_level=term)
        ).distinct()
    )


def _on_place_saved(sender, instance, created, **kwargs):
    if created:
        return
    from services_directory.models import OfferPage

    reindex_offers(OfferPage.objects.filter(places__place=instance).distinct())


@receiver([post_save, post_delete], sender=SearchSynonym)
def on_synonyms_changed(sender, **kwargs):
    from search.store import bump_synonyms

    bump_synonyms()


def connect():
    from services_directory.models import OfferPage, Place, ProgrammePage, ProviderPage, Term

    for model in (OfferPage, ProviderPage, ProgrammePage):
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"kim_search_delete_{model.__name__}")
    post_save.connect(_on_term_saved, sender=Term, dispatch_uid="kim_search_term_saved")
    post_save.connect(_on_place_saved, sender=Place, dispatch_uid="kim_search_place_saved")
