"""Offers (Angebote): what a carrier provides, for whom, where, when and in which languages."""

import datetime
import uuid

from babel import Locale
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.languages import language_name
from portal.translated import TranslatedPageMixin
from services_directory.forms import OfferPageForm
from services_directory.structured_data import offer_json_ld
from services_directory.visibility import PublicPageManager

from .pages import ADMIN_SEARCH_FIELDS, ProviderPage
from .vocabulary import (
    BENEFIT,
    DELIVERY,
    FIELD_OF_ACTION,
    LEGAL_SCOPE,
    RESIDENCE_STATUS,
    TARGET_GROUP,
    Term,
)

ENDING_SOON = datetime.timedelta(weeks=8)
STALE_AFTER = datetime.timedelta(days=365)

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
SCHEMA_ORG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Language course levels of the Common European Framework of Reference, lowest first.
CEFR_LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]


def known_language_codes():
    """ISO 639 codes Babel can name (639-1 where one exists, else 639-3)."""
    return {code for code in Locale("en").languages if "_" not in code}


def validate_language_code(value):
    if value not in known_language_codes():
        raise ValidationError(_("%(value)s is not a known ISO 639 language code."), params={"value": value})


def language_choices():
    names = Locale("de").languages
    return sorted(
        ((code, f"{names.get(code, code)} ({code})") for code in known_language_codes()),
        key=lambda item: item[1].casefold(),
    )


def _terms(taxonomy):
    return {"taxonomy__code": taxonomy}


class OfferPage(TranslatedPageMixin, Page):
    # The offer's related objects, named once for everything that copies, indexes or exports a
    # whole offer (search documents, HSDS export and import, the demo loader, tests).
    TERM_RELATIONS = {  # vocabulary relation → its taxonomy
        "fields_of_action": FIELD_OF_ACTION,
        "target_groups": TARGET_GROUP,
        "legal_scopes": LEGAL_SCOPE,
        "delivery_forms": DELIVERY,
        "residence_statuses": RESIDENCE_STATUS,
        "free_with_benefits": BENEFIT,
    }
    CHILD_RELATIONS = ("places", "opening_slots", "languages", "start_dates")  # rows edited inline (ParentalKey)
    RELATED = (*TERM_RELATIONS, *CHILD_RELATIONS)

    COST_FREE = "free"
    COST_FEE = "fee"
    COST_UNKNOWN = "unknown"
    COST_CHOICES = [(COST_FREE, _("Free of charge")), (COST_FEE, _("Fee")), (COST_UNKNOWN, _("Not known"))]

    CAPACITY_FREE = "free"
    CAPACITY_WAITING = "waiting"
    CAPACITY_FULL = "full"
    CAPACITY_CHOICES = [
        (CAPACITY_FREE, _("Places free")),
        (CAPACITY_WAITING, _("Waiting list")),
        (CAPACITY_FULL, _("Full")),
    ]
    CEFR_CHOICES = [(level, level) for level in CEFR_LEVELS]

    summary = models.CharField(
        _("Summary"), max_length=300, help_text=_("One or two sentences, at most 300 characters.")
    )
    description = RichTextField(_("Description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    # How to get access
    access_walk_in = models.BooleanField(_("Walk-in (no appointment needed)"), default=False)
    access_appointment = models.BooleanField(_("By appointment"), default=False)
    access_referral = models.BooleanField(_("Referral needed"), default=False)
    booking_url = models.URLField(_("Online booking link"), blank=True)
    access_notes = models.TextField(_("More on access"), blank=True)
    what_to_bring = models.TextField(_("What to bring"), blank=True)

    # Classification (the KIM vocabulary)
    fields_of_action = ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Fields of action"), related_name="offers_by_field",
        limit_choices_to=_terms(FIELD_OF_ACTION), blank=True,
    )
    target_groups = ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Target groups"), related_name="offers_by_target_group",
        limit_choices_to=_terms(TARGET_GROUP), blank=True,
    )
    legal_scopes = ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Legal scopes"), related_name="offers_by_legal_scope",
        limit_choices_to=_terms(LEGAL_SCOPE), blank=True,
    )
    delivery_forms = ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Delivery forms"), related_name="offers_by_delivery",
        limit_choices_to=_terms(DELIVERY), blank=True,
    )
    residence_statuses = ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Open to residence statuses"),
        related_name="offers_by_residence_status", limit_choices_to=_terms(RESIDENCE_STATUS), blank=True,
        help_text=_("Leave empty when the offer is open to everyone whatever their status."),
    )

    # Eligibility
    minimum_age = models.PositiveSmallIntegerField(_("Minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("Maximum age"), null=True, blank=True)

    # Cost
    cost = models.CharField(_("Cost"), max_length=10, choices=COST_CHOICES, default=COST_FREE)
    fee_description = models.CharField(_("Fee details"), max_length=300, blank=True)
    fee_amount = models.DecimalField(
        _("Fee in euros"), max_digits=8, decimal_places=2, null=True, blank=True,
        help_text=_("The amount, where one fixed fee applies (open data: cost_options.amount)."),
    )

    free_with_benefits = ParentalManyToManyField(
        "services_directory.Term", verbose_name=_("Free for people who receive"),
        related_name="offers_free_with", limit_choices_to=_terms(BENEFIT), blank=True,
        help_text=_("For an offer with a fee: the benefits whose holders take part free of charge."),
    )

    # What a referral depends on: can she come with a child, part-time, at her level, now?
    childcare = models.BooleanField(_("Childcare during the offer"), default=False)
    part_time = models.BooleanField(_("Part-time possible"), default=False)
    course_level_from = models.CharField(_("Course level from"), max_length=2, choices=CEFR_CHOICES, blank=True)
    course_level_to = models.CharField(
        _("Course level to"), max_length=2, choices=CEFR_CHOICES, blank=True,
        help_text=_("CEFR levels, for language courses only. Leave “to” empty for a single level."),
    )
    rolling_start = models.BooleanField(_("Start at any time"), default=False)
    capacity_status = models.CharField(
        _("Places"), max_length=10, choices=CAPACITY_CHOICES, blank=True,
        help_text=_("Leave empty when you do not keep track of places."),
    )
    capacity_updated_on = models.DateField(
        _("Places last updated on"), null=True, blank=True,
        help_text=_("Set to today when the status changes and no other date is given."),
    )

    # Contact for this offer (a function, never a private person)
    contact_name = models.CharField(_("Contact (function or team)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("Contact email"), blank=True)
    contact_phone = models.CharField(_("Contact phone"), max_length=40, blank=True)

    programme = models.ForeignKey(
        "services_directory.ProgrammePage", verbose_name=_("Programme"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="programme_offers",
    )
    valid_from = models.DateField(_("Valid from"), null=True, blank=True)
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)
    last_verified_at = models.DateField(_("Last verified on"), null=True, blank=True)
    last_verified_by = models.CharField(_("Last verified by"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("Demo content"), default=False, editable=False)
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)

    objects = PublicPageManager()  # adds .for_public(): what the public may see

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("fields_of_action", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("legal_scopes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What and for whom"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                FieldPanel("residence_statuses", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Eligibility"),
        ),
        InlinePanel("places", label=_("Places"), min_num=0),
        InlinePanel("opening_slots", label=_("Opening hours")),
        InlinePanel("languages", label=_("Languages the offer is delivered in")),
        FieldPanel("delivery_forms", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("cost"),
                FieldPanel("fee_description"),
                FieldPanel("fee_amount"),
                FieldPanel("free_with_benefits", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Cost"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("childcare"), FieldPanel("part_time"), FieldPanel("rolling_start")]),
                FieldRowPanel([FieldPanel("course_level_from"), FieldPanel("course_level_to")]),
                InlinePanel("start_dates", label=_("Next start dates")),
                FieldRowPanel([FieldPanel("capacity_status"), FieldPanel("capacity_updated_on")]),
            ],
            heading=_("Taking part"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("access_walk_in"), FieldPanel("access_appointment"), FieldPanel("access_referral")]
                ),
                FieldPanel("booking_url"),
                FieldPanel("access_notes"),
                FieldPanel("what_to_bring"),
            ],
            heading=_("How to get access"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")])],
            heading=_("Contact for this offer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
                FieldRowPanel([FieldPanel("last_verified_at"), FieldPanel("last_verified_by")]),
            ],
            heading=_("Programme, validity and verification"),
        ),
        MultiFieldPanel([FieldPanel("translation_minor_change")], heading=_("Translations")),
    ]
    base_form_class = OfferPageForm

    search_fields = ADMIN_SEARCH_FIELDS + [index.FilterField("cost")]

    parent_page_types = ["services_directory.ProviderPage"]
    subpage_types = []

    translation_check_fields = ("summary", "description")

    class Meta:
        verbose_name = _("Offer")
        verbose_name_plural = _("Offers")

    # -- queries and derived facts -------------------------------------------------------------

    @property
    def provider(self):
        """The provider page above: the parent routing loaded (portal.page_tree), else one query."""
        if "_provider" not in self.__dict__:
            parent = getattr(self, "_cached_parent_obj", None)
            self._provider = parent if isinstance(parent, ProviderPage) else ProviderPage.objects.ancestor_of(self).first()
        return self._provider

    @staticmethod
    def card_lookups():
        """What an offer card shows besides the offer's own fields (places with their districts,
        languages, hours), for `prefetch_related`: one query per relation, not per offer."""
        return [
            Prefetch("places", queryset=OfferPlace.objects.select_related("place__district__parent")),
            "languages",
            "opening_slots",
        ]

    def load_for_page(self):
        """Everything the offer page shows, loaded at once (no query per section): each inline
        relation in one query, and all vocabulary relations together in one, each term flagged
        with the relations it is in (the through tables decide, not the taxonomy)."""
        prefetch_related_objects([self], *self.card_lookups(), "start_dates")
        flags = {}
        for name in self.TERM_RELATIONS:
            field = self._meta.get_field(name)
            links = field.remote_field.through.objects.filter(
                **{field.m2m_field_name(): self.pk, field.m2m_reverse_field_name(): OuterRef("pk")}
            )
            flags[f"in_{name}"] = Exists(links)
        condition = Q()
        for flag in flags:
            condition |= Q(**{flag: True})
        terms = list(Term.objects.annotate(**flags).filter(condition))
        cache = self.__dict__.setdefault("_prefetched_objects_cache", {})
        for name in self.TERM_RELATIONS:
            loaded = Term.objects.all()
            loaded._result_cache = [term for term in terms if getattr(term, f"in_{name}")]
            loaded._prefetch_done = True
            cache[name] = loaded

    @property
    def is_free(self):
        return self.cost == self.COST_FREE

    def place_links(self):
        if "places" in getattr(self, "_prefetched_objects_cache", {}):  # load_for_page()
            return self.places.all()
        return self.places.select_related("place__district__parent").all()

    def delivery_language_names(self, language=None):
        language = language or translation.get_language() or "de"
        return [language_name(item.code, language) for item in self.languages.all()]

    def districts(self):
        """The Stadtteile of the offer's places, each knowing its Stadtbezirk."""
        return [link.place.district for link in self.place_links()]

    def has_ended(self, today=None):
        today = today or timezone.localdate()
        return bool(self.valid_until and self.valid_until < today)

    def ends_soon(self, today=None):
        today = today or timezone.localdate()
        return bool(self.valid_until and today <= self.valid_until <= today + ENDING_SOON)

    def is_stale(self, today=None):
        """Not verified for over a year: the page warns and search ranks it lower."""
        today = today or timezone.localdate()
        return self.last_verified_at is None or self.last_verified_at < today - STALE_AFTER

    def course_levels(self):
        """Every CEFR level the course covers ("A2".."B1" -> ["A2", "B1"])."""
        if not self.course_level_from:
            return []
        first = CEFR_LEVELS.index(self.course_level_from)
        last = CEFR_LEVELS.index(self.course_level_to) if self.course_level_to else first
        return CEFR_LEVELS[first : last + 1]

    def upcoming_start_dates(self, today=None):
        today = today or timezone.localdate()
        return sorted(row.date for row in self.start_dates.all() if row.date >= today)

    def admits_age(self, age):
        return (self.minimum_age is None or age >= self.minimum_age) and (
            self.maximum_age is None or age <= self.maximum_age
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.minimum_age is not None and self.maximum_age is not None and self.maximum_age < self.minimum_age:
            errors["maximum_age"] = _("The maximum age cannot be below the minimum age.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("“Valid until” cannot be before “valid from”.")
        if self.cost == self.COST_FEE and not self.fee_description:
            errors["fee_description"] = _("Describe the fee, or choose “free of charge”.")
        if self.course_level_to and not self.course_level_from:
            errors["course_level_from"] = _("Give the lowest level too.")
        elif self.course_level_to and CEFR_LEVELS.index(self.course_level_to) < CEFR_LEVELS.index(self.course_level_from):
            errors["course_level_to"] = _("The highest level cannot be below the lowest level.")
        if self.capacity_updated_on and self.capacity_updated_on > timezone.localdate():
            errors["capacity_updated_on"] = _("The date places were last updated cannot be in the future.")
        if self.capacity_status and not self.capacity_updated_on:
            self.capacity_updated_on = timezone.localdate()
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_for_page()
        context["provider"] = self.provider
        context["json_ld"] = offer_json_ld(self, request)
        return context


class OfferPlace(Orderable):
    """One place where the offer is delivered, with notes on its hours there."""

    offer = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="places")
    place = models.ForeignKey("services_directory.Place", verbose_name=_("Place"), on_delete=models.PROTECT, related_name="offer_links")
    hours_notes = models.CharField(_("Notes on opening hours"), max_length=300, blank=True)
    temporarily_closed = models.BooleanField(_("Temporarily closed"), default=False)
    closed_reason = models.CharField(_("Reason for the closure"), max_length=300, blank=True)

    panels = [
        FieldPanel("place"),
        FieldPanel("hours_notes"),
        FieldRowPanel([FieldPanel("temporarily_closed"), FieldPanel("closed_reason")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Place of the offer")
        ordering = ["sort_order", "pk"]  # pk breaks ties: the same order on every database

    def clean(self):
        if self.temporarily_closed and not self.closed_reason:
            raise ValidationError({"closed_reason": _("Say why the place is temporarily closed.")})

    def slots(self):
        return [slot for slot in self.offer.opening_slots.all() if slot.place_id in (None, self.place_id)]


class OpeningSlot(Orderable):
    """A weekly time slot. "By appointment" slots are open hours for booked visits, not closed."""

    offer = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="opening_slots")
    place = models.ForeignKey(
        "services_directory.Place", verbose_name=_("Place"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text=_("Leave empty when the slot applies to every place of the offer."),
    )
    weekday = models.PositiveSmallIntegerField(_("Weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("Opens"))
    closes = models.TimeField(_("Closes"))
    by_appointment = models.BooleanField(_("By appointment only"), default=False)
    note = models.CharField(_("Note"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("by_appointment")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Opening slot")
        ordering = ["weekday", "opens", "sort_order", "pk"]

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The slot must close after it opens.")})

    @property
    def schema_org_day(self):
        return SCHEMA_ORG_DAYS[self.weekday]

    @property
    def hsds_day(self):
        return HSDS_DAYS[self.weekday]


class OfferLanguage(Orderable):
    """A language the offer is delivered in: any ISO 639 language, not only portal languages."""

    offer = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("Language"), max_length=3, validators=[validate_language_code])

    panels = [FieldPanel("code", widget=forms.Select(choices=language_choices))]

    class Meta(Orderable.Meta):
        verbose_name = _("Language")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["offer", "code"], name="unique_language_per_offer")]

    def __str__(self):
        return self.code

    def name(self, in_language=None):
        return language_name(self.code, in_language or translation.get_language() or "de")


class OfferStartDate(Orderable):
    """A date a course or programme starts (the next intakes); past dates stay for the record
    but are no longer shown or searched."""

    offer = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="start_dates")
    date = models.DateField(_("Starts on"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("Start date")
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["offer", "date"], name="unique_start_date_per_offer")]

    def __str__(self):
        return self.date.isoformat()
