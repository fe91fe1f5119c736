"""Template tags for the site chrome: language switcher, hreflang, navigation, breadcrumbs."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from portal.languages import native_name
from portal.models import PortalSettings

register = template.Library()


def _url_in(language, request, page):
    """The current page in `language`, keeping the query string (search text, filters).

    A Wagtail page is asked for its URL in that language (each language has its own slug); any
    other view's path is translated by Django. `translate_url` must resolve the path in the
    *current* language, so it runs outside the override (inside it the /ar/ prefix does not
    resolve and every link pointed back to the current language).
    """
    query = request.META.get("QUERY_STRING", "")
    if page is not None and isinstance(page, Page):
        with translation.override(language):
            url = page.get_url(request=request) or f"/{language}/"
        return f"{url}?{query}" if query else url
    url = translate_url(request.get_full_path(), language)
    if url == request.get_full_path():
        url = _swap_prefix(url, language)
    return url


def _swap_prefix(path, language):
    """For a path no URL pattern knows (a 404 page): the same path under the other prefix."""
    codes = {code for code, _name in settings.LANGUAGES}
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in codes:
        return "/".join(["", language, *parts[2:]]) if len(parts) > 2 else f"/{language}/"
    return f"/{language}/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per portal language to the current page in that language (its own slug)."""
    request = context.get("request")
    page = context.get("page") or context.get("self")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = _url_in(code, request, page) if request else f"/{code}/"
        links.append(
            {
                "code": code,
                "name": native_name(code),
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "current": code == current,
                "dir": "rtl" if code in settings.RTL_LANGUAGES else "ltr",
            }
        )
    return links


@register.simple_tag(takes_context=True)
def portal_settings(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return PortalSettings.for_site(site) if site else None


@register.simple_tag(takes_context=True)
def main_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if not site:
        return []
    root = site.root_page.specific
    return [root, *root.get_children().live().in_menu()]


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page") or context.get("self")
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return []
    site = Site.find_for_request(request)
    if not site:
        return []
    return list(page.get_ancestors(inclusive=False).filter(depth__gte=site.root_page.depth).specific())


@register.filter
def is_translated(page, language=None):
    checker = getattr(page, "is_translated", None)
    return checker(language) if checker else True


# Arabic and Persian separate list items with the Arabic comma.
LIST_SEPARATORS = {"ar": "، ", "fa": "، "}


@register.simple_tag
def list_separator():
    return LIST_SEPARATORS.get(translation.get_language(), ", ")


@register.filter
def list_join(values):
    """Items joined with the reader's list separator, each bidi-isolated so that a Latin name
    with trailing punctuation stays in place inside a right-to-left list."""
    return format_html_join(list_separator(), "<bdi>{}</bdi>", ((value,) for value in values))


@register.filter
def tel_href(number):
    """A phone number as a tel: URI target: digits and a leading +, nothing else."""
    number = str(number or "").strip()
    digits = "".join(character for character in number if character.isdigit())
    return f"+{digits}" if number.startswith("+") else digits


def falls_back(obj, name, language=None):
    """True when the reader sees `name` in German because it has no text in their language."""
    language = language or translation.get_language() or "de"
    if obj is None or language == "de":
        return False
    german = getattr(obj, f"{name}_de", None)
    local = getattr(obj, f"{name}_{language}", None)
    return _has_text(german) and not _has_text(local)


def _has_text(value):
    if value is None:
        return False
    if hasattr(value, "raw_data"):  # StreamValue
        return len(value.raw_data) > 0
    return bool(str(value).strip())


@register.simple_tag
def fallback_attrs(obj, name):
    """` lang="de" dir="ltr"` for an element showing German fallback text, else nothing: screen
    readers switch voice and the German text is bidi-isolated inside right-to-left pages."""
    return mark_safe(' lang="de" dir="ltr"') if falls_back(obj, name) else ""


@register.filter
def isolated(obj, name):
    """`obj.<name>` bidi-isolated (`<bdi>`) for use inside a translated sentence, marked German
    where it falls back: "More about <bdi lang="de" dir="ltr">Caritasverband Köln</bdi> …"."""
    return format_html("<bdi{}>{}</bdi>", fallback_attrs(obj, name), getattr(obj, name, ""))


@register.filter
def in_german(obj, name):
    return falls_back(obj, name)
