"""What the public may see: one rule for pages, the search index, every API, the sitemap and forms.

A page is public when it and every page above it is live and none of them carries a view
restriction (password, login, groups). Wagtail's `live().public()` covers the page itself and
restrictions on it or an ancestor, but not unpublished ancestors: unpublishing a provider
without its offers would leave the offers public. `hidden_subtrees_q` adds that.
"""

from collections import defaultdict

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from portal.page_tree import ancestors


def hidden_subtrees_q() -> Q:
    """Pages below an unpublished page. One IN per path length, not one LIKE per hidden page,
    so a thousand unpublished providers do not hit SQLite's expression depth limit."""
    prefixes = defaultdict(list)
    for path in Page.objects.filter(live=False, numchild__gt=0).values_list("path", flat=True):
        prefixes[len(path)].append(path)
    condition = Q()
    for length, paths in sorted(prefixes.items()):
        condition |= Q(In(Substr("path", 1, length), paths))
    return condition


def public_pages(queryset: PageQuerySet) -> PageQuerySet:
    """`queryset` narrowed to what the public may see (live, public, every ancestor live)."""
    queryset = queryset.live().public()
    hidden = hidden_subtrees_q()
    return queryset.exclude(hidden) if hidden else queryset


def has_unpublished_ancestor(page) -> bool:
    """Below the tree root (never served, never unpublished); a served page's ancestors are the
    ones routing loaded, so this asks the database only for a page reached otherwise."""
    return any(not ancestor.live for ancestor in ancestors(page, min_depth=2))


def is_public(page) -> bool:
    return public_pages(Page.objects.filter(pk=page.pk)).exists()


class PublicPageQuerySet(PageQuerySet):
    def for_public(self):
        """Only what the public may see: live, not view-restricted, every ancestor live."""
        return public_pages(self)


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)
