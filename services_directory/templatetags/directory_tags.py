"""Template helpers for directory pages: opening hours per place, accessibility facts, and the
places where other apps add to a page (Wagtail hooks, so the directory need not know them)."""

from dataclasses import dataclass, field

from django import template
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal import fragments
from services_directory.models.offers import WEEKDAYS
from services_directory.opening import today_status

register = template.Library()

# Wagtail hook: functions (request, offer page) → HTML, shown in the offer page's footer
# (e.g. the carriers' "report a problem" link).
OFFER_PAGE_FOOTER_HOOK = "directory_offer_page_footer"
# Wagtail hook: functions (request, provider page) → HTML sections shown on the provider page
# after its offers (e.g. the network's committees, programmes and events).
PROVIDER_PAGE_SECTIONS_HOOK = "directory_provider_page_sections"
# Wagtail hook: functions (request) → {term id: URL} of pages about a vocabulary term (e.g. the
# landing page of a target group or Stadtbezirk); the offer page links those terms' labels there.
TERM_PAGES_HOOK = "directory_term_pages"
# Wagtail hook: functions (offer page) → sentences on when the offer takes place beyond its weekly
# opening hours ("monthly on the first Tuesday", e.g. an imported recurrence rule).
OFFER_SCHEDULES_HOOK = "directory_offer_schedules"

ACCESSIBILITY_FACTS = [
    ("step_free_access", _("Step-free access")),
    ("accessible_toilet", _("Accessible toilet")),
    ("lift", _("Lift")),
    ("hearing_loop", _("Hearing loop")),
]


@dataclass
class Day:
    weekday: int
    name: str
    slots: list = field(default_factory=list)


def _week(slots):
    names = dict(WEEKDAYS)
    days = {}
    for slot in sorted(slots, key=lambda item: (item.weekday, item.opens)):
        days.setdefault(slot.weekday, Day(slot.weekday, names[slot.weekday])).slots.append(slot)
    return list(days.values())


@register.simple_tag
def weekly_hours(offer, offer_place=None):
    """The offer's weekly slots grouped by weekday: for one place, or (None) the place-less ones."""
    if offer_place is not None:
        slots = offer_place.slots()
    else:
        slots = [slot for slot in offer.opening_slots.all() if slot.place_id is None]
    return _week(slots)


@register.simple_tag
def accessibility_facts(place):
    """[(label, True/False), ...] for the facts people ask about before they go."""
    return [(label, bool(getattr(place, attr))) for attr, label in ACCESSIBILITY_FACTS]


@register.simple_tag(takes_context=True)
def offer_page_footer(context, page):
    """What the apps registered for the offer page's footer render, in hook order."""
    request = context.get("request")
    parts = (hook(request, page) for hook in hooks.get_hooks(OFFER_PAGE_FOOTER_HOOK))
    return mark_safe("".join(conditional_escape(part) for part in parts if part))


@register.simple_tag(takes_context=True)
def provider_page_sections(context, page):
    """What the apps registered for the provider page render, in hook order."""
    request = context.get("request")
    parts = (hook(request, page) for hook in hooks.get_hooks(PROVIDER_PAGE_SECTIONS_HOOK))
    return mark_safe("".join(conditional_escape(part) for part in parts if part))


@register.simple_tag
def verified(offer, who):
    """"12 March 2026 by <who>", or the date alone; `who` is the verifier as the template
    isolates it (`page|isolated:"last_verified_by"`, marked German where it falls back)."""
    day = offer.last_verified_at
    date = format_html('<time datetime="{}">{}</time>', day.isoformat(), formats.date_format(day, "DATE_FORMAT"))
    if not offer.last_verified_by:
        return date
    return mark_safe(conditional_escape(gettext("%(date)s by %(who)s")) % {"date": date, "who": conditional_escape(who)})


@register.simple_tag
def offer_schedules(page):
    """The sentences the apps give on when the offer takes place, in hook order."""
    return [sentence for hook in hooks.get_hooks(OFFER_SCHEDULES_HOOK) for sentence in hook(page)]


@register.simple_tag
def offer_today(offer):
    """Today's walk-in hours or "by appointment" (services_directory.opening)."""
    return today_status(offer)


@register.simple_tag
def main_place(offer):
    """The offer's first open place (or its first place) for the summary box, knowing how many
    other places there are."""
    links = list(offer.place_links())
    if not links:
        return None
    link = next((item for item in links if not item.temporarily_closed), links[0])
    link.others = len(links) - 1
    return link


@register.simple_tag(takes_context=True)
def term_pages(context):
    """{term id: URL} from every app registered for TERM_PAGES_HOOK (read once per page, and
    cached per content generation: landing pages change only with a publish)."""
    request = context.get("request")

    def collect():
        urls = {}
        for function in hooks.get_hooks(TERM_PAGES_HOOK):
            urls.update(function(request) or {})
        return urls

    return fragments.cached(request, "term-pages", collect)


@register.simple_tag
def term_url(urls, term):
    """The page a term's label links to, or ""."""
    return urls.get(getattr(term, "pk", None), "") if urls and term else ""
