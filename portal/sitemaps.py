"""The sitemap: every page the public may see (services_directory.visibility), once per portal
language, as a sitemap index (`/sitemap.xml`) with one section per language."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from services_directory.visibility import public_pages


class PublicPagesSitemap(Sitemap):
    limit = 10_000

    def __init__(self, language):
        self.language = language

    def _root(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return site.root_page if site else None

    def items(self):
        root = self._root()
        if root is None:
            return Page.objects.none()
        self._root_path = getattr(root, f"url_path_{self.language}", None) or root.url_path
        with translation.override(self.language):
            self._prefix = reverse("wagtail_serve", args=("",))
        return public_pages(Page.objects.descendant_of(root, inclusive=True)).order_by("path")

    def location(self, page):
        """From the translated url_path, as search documents build it: no query per page."""
        path = getattr(page, f"url_path_{self.language}", None) or page.url_path
        if not path.startswith(self._root_path):
            with translation.override(self.language):
                return page.get_url() or ""
        return self._prefix + path[len(self._root_path) :]

    def lastmod(self, page):
        return page.last_published_at


def sitemaps():
    return {code: PublicPagesSitemap(code) for code, _name in settings.LANGUAGES}
