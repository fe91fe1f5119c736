"""Template tags for the site chrome: language switcher, hreflang, navigation, breadcrumbs."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from portal.languages import native_name
from portal.models import PortalSettings
from portal.page_tree import ancestors

register = template.Library()


def _url_in(language, request, page, root=None):
    """The current page in `language`, keeping the query string (search text, filters).

    A Wagtail page's URL in that language comes from its translated `url_path` below the site
    root's (each language has its own slug; the fields are loaded with the page, so no query);
    any other view's path is translated by Django. `translate_url` must resolve the path in the
    *current* language, so it runs outside the override (inside it the /ar/ prefix does not
    resolve and every link pointed back to the current language).
    """
    query = request.META.get("QUERY_STRING", "")
    if page is not None and isinstance(page, Page):
        with translation.override(language):
            url = _path_below(page, root) or page.get_url(request=request) or f"/{language}/"
        return f"{url}?{query}" if query else url
    url = translate_url(request.get_full_path(), language)
    if url == request.get_full_path():
        url = _swap_prefix(url, language)
    return url


def _path_below(page, root):
    """What Wagtail's `get_url` answers for a page of this site, in the active language."""
    if root is None:
        return None
    page_path, root_path = page.url_path, root.url_path
    if not (page_path and root_path and page_path.startswith(root_path)):
        return None
    return reverse("wagtail_serve", args=(page_path[len(root_path) :],))


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
    root = site_root(request, page) if request and isinstance(page, Page) else None
    links = []
    for code, _name in settings.LANGUAGES:
        url = _url_in(code, request, page, root) if request else f"/{code}/"
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


def site_root(request, page=None):
    """The root page of the request's site: from the chain routing loaded above `page` when
    there is one, else one query (remembered for the request)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    if isinstance(page, Page):
        if page.pk == site.root_page_id:
            return page
        chain = page_ancestors(request, page)
        if chain and chain[0].pk == site.root_page_id:
            return chain[0]
    if not hasattr(request, "_kim_site_root"):
        request._kim_site_root = site.root_page.specific
    return request._kim_site_root


def page_ancestors(request, page):
    """The pages from the site root down to `page`'s parent (remembered for the request)."""
    remembered = getattr(request, "_kim_ancestors", None)
    if remembered is not None and remembered[0] is page:
        return remembered[1]
    site = Site.find_for_request(request)
    chain = ancestors(page, root_id=site.root_page_id if site else None)
    request._kim_ancestors = (page, chain)
    return chain


@register.simple_tag(takes_context=True)
def portal_settings(context):
    request = context.get("request")
    return PortalSettings.for_request(request) if request and Site.find_for_request(request) else None


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The site root and its live children shown in menus (remembered for the request)."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_kim_navigation"):
        root = site_root(request, context.get("page") or context.get("self"))
        request._kim_navigation = [root, *root.get_children().live().in_menu()] if root else []
    return request._kim_navigation


@register.simple_tag(takes_context=True)
def nav_current(context):
    """What the cached navigation varies on: the page's id where it may be a navigation item
    (the site root or a page right below it; its link gets aria-current), else ""."""
    page = context.get("page") or context.get("self")
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return ""
    root = site_root(request, page)
    return page.pk if root is not None and page.depth <= root.depth + 1 else ""


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The pages between the site root and this page (base pages: title and URL are enough)."""
    page = context.get("page") or context.get("self")
    request = context.get("request")
    if not isinstance(page, Page) or request is None or Site.find_for_request(request) is None:
        return []
    chain = page_ancestors(request, page)
    site = Site.find_for_request(request)
    return chain if chain and chain[0].pk == site.root_page_id else []


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
