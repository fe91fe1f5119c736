from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """Editors' collections: saved searches as pages and as an "offer list" block."""

    name = "curation"
    verbose_name = _("Collections")
    default_auto_field = "django.db.models.BigAutoField"
