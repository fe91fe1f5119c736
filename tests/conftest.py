"""Shared fixtures: a set-up portal (site, pages, vocabulary) on the test database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation


def _set_up_portal():
    call_command("setup_portal", skip_migrate=True, verbosity=0, stdout=StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Set the portal up once per test database; each test's rollback keeps it."""
    with django_db_blocker.unblock():
        _set_up_portal()


@pytest.fixture(autouse=True)
def _german_by_default():
    """Tests create content in German, whatever language an earlier request left active."""
    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def portal_site(db):
    """The portal as `setup_portal` leaves it: site, home, directory, legal pages, vocabulary.

    Transactional tests flush the database afterwards; the next one sets it up again.
    """
    from wagtail.models import Site

    from portal.models import HomePage

    if not HomePage.objects.exists():
        _set_up_portal()
    return Site.objects.get(is_default_site=True)
