"""Keep carrier groups and translation statuses in step with the directory's pages."""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from carriers import translations
from carriers.roles import sync_provider_group
from services_directory.models import OfferPage, ProviderPage

WATCHED_PROVIDER_FIELDS = {"title", "title_de", "is_trusted"}


def provider_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not WATCHED_PROVIDER_FIELDS.intersection(update_fields):
        return
    sync_provider_group(instance)


def offer_published(sender, instance, **kwargs):
    if isinstance(instance, OfferPage):
        translations.record(instance, minor_change=getattr(instance, translations.MINOR_CHANGE_FIELD, False))


def connect():
    post_save.connect(provider_saved, sender=ProviderPage, dispatch_uid="carriers_provider_saved")
    page_published.connect(offer_published, dispatch_uid="carriers_offer_published")
