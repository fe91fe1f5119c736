from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    """Strategic steering reports for the KIM team: coverage, languages, funding risk, demand, freshness, trend."""

    name = "steering"
    verbose_name = _("Steering reports")
    default_auto_field = "django.db.models.BigAutoField"
