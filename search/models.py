"""The database search index, the editable synonym list and the privacy-friendly search log."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_generation():
    return uuid.uuid4().hex


class SearchIndexState(models.Model):
    """One row: tells every process whether its in-memory copy of the index is current.

    `generation` changes on a full rebuild (processes reload everything); `seq` grows with
    every change of a document (processes fetch only the documents changed since);
    `synonyms_version` grows when an editor changes the synonym list."""

    generation = models.CharField(max_length=32, default=new_generation)
    seq = models.BigIntegerField(default=0)
    synonyms_version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Search index state")

    def __str__(self):
        return f"{self.generation}:{self.seq}"


class SearchDocument(models.Model):
    """The denormalised search document of one offer (see search.documents)."""

    offer_id = models.BigIntegerField(primary_key=True)
    hsds_id = models.CharField(max_length=36, db_index=True)
    document = models.JSONField()
    live = models.BooleanField(default=True)  # False: removed (kept so processes notice)
    seq = models.BigIntegerField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Search document")

    def __str__(self):
        return self.hsds_id


class SearchSynonym(models.Model):
    """Words that mean the same to a searcher: a query for one also finds the others."""

    terms = models.CharField(
        _("Words with the same meaning"),
        max_length=500,
        help_text=_("Separate the words with commas, e.g. “Deutschkurs, Sprachkurs, Integrationskurs”."),
    )
    note = models.CharField(_("Note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Search synonym")
        verbose_name_plural = _("Search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def words(self):
        return [word.strip() for word in self.terms.split(",") if word.strip()]


class SearchLogEntry(models.Model):
    """One search as the steering reports need it: no IP address, no user, no session."""

    text = models.CharField(_("Normalised search text"), max_length=200, blank=True)
    language = models.CharField(_("Language"), max_length=10)
    filters = models.JSONField(_("Filters"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("Results"))
    created_at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Search log entry")
        verbose_name_plural = _("Search log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.text or '–'} ({self.language}, {self.result_count})"
