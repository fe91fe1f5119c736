"""Shared fixtures: a set-up portal (site, pages, vocabulary) on the test database, and the rule
that a test which logs an ERROR fails unless it says it expects one."""

import logging
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

EXPECT_ERROR_LOG = "expect_error_log"


class _ErrorRecords(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


_errors = _ErrorRecords()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{EXPECT_ERROR_LOG}: the test makes the code log an ERROR on purpose (and checks it)"
    )


def _listened_loggers():
    """The root logger and the configured loggers that do not pass records on to it."""
    names = [name for name, conf in settings.LOGGING.get("loggers", {}).items() if conf.get("propagate") is False]
    return [logging.getLogger(), *(logging.getLogger(name) for name in names)]


@pytest.fixture(autouse=True)
def _fail_on_error_logs(request):
    """Swallowed errors (a failed index update, a 500 in the live server) show as test failures."""
    loggers = _listened_loggers()
    for logger in loggers:
        logger.addHandler(_errors)
    _errors.records = []
    yield
    for logger in loggers:
        logger.removeHandler(_errors)
    if _errors.records and not request.node.get_closest_marker(EXPECT_ERROR_LOG):
        lines = "\n".join(f"{record.name}: {record.getMessage()}" for record in _errors.records[:5])
        pytest.fail(f"the test logged {len(_errors.records)} ERROR record(s); mark it {EXPECT_ERROR_LOG} if meant:\n{lines}")


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
