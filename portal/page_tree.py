"""The page tree on the way to a page: the site, routing in one query per level, and the pages
above a served page without asking the database again.

wagtail-modeltranslation replaces Wagtail's `Page.route` with one that loads *every* child of
each page on the way and compares slugs in Python (so an offer page loaded all offers of its
provider, thousands at 20,000 offers) and forgets the parent it came from. `route` below asks
the database for the children whose slug in the reader's language or its fallback matches,
keeps the language rule itself (`child.slug` in Python decides, as before), and remembers each
page's parent, so breadcrumbs, the language switcher and visibility checks walk the chain that
routing already loaded (`ancestors`).

What changes only with a content write comes from the fragment cache (portal/fragments.py, per
content generation): the request's site with its root page (Wagtail looks both up on every
request, `CachedSiteMiddleware`) and the site root paths every page URL is built from
(wagtail-modeltranslation reads them from the shared cache once per request and language).
"""

from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from portal import fragments


def _slug_lookup(slug):
    language = translation.get_language() or mt_settings.DEFAULT_LANGUAGE
    fallbacks = mt_settings.FALLBACK_LANGUAGES
    languages = dict.fromkeys([language, *fallbacks.get(language, fallbacks["default"])])
    condition = Q()
    for language in languages:
        condition |= Q(**{build_localized_fieldname("slug", language): slug})
    return condition


def _child_with_slug(parent, slug):
    """The live or draft child whose slug (in the reader's language, else German) is `slug`.
    Where a page type allows up to three child types, each is asked directly in the order they
    are declared (the common one first: one query, no `.specific`); any other child (a type no
    longer allowed) is still found."""
    allowed = parent.specific_class.allowed_subpage_models() if parent.specific_class else []
    querysets = [model.objects.child_of(parent) for model in allowed if len(allowed) <= 3 and model is not Page]
    querysets.append(Page.objects.child_of(parent))
    lookup = _slug_lookup(slug)
    for queryset in querysets:
        for child in queryset.filter(lookup).order_by():  # no ordering to compile: slugs are unique per parent
            if child.slug == slug:
                return child if type(child) is not Page else child.specific
    return None


def route(self, request, path_components):
    """`Page.route` with translated slugs (installed by PortalConfig.ready on every page model)."""
    if isinstance(self, RoutablePageMixin) and self.live:  # as wagtail-modeltranslation does
        try:
            path = "/" + "".join(f"{component}/" for component in path_components)
            view, args, kwargs = self.resolve_subpage(path)
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass
    if path_components:
        child = _child_with_slug(self, path_components[0])
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # treebeard's get_parent() answers from it
        return child.route(request, path_components[1:])
    if self.live:
        return RouteResult(self)
    raise Http404


def site_root_paths(self, request=None):
    """wagtail-modeltranslation's `_get_site_root_paths`, remembered per request and language
    and kept in the fragment cache (installed by PortalConfig.ready)."""
    from wagtail_modeltranslation.patch_wagtailadmin import (  # noqa: PLC0415
        _localized_site_get_site_root_paths,
        _new_get_site_root_paths,
    )

    if request is None:
        return _new_get_site_root_paths(self, request)
    language = translation.get_language()
    remembered = request.__dict__.setdefault("_kim_site_root_paths", {})
    if language not in remembered:
        remembered[language] = fragments.cached(request, "site-root-paths", _localized_site_get_site_root_paths)
    # Wagtail reads this back (the redirects made on a page move): without it, moving a page failed.
    request._wagtail_cached_site_root_paths = remembered[language]
    return remembered[language]


def install():
    """Replace wagtail-modeltranslation's route and root paths on every page model it patched."""
    from django.apps import apps  # noqa: PLC0415
    from wagtail_modeltranslation.patch_wagtailadmin import (  # noqa: PLC0415
        _new_get_site_root_paths,
        _new_route,
    )

    for model in [Page, *apps.get_models()]:
        if not issubclass(model, Page):
            continue
        if model.__dict__.get("route") is _new_route:
            model.route = route
        if model.__dict__.get("_get_site_root_paths") is _new_get_site_root_paths:
            model._get_site_root_paths = site_root_paths


class CachedSiteMiddleware:
    """The request's Wagtail site with its root page from the fragment cache: Wagtail's
    `Site.find_for_request` and routing's `site.root_page.specific` cost two queries a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if fragments.seconds() > 0 and not hasattr(request, "_wagtail_site"):
            hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
            site = fragments.cached(request, f"site:{hostname}:{port}", lambda: self.find(request))
            request._wagtail_site = site or None
        return self.get_response(request)

    @staticmethod
    def find(request):
        site = Site._find_for_request(request)
        if site is None:
            return False  # cached too: "no site" is an answer
        site.root_page = site.root_page.specific  # routing asks for `.specific`: already it
        return site


def ancestors(page, root_id=None, min_depth=1):
    """The pages above `page`, top first: from the page `root_id` (the site's root) or from
    depth `min_depth` (1: the tree root) down. Follows the parents routing remembered; one query
    for the rest."""
    chain = []
    current = page
    while current.pk != root_id and current.depth > min_depth:
        parent = getattr(current, "_cached_parent_obj", None)
        if parent is None:
            rest = Page.objects.ancestor_of(current).filter(depth__gte=min_depth).order_by("depth")
            if root_id is not None:
                rest = rest.filter(depth__gte=Page.objects.filter(pk=root_id).values("depth")[:1])
            return [*rest, *reversed(chain)]
        chain.append(parent)
        current = parent
    return list(reversed(chain))


def update_url_paths() -> int:
    """Every page's `url_path` in each language, by wagtail-modeltranslation's rule (the parent's
    path in that language, else the German one, plus the slug in that language, else the German
    slug), written only where it differs: one read of the tree and no page saves, where
    `set_translation_url_paths` saved every page (minutes at 20,000 offers, on every start).
    Returns the number of pages updated."""
    from django.db import transaction  # noqa: PLC0415

    languages = list(mt_settings.AVAILABLE_LANGUAGES)
    default = mt_settings.DEFAULT_LANGUAGE
    slugs = [build_localized_fieldname("slug", language) for language in languages]
    paths = {language: build_localized_fieldname("url_path", language) for language in languages}
    rows = Page.objects.rewrite(False).order_by("path").values("id", "path", "depth", "slug", "url_path", *slugs, *paths.values())
    computed = {}  # tree path -> {url_path field: value}
    changes = []
    for row in rows:
        parent = computed.get(row["path"][: -Page.steplen]) if row["depth"] > 1 else None
        values = {}
        for language, field in paths.items():
            if parent is None:
                values[field] = "/"
                continue
            slug = row[build_localized_fieldname("slug", language)] or row[build_localized_fieldname("slug", default)] or row["slug"]
            values[field] = (parent[field] or parent[paths[default]]) + slug + "/"
        values["url_path"] = values[paths[default]]
        computed[row["path"]] = values
        if any(row[field] != value for field, value in values.items()):
            changes.append((row["id"], values))
    with transaction.atomic():
        for pk, values in changes:
            Page.objects.rewrite(False).filter(pk=pk).update(**values)
    return len(changes)
