"""The monthly snapshot of the steering reports' headline figures, so their trend can be drawn."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """The headline figures of every steering report at the end of one month.

    Written by `take_steering_snapshot` (run monthly from cron); months before the first run are
    reconstructed from the pages' revision history where the figures allow it (`source`).
    """

    SOURCE_SNAPSHOT = "snapshot"
    SOURCE_BACKFILL = "backfill"
    SOURCE_CHOICES = [(SOURCE_SNAPSHOT, _("Monthly snapshot")), (SOURCE_BACKFILL, _("From the revision history"))]

    month = models.DateField(_("Month"), unique=True, help_text=_("The first day of the month."))
    figures = models.JSONField(_("Figures"), default=dict)
    source = models.CharField(_("Source"), max_length=10, choices=SOURCE_CHOICES, default=SOURCE_SNAPSHOT)
    taken_at = models.DateTimeField(_("Taken at"), auto_now=True)

    class Meta:
        verbose_name = _("Steering snapshot")
        verbose_name_plural = _("Steering snapshots")
        ordering = ["month"]
        default_permissions = ()
        permissions = [("view_steering_reports", _("Can view the steering reports"))]

    def __str__(self):
        return f"{self.month:%Y-%m} ({self.source})"
