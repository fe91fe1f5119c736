"""Fixtures of the portal tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and login failures live in the shared cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
