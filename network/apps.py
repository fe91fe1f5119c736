from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The integration network: committees, news, events, their feeds and who works with whom."""

    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The directory does not know the network: the network adds its page types below providers,
        # so carriers write news and events in their own subtree, through the same review workflow.
        from services_directory.models import ProviderPage

        extra = ["network.NewsPage", "network.EventPage"]
        ProviderPage.subpage_types = [*ProviderPage.subpage_types, *(name for name in extra if name not in ProviderPage.subpage_types)]
