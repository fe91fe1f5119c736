"""Cached pieces of pages that rarely change: the navigation, the footer's and header's links,
the vocabulary's landing-page links. Templates use Django's `{% cache %}` tag (the
`template_fragments` cache, each process's memory) with `CONTENT_GENERATION` among the keys;
Python code uses `cached()`. The generation is the page cache's (portal/page_cache.py): every
committed content write replaces it, so the publish that makes cached pages stale makes these
stale too, in every worker at once. `FRAGMENT_CACHE_SECONDS = 0` turns this off.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation

from portal.page_cache import request_generation

CACHE_ALIAS = "template_fragments"


def seconds() -> int:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def cached(request, name, compute, *vary_on):
    """`compute()`, remembered per content generation and language (and `vary_on`)."""
    if seconds() <= 0 or request is None:
        return compute()
    key = make_template_fragment_key(f"kim-data:{name}", [request_generation(request), translation.get_language(), *vary_on])
    cache = caches[CACHE_ALIAS]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds())
    return value
