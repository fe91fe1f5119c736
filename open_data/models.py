"""Identifiers of HSDS objects the directory's own models have no column for.

Languages, schedules, addresses, cost options, attributes (term links) and service_at_location
rows get a UUID derived from what they are (`uuid5` of a stable key), so the portal's own data
has stable ids without storing anything. An import that brings other ids records them here,
so the same document comes back out with the ids it went in with.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HsdsId(models.Model):
    key = models.CharField(_("Key"), max_length=255, unique=True)
    hsds_id = models.UUIDField(_("HSDS id"), db_index=True)

    class Meta:
        verbose_name = _("HSDS identifier")
        verbose_name_plural = _("HSDS identifiers")

    def __str__(self):
        return f"{self.key} = {self.hsds_id}"


class ImportLock(models.Model):
    """Held while an import runs, so only one import writes at a time (across processes and hosts)."""

    name = models.CharField(_("Name"), max_length=50, unique=True)
    holder = models.CharField(_("Held by"), max_length=200)
    started_at = models.DateTimeField(_("Started at"))

    class Meta:
        verbose_name = _("import lock")
        verbose_name_plural = _("import locks")

    def __str__(self):
        return f"{self.name} ({self.holder}, {self.started_at:%Y-%m-%d %H:%M})"
