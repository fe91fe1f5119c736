from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import (
            page_tree,
            signals,  # noqa: F401  (connects the page cache's invalidation)
        )

        page_tree.install()  # after wagtail_modeltranslation (first in INSTALLED_APPS) patched the models
