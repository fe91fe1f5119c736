"""Shared fixtures: a set-up portal (site, pages, vocabulary) on the test database."""

import pytest
from django.core.management import call_command


@pytest.fixture
def portal_site(db):
    """The portal as `setup_portal` leaves it: site, home, directory, legal pages, vocabulary."""
    from portal.structure import ensure_structure
    from services_directory.vocabulary import load_taxonomies

    load_taxonomies()
    ensure_structure()
    call_command("set_translation_url_paths", verbosity=0)
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
