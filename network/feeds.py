"""Feeds in the reader's language: an Atom feed of news (Django's syndication framework) and
iCalendar files of events (the `icalendar` library), filterable by field of action."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from network.models.common import Filters
from portal.templatetags.portal_tags import falls_back

# The calendar feed also holds the last weeks' events: calendar apps keep what they showed.
ICS_PAST = datetime.timedelta(days=30)
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class NewsFeed(Feed):
    """The news index's items in the current language (German where a text is not translated)."""

    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.filters = Filters(request)
        return self.index

    def title(self, index):
        title = _("%(site)s: news") % {"site": _("KIM Cologne")}
        if self.filters.field_of_action:
            title = f"{title} – {self.filters.field_of_action.name}"
        return title

    def subtitle(self, index):
        return index.intro or _("News of the Cologne integration network")

    def link(self, index):
        return index.get_url(request=self.request)

    def feed_url(self, index):
        return self.request.get_full_path()

    def items(self, index):
        return self.filters.apply(index.news())[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"urn:kim-koeln:news:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at()

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at()

    def item_author_name(self, item):
        return item.provider.title if item.provider_id else None

    def item_categories(self, item):
        return [term.name for term in item.fields_of_action.all()]

    def __call__(self, request, *args, **kwargs):
        filters = Filters(request)
        if filters.errors:
            return _bad_filter(filters)
        return super().__call__(request, *args, **kwargs)


def _bad_filter(filters):
    name, value = filters.errors[0]
    message = _("Unknown value %(value)s for %(name)s.") % {"value": value, "name": name}
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//KIM Köln//Netzwerkportal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(request, page, language):
    event = Event()
    event.add("uid", f"event-{page.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", page.local_start())  # with its TZID: calendar apps show the right hour anywhere
    if page.end:
        event.add("dtend", page.local_end())
    event.add("summary", page.title, parameters={"LANGUAGE": language if not falls_back(page, "title") else "de"})
    url = request.build_absolute_uri(page.get_url(request=request))
    text = strip_tags(page.summary or "")
    if page.status_note:
        text = f"{page.status_note}\n\n{text}"
    event.add("description", f"{text}\n\n{url}".strip(), parameters={"LANGUAGE": language if not falls_back(page, "summary") else "de"})
    event.add("url", url)
    location = page.address() or page.online_url
    if location:
        event["location"] = vText(location)
    event.add("status", {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(page.status, "CONFIRMED"))
    if page.last_published_at:
        event.add("last-modified", page.last_published_at)
    for term in page.fields_of_action.all():
        event.add("categories", term.name)
    return event


def _response(calendar, filename):
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def events_calendar_response(request, index):
    """The event index as one calendar: events from 30 days ago on, filtered like the listing."""
    filters = Filters(request)
    if filters.errors:
        return _bad_filter(filters)
    language = translation.get_language()
    name = _("%(site)s: events") % {"site": _("KIM Cologne")}
    if filters.field_of_action:
        name = f"{name} – {filters.field_of_action.name}"
    calendar = _calendar(name)
    since = timezone.now() - ICS_PAST
    events = filters.apply(index.events().filter(start__gte=since)).select_related("place").prefetch_related("fields_of_action")
    for page in events:
        calendar.add_component(_event(request, page, language))
    return _response(calendar, f"kim-events-{language}.ics")


def event_calendar_response(request, page):
    """One event as an .ics file to add to a calendar."""
    language = translation.get_language()
    calendar = _calendar(page.title)
    calendar.add_component(_event(request, page, language))
    return _response(calendar, f"{page.slug or 'event'}.ics")
