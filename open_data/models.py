"""Identifiers of HSDS objects the directory's own models have no column for.

Languages, schedules, addresses, cost options, attributes (term links) and service_at_location
rows get a UUID derived from what they are (`uuid5` of a stable key), so the portal's own data
has stable ids without storing anything. An import that brings other ids records them here,
so the same document comes back out with the ids it went in with.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.fields import DocumentField


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


class ChangeStamp(models.Model):
    """When a thing a service document shows last changed, for the things without a publishing
    date of their own (places, vocabulary) and for page events that keep it (unpublishing,
    moving): `last_modified` and `modified_after` read these (see open_data.changes)."""

    kind = models.CharField(_("Kind"), max_length=20)  # page, place, term, taxonomy
    key = models.BigIntegerField(_("Primary key"))
    changed_at = models.DateTimeField(_("Changed at"), db_index=True)

    class Meta:
        verbose_name = _("change stamp")
        verbose_name_plural = _("change stamps")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="open_data_changestamp_unique")]

    def __str__(self):
        return f"{self.kind} {self.key} at {self.changed_at:%Y-%m-%d %H:%M:%S}"


class ImportedDocument(models.Model):
    """An imported HSDS document as it came in (`original`) and as the portal served it right
    after the import (`baseline`): what the directory cannot hold is given back from the
    original on export, and what an editor changed since wins (see open_data.keeping)."""

    kind = models.CharField(_("Kind"), max_length=20)  # service, organization
    hsds_id = models.UUIDField(_("HSDS id"))
    language = models.CharField(_("Language"), max_length=7)
    original = DocumentField(_("Document as imported"))
    baseline = DocumentField(_("Document as served after the import"))
    imported_at = models.DateTimeField(_("Imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported HSDS document")
        verbose_name_plural = _("imported HSDS documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "hsds_id", "language"], name="open_data_importeddocument_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.hsds_id} ({self.language})"


class ForeignTerm(models.Model):
    """A term of another producer's taxonomy met in an import. The attribute itself is kept with
    the imported document (and exported as it came); an editor may map the term to one of the
    portal's terms, and later imports then classify with that term."""

    taxonomy = models.CharField(_("Taxonomy"), max_length=255)
    code = models.CharField(_("Code"), max_length=255, blank=True)
    name = models.CharField(_("Name"), max_length=255, blank=True)
    foreign_id = models.CharField(_("Id in the other system"), max_length=64, blank=True)
    term = models.ForeignKey(
        "services_directory.Term", verbose_name=_("Our term"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The portal's term this foreign term means; empty while unmapped."),
    )
    first_seen = models.DateTimeField(_("First seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("foreign taxonomy term")
        verbose_name_plural = _("foreign taxonomy terms")
        ordering = ["taxonomy", "code", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code", "foreign_id"], name="open_data_foreignterm_unique")]

    def __str__(self):
        return f"{self.taxonomy}: {self.name or self.code}"
