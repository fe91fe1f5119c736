"""What makes the cached pages stale (portal/page_cache.py): every committed write of a model a
reader may see, and the directory's bulk writes (`offers_changed`), which send no save signals.

Models that change nothing a reader sees (sessions, login failures, the search log, audit logs;
`PAGE_CACHE_IGNORE_MODELS`) are left out, so counting a search does not empty the cache.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal import page_cache
from services_directory.signals import offers_changed


def _ignored(model) -> bool:
    meta = model._meta
    ignored = settings.PAGE_CACHE_IGNORE_MODELS
    return f"{meta.app_label}.*" in ignored or meta.label_lower in ignored


@receiver(post_save)
@receiver(post_delete)
def content_written(sender, **kwargs):
    if not _ignored(sender):
        page_cache.bump()


@receiver(m2m_changed)
def relation_written(sender, action, instance, **kwargs):
    if action.startswith("post_") and not _ignored(type(instance)):
        page_cache.bump()


@receiver(offers_changed)
def offers_written(sender, **kwargs):
    page_cache.bump()
