"""Events of the network: when (with its time zone), where, in which languages, for whom."""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from network.forms import EventPageForm
from portal.languages import language_name
from portal.translated import TranslatedPageMixin
from services_directory.models.offers import language_choices, validate_language_code
from services_directory.visibility import PublicPageManager

from .common import (
    Filters,
    ProviderOwnedMixin,
    fields_of_action_field,
    paginate,
    provider_field,
    target_groups_field,
)

DEFAULT_TIME_ZONE = "Europe/Berlin"


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))]


class EventIndexPage(RoutablePageMixin, TranslatedPageMixin, Page):
    """Upcoming public events, soonest first, with filters, pages and an iCalendar feed per language."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["network.EventPage"]
    max_count = 1

    translation_check_fields = ("intro",)

    class Meta:
        verbose_name = _("Event index")

    def events(self):
        """Every public event, wherever it lives (here or below a provider)."""
        return EventPage.objects.for_public().order_by("start", "pk")

    def upcoming(self, now=None):
        return EventPage.upcoming(self.events(), now)

    @path("")
    def listing(self, request):
        filters = Filters(request)
        past = request.GET.get("past") == "1"
        now = timezone.now()
        events = self.events()
        if past:
            events = events.filter(start__lt=now).order_by("-start", "-pk")
        else:
            events = self.upcoming(now)
        items = paginate(request, filters.apply(events).select_related("place", "provider"))
        response = self.render(request, context_overrides={
            "filters": filters, "items": items, "choices": filters.choices(), "past": past,
        })
        response.status_code = 400 if filters.errors else 200
        return response

    @path("ics/", name="ics")
    def ics(self, request):
        from network import feeds  # noqa: PLC0415  (feeds build on these models)

        return feeds.events_calendar_response(request, self)


class EventPage(ProviderOwnedMixin, RoutablePageMixin, TranslatedPageMixin, Page):
    STATUS_SCHEDULED = "scheduled"
    STATUS_CANCELLED = "cancelled"
    STATUS_POSTPONED = "postponed"
    STATUS_CHOICES = [
        (STATUS_SCHEDULED, _("Takes place")),
        (STATUS_CANCELLED, _("Cancelled")),
        (STATUS_POSTPONED, _("Postponed")),
    ]

    start = models.DateTimeField(_("Starts"))
    end = models.DateTimeField(_("Ends"), null=True, blank=True)
    time_zone = models.CharField(
        _("Time zone"), max_length=64, default=DEFAULT_TIME_ZONE, choices=time_zone_choices,
        help_text=_("Start and end are entered and shown in this time zone."),
    )
    status = models.CharField(_("Status"), max_length=20, choices=STATUS_CHOICES, default=STATUS_SCHEDULED)
    status_note = models.CharField(
        _("Note on the status"), max_length=300, blank=True,
        help_text=_("For example the new date or why the event is cancelled."),
    )
    summary = models.CharField(_("Summary"), max_length=300, help_text=_("One or two sentences, at most 300 characters."))
    description = RichTextField(_("Description"), blank=True, features=["bold", "italic", "link", "ul", "ol", "document-link"])

    place = models.ForeignKey(
        "services_directory.Place", verbose_name=_("Place"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="network_events",
    )
    location_name = models.CharField(_("Location name"), max_length=200, blank=True, help_text=_("When the place is not one of ours."))
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("Postcode"), max_length=10, blank=True)
    city = models.CharField(_("City"), max_length=100, blank=True, default="Köln")
    online_url = models.URLField(_("Online link"), blank=True)

    registration_url = models.URLField(_("Registration link"), blank=True)
    capacity = models.PositiveIntegerField(_("Places available"), null=True, blank=True)
    registration_note = models.CharField(_("How to register"), max_length=300, blank=True)

    provider = provider_field(_("Organised by (provider)"), "network_events")
    committee = models.ForeignKey(
        "network.CommitteePage", verbose_name=_("Meeting of committee"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="meetings",
    )
    fields_of_action = fields_of_action_field("network_events_by_field")
    target_groups = target_groups_field("network_events_by_target_group")

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")],
            heading=_("Date and time"),
        ),
        FieldRowPanel([FieldPanel("status"), FieldPanel("status_note")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("location_name"),
                FieldRowPanel([FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        InlinePanel("languages", label=_("Languages the event is held in")),
        MultiFieldPanel(
            [
                FieldPanel("fields_of_action", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Tags"),
        ),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_note")])],
            heading=_("Registration"),
        ),
        FieldPanel("committee", permission="carriers.moderate_directory"),
        FieldPanel("provider", permission="carriers.moderate_directory"),
    ]
    base_form_class = EventPageForm

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]

    parent_page_types = ["network.EventIndexPage", "services_directory.ProviderPage"]
    subpage_types = []

    translation_check_fields = ("summary", "description")

    class Meta:
        verbose_name = _("Event")
        verbose_name_plural = _("Events")

    @staticmethod
    def upcoming(queryset, now=None):
        """Events not yet over: still running (end in the future) or starting from now on."""
        now = now or timezone.now()
        return queryset.filter(models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=now)).order_by("start", "pk")

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone or DEFAULT_TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)

    def local_start(self):
        return self.start.astimezone(self.zone)

    def local_end(self):
        return self.end.astimezone(self.zone) if self.end else None

    def shows_time_zone(self):
        """The zone is named when it is not the portal's own (an online event elsewhere)."""
        return self.time_zone != DEFAULT_TIME_ZONE

    def is_cancelled(self):
        return self.status == self.STATUS_CANCELLED

    def is_postponed(self):
        return self.status == self.STATUS_POSTPONED

    def address(self):
        """One line: the place (ours or given) for readers and the calendar's LOCATION."""
        if self.place_id:
            place = self.place
            parts = [place.name, place.street, f"{place.postcode} Köln".strip()]
        elif self.location_name or self.street:
            parts = [self.location_name, self.street, f"{self.postcode} {self.city}".strip()]
        else:
            return ""  # online only, or not yet known: a bare city name would say nothing
        return ", ".join(part for part in parts if part)

    def delivery_language_names(self, language=None):
        language = language or translation.get_language() or "de"
        return [language_name(item.code, language) for item in self.languages.all()]

    def is_full(self):
        return self.capacity == 0

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
        if self.time_zone and self.time_zone not in zoneinfo.available_timezones():
            raise ValidationError({"time_zone": _("Unknown time zone.")})

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("ics/", name="ics")
    def ics(self, request):
        from network import feeds  # noqa: PLC0415  (feeds build on these models)

        return feeds.event_calendar_response(request, self)


class EventLanguage(Orderable):
    """A language the event is held in: any ISO 639 language, as for offers."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("Language"), max_length=3, validators=[validate_language_code])

    panels = [FieldPanel("code", widget=forms.Select(choices=language_choices))]

    class Meta(Orderable.Meta):
        verbose_name = _("Language")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="unique_language_per_event")]
