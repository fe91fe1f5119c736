"""The controlled vocabulary (services_directory/vocabulary/taxonomies.json) as editable models.

Codes are stable identifiers used by search filters, the open-data API and imports: editors may
add terms and translate labels, but a saved code never changes.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

FIELD_OF_ACTION = "field-of-action"
TARGET_GROUP = "target-group"
DISTRICT = "district"
FUNDING_LEVEL = "funding-level"
LEGAL_SCOPE = "legal-scope"
DELIVERY = "delivery"
RESIDENCE_STATUS = "residence-status"
LANGUAGE_FIELD = "sprache"  # the field of action whose offers may state a course level
BENEFIT = "benefit"  # benefits a person receives: the conditions that make a fee-charging offer free

LEVEL_STADTBEZIRK = "stadtbezirk"
LEVEL_STADTTEIL = "stadtteil"


class Taxonomy(models.Model):
    code = models.SlugField(_("Code"), max_length=50, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("Taxonomy")
        verbose_name_plural = _("Taxonomies")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name or self.code

    def clean(self):
        _protect_code(self, Taxonomy)


class TermQuerySet(models.QuerySet):
    def of(self, taxonomy_code):
        return self.filter(taxonomy__code=taxonomy_code)

    def stadtbezirke(self):
        return self.of(DISTRICT).filter(level=LEVEL_STADTBEZIRK)

    def stadtteile(self):
        return self.of(DISTRICT).filter(level=LEVEL_STADTTEIL)


class Term(models.Model):
    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("Taxonomy"), on_delete=models.PROTECT, related_name="terms"
    )
    code = models.SlugField(_("Code"), max_length=80)
    name = models.CharField(_("Label"), max_length=200)
    short_name = models.CharField(_("Short label"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("Parent term"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    level = models.CharField(_("Level"), max_length=20, blank=True)
    number = models.PositiveSmallIntegerField(_("Number"), null=True, blank=True)
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    sort_order = models.PositiveIntegerField(default=0)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vocabulary term")
        verbose_name_plural = _("Vocabulary terms")
        ordering = ["taxonomy__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code_per_taxonomy")
        ]

    def __str__(self):
        return self.name or self.code

    @property
    def label(self):
        """The label a reader sees: the short form (e.g. "SGB II") with the name, where one exists."""
        if self.short_name:
            return f"{self.short_name} – {self.name}"
        return self.name

    @property
    def stadtbezirk(self):
        """The Stadtbezirk a district term belongs to (itself for a Stadtbezirk)."""
        if self.level == LEVEL_STADTTEIL and self.parent_id:
            return self.parent
        return self

    def clean(self):
        _protect_code(self, Term)
        if self.parent_id and self.parent.taxonomy_id != self.taxonomy_id:
            raise ValidationError({"parent": _("The parent term must belong to the same taxonomy.")})


def _protect_code(instance, model):
    if not instance.pk:
        return
    saved = model.objects.filter(pk=instance.pk).values_list("code", flat=True).first()
    if saved is not None and saved != instance.code:
        raise ValidationError({"code": _("Codes are stable identifiers and cannot be changed.")})


def term_choices(taxonomy_code):
    """`limit_choices_to` for a relation that may only hold terms of one taxonomy."""
    return {"taxonomy__code": taxonomy_code}
