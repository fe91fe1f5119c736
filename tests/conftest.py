"""Shared fixtures: a set-up portal (site, pages, vocabulary) on the test database."""

import pytest
from django.core.management import call_command


@pytest.fixture
def portal_site(db):
    """The portal as `setup_portal` leaves it: site, home, directory, legal pages, vocabulary."""
    from io import StringIO

    from wagtail.models import Site

    call_command("setup_portal", skip_migrate=True, verbosity=0, stdout=StringIO())

    return Site.objects.get(is_default_site=True)
