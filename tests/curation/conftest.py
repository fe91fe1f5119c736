"""Collection fixtures: a fresh search index per test (each test's content is rolled back)."""

import pytest

try:
    from search.backends.memory import reset as reset_search_index
except ImportError:  # a database-native engine keeps no copy in the process
    def reset_search_index():
        return None


@pytest.fixture(autouse=True)
def fresh_search_index():
    reset_search_index()
    yield
    reset_search_index()
