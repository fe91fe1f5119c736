"""The database search index, the editable synonym list and the privacy-friendly search log."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.fields import DocumentField


def new_generation():
    return uuid.uuid4().hex


class SearchIndexState(models.Model):
    """One row: tells every process whether its in-memory copy of the index is current.

    `generation` changes on a full rebuild (processes reload everything); `seq` grows with
    every change of a document (processes fetch only the documents changed since);
    `synonyms_version` grows when an editor changes the synonym list, `vocabulary_version` when
    a vocabulary label changes (processes reload the labels instead of reindexing offers)."""

    generation = models.CharField(max_length=32, default=new_generation)
    seq = models.BigIntegerField(default=0)
    synonyms_version = models.BigIntegerField(default=0)
    vocabulary_version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Search index state")

    def __str__(self):
        return f"{self.generation}:{self.seq}"


class SearchDocument(models.Model):
    """The denormalised search document of one offer (see search.documents)."""

    offer_id = models.BigIntegerField(primary_key=True)
    hsds_id = models.CharField(max_length=36, db_index=True)
    document = DocumentField()
    live = models.BooleanField(default=True)  # False: removed (kept so processes notice)
    seq = models.BigIntegerField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Columns the database-native engine (search.backends.sql) filters and sorts by.
    min_age = models.PositiveSmallIntegerField(null=True)
    max_age = models.PositiveSmallIntegerField(null=True)
    verified_on = models.DateField(null=True)
    sort_title = models.CharField(max_length=300, default="")
    residence_open = models.BooleanField(default=True)  # no residence status: open to everyone

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
    """How often one search was made on one day, as the steering reports need it: no IP address,
    no user, no session, no time of day. One row per (day, normalised text, language, filters,
    zero results), counted up by search.log, so the table grows with distinct searches, not
    with traffic; `prune_search_log` deletes days past the retention period."""

    key = models.CharField(max_length=64, unique=True, editable=False)  # hash of the row's identity
    day = models.DateField(_("Day"), db_index=True)
    text = models.CharField(_("Normalised search text"), max_length=200, blank=True)
    language = models.CharField(_("Language"), max_length=10)
    filters = models.JSONField(_("Filters"), default=dict, blank=True)
    zero_results = models.BooleanField(_("No results"), default=False)
    searches = models.PositiveIntegerField(_("Searches"), default=0)
    result_count = models.PositiveIntegerField(_("Results"), default=0)  # of the latest such search

    class Meta:
        verbose_name = _("Search log entry")
        verbose_name_plural = _("Search log")
        ordering = ["-day", "-searches"]

    def __str__(self):
        return f"{self.day} {self.text or '–'} ({self.language}, {self.searches}×, {self.result_count})"


class PendingIndexUpdate(models.Model):
    """An offer whose entry in one backend's index is known to be wrong: an update failed, or
    `check_search_index` found it missing, stale or extra. Retried on the next index write and
    by `check_search_index --repair`; /healthz counts them, so nothing fails silently."""

    REASON_FAILED, REASON_MISSING, REASON_STALE, REASON_EXTRA = "failed", "missing", "stale", "extra"
    REASONS = [(reason, reason) for reason in (REASON_FAILED, REASON_MISSING, REASON_STALE, REASON_EXTRA)]

    backend = models.CharField(max_length=30)
    offer_id = models.BigIntegerField()
    reason = models.CharField(max_length=10, choices=REASONS, default=REASON_FAILED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["backend", "offer_id"], name="unique_pending_index_update")]

    def __str__(self):
        return f"{self.backend}:{self.offer_id} ({self.reason}, {self.attempts} attempts)"


# -- the database-native engine's index (search.index_rows writes it, search.backends.sql reads it) --


class SearchWord(models.Model):
    """A distinct folded word of one language in the indexed text: the lexicon that exact, stem,
    compound (substring, trigram-indexed) and typo look-ups run against."""

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=100)
    stem = models.CharField(max_length=100)
    length = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "kim_search_word"
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="kim_search_word_unique")]
        indexes = [
            models.Index(fields=["language", "stem"], name="kim_search_word_stem"),
            models.Index(fields=["language", "length"], name="kim_search_word_length"),
        ]

    def __str__(self):
        return f"{self.language}:{self.word}"


class SearchPosting(models.Model):
    """One word in one text field of one offer (fields: search.index_rows.FIELD_WEIGHTS)."""

    pk = models.CompositePrimaryKey("word_id", "offer_id", "field")
    word_id = models.IntegerField()
    offer_id = models.BigIntegerField(db_index=True)
    field = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "kim_search_posting"

    def __str__(self):
        return f"{self.word_id}@{self.offer_id}:{self.field}"


class SearchFacetValue(models.Model):
    """One facet code of one offer, taken generically from the document's "facets" (and its
    residence statuses), so a facet added to the document is filterable and counted at once."""

    pk = models.CompositePrimaryKey("offer_id", "facet", "code")
    offer_id = models.BigIntegerField()
    facet = models.CharField(max_length=40)
    code = models.CharField(max_length=100)
    label = models.CharField(max_length=300, blank=True)  # provider and programme names

    class Meta:
        db_table = "kim_search_facet"
        indexes = [models.Index(fields=["facet", "code"], name="kim_search_facet_code")]

    def __str__(self):
        return f"{self.offer_id}:{self.facet}={self.code}"


class SearchPoint(models.Model):
    """Coordinates of an offer's place, for sorting by distance in SQL."""

    offer_id = models.BigIntegerField(db_index=True)
    place_id = models.BigIntegerField()
    district = models.CharField(max_length=100, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        db_table = "kim_search_point"

    def __str__(self):
        return f"{self.offer_id}@{self.latitude},{self.longitude}"
