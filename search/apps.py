from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "kim_search"  # "search" is too generic an app label next to wagtail.search
    verbose_name = _("Search")

    def ready(self):
        from search import log, signals  # noqa: F401  (log counts searches the page cache answers)

        signals.connect()
