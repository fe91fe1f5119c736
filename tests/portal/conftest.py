"""Fixtures of the portal tests."""

import pytest
from django.core.cache import cache, caches


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and login failures live in the shared cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what happens after a commit (the content generation changes then), as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def fragment_cache(settings):
    """Cached fragments as in production (portal/fragments.py; off for the suite), empty at first."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    caches["template_fragments"].clear()
    yield
    caches["template_fragments"].clear()
