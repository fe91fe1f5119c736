"""Template helpers for the network's pages and the places other pages show network content
(home page: next events, latest news)."""

from django import template
from django.utils import timezone

from network.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage

register = template.Library()

HOME_ITEMS = 3


@register.simple_tag
def upcoming_events(count=HOME_ITEMS):
    return list(EventPage.upcoming(EventPage.objects.for_public(), timezone.now()).select_related("place")[:count])


@register.simple_tag
def latest_news(count=HOME_ITEMS):
    return list(NewsPage.objects.for_public().order_by("-date", "-first_published_at", "-pk")[:count])


@register.simple_tag
def news_index():
    return NewsIndexPage.objects.live().public().first()


@register.simple_tag
def event_index():
    return EventIndexPage.objects.live().public().first()


@register.simple_tag(takes_context=True)
def page_link(context, page_number):
    """The current listing's address on another page, keeping the filters."""
    request = context["request"]
    query = request.GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"
