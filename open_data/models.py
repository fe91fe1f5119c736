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
