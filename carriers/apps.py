from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarriersConfig(AppConfig):
    """Carrier self-service: editor roles per provider, review workflow, freshness, translations."""

    name = "carriers"
    verbose_name = _("Carrier self-service")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Permission policies must be registered before Wagtail builds snippet viewsets
        # (wagtail.snippets' ready() runs after ours: "carriers" comes first in INSTALLED_APPS).
        from carriers import permissions, signals  # noqa: F401

        permissions.register_policies()
        signals.connect()
