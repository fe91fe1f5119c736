"""Rate limits of the public forms: shared by all workers, per real client behind a proxy, with a
ceiling for everyone, answered with a 429 in the reader's language."""

import socket
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils import translation

from portal.limits import client_address
from portal.models import BarrierReport
from tests.factories import OfferPageFactory, ProviderPageFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def offer(portal_site):
    provider = ProviderPageFactory(title="Träger für Meldungen")
    return OfferPageFactory(parent=provider, title="Beratung mit Meldeformular")


def _report(client, offer, text, language="de", **extra):
    return client.post(f"/{language}/offers/{offer.hsds_id}/report/", {"description": text}, **extra)


def _barrier(client, text, language="de", **extra):
    return client.post(f"/{language}/barrier-report/", {"page_url": "/de/", "description": text}, **extra)


def test_barrier_reports_are_limited_per_client(portal_site, client):
    from portal.models import PortalSettings

    PortalSettings.objects.update_or_create(site=portal_site, defaults={"barrier_contact_email": "a11y@example.org"})
    # Before: 30 reports in 3 s were all stored and mailed.
    statuses = [_barrier(client, f"Barriere {n}", REMOTE_ADDR="198.51.100.20").status_code for n in range(30)]

    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    assert BarrierReport.objects.count() == 5
    assert len(mail.outbox) == 5
    assert _barrier(client, "Jemand anderes", REMOTE_ADDR="198.51.100.21").status_code == 200


def test_a_form_with_errors_does_not_use_up_the_allowance(portal_site, client):
    for _attempt in range(8):
        assert _barrier(client, "", REMOTE_ADDR="198.51.100.22").status_code == 400
    assert _barrier(client, "Jetzt vollständig", REMOTE_ADDR="198.51.100.22").status_code == 200


@override_settings(TRUSTED_PROXIES=[__import__("ipaddress").ip_network("10.0.0.0/8")])
def test_behind_the_proxy_each_reader_has_their_own_allowance(client, offer):
    # Before: behind a proxy every reader shared the proxy's address; one person blocked everyone.
    for n in range(5):
        response = _report(client, offer, f"Meldung {n}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert response.status_code == 200
    blocked = _report(client, offer, "eine zu viel", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert blocked.status_code == 429

    other = _report(client, offer, "andere Person", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200
    # A client cannot escape its limit by writing its own X-Forwarded-For in front.
    forged = _report(
        client, offer, "gefälscht", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    assert forged.status_code == 429


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, offer):
    for n in range(5):
        response = _report(client, offer, f"Meldung {n}", REMOTE_ADDR="198.51.100.30", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert response.status_code == 200
    refused = _report(client, offer, "sechs", REMOTE_ADDR="198.51.100.30", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert refused.status_code == 429


@override_settings(PORTAL_RATE_LIMITS={"problem_report": ("5/h", "8/h"), "barrier_report": ("5/h", "8/h")})
def test_a_ceiling_for_all_clients_together(client, offer):
    statuses = [_report(client, offer, f"Meldung {n}", REMOTE_ADDR=f"198.51.100.{40 + n}").status_code for n in range(10)]
    assert statuses == [200] * 8 + [429] * 2


def test_the_429_page_speaks_the_readers_language(client, offer):
    for n in range(5):
        _report(client, offer, f"Meldung {n}", language="ar", REMOTE_ADDR="198.51.100.50")

    response = _report(client, offer, "zu viel", language="ar", REMOTE_ADDR="198.51.100.50")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600 + 5
    html = response.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    with translation.override("ar"):
        heading = translation.gettext("Too many requests")
    assert heading != "Too many requests" and f"<h1>{heading}</h1>" in html


def test_api_clients_get_a_json_429(client, offer):
    for n in range(5):
        _report(client, offer, f"Meldung {n}", REMOTE_ADDR="198.51.100.60")

    response = _report(client, offer, "zu viel", language="en", REMOTE_ADDR="198.51.100.60", HTTP_ACCEPT="application/json")

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "try again" in response.json()["error"]


def test_ipv6_clients_count_per_network_not_per_address(client, offer):
    # One phone gets many addresses from its /64; changing them must not reset the allowance.
    for n in range(5):
        assert _report(client, offer, f"Meldung {n}", REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").status_code == 200
    assert _report(client, offer, "sechs", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert _report(client, offer, "anderes Netz", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.1", "", "198.51.100.1"),
        ("198.51.100.1", "192.0.2.1", "198.51.100.1"),  # not from our proxy: header ignored
        (PROXY, "192.0.2.1", "192.0.2.1"),
        (PROXY, "192.0.2.66, 192.0.2.1", "192.0.2.1"),  # the client's own entry is not believed
        (PROXY, "192.0.2.1, 10.0.0.7", "192.0.2.1"),  # two proxies of ours
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        (PROXY, "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_address_trusts_only_our_proxies(remote, forwarded, expected):
    import ipaddress

    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=[ipaddress.ip_network("10.0.0.0/8")]):
        assert client_address(request) == expected


def _redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


SHARED_CACHES = {
    "database": {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": "test_rate_limits", "OPTIONS": {"MAX_ENTRIES": 100_000}},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "kim-test-limits"},
}


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_the_limit_holds_across_workers_through_the_shared_cache(client, offer, backend):
    """Before: each gunicorn worker counted on its own (3 workers let 15 reports an hour through)."""
    if backend == "redis" and not _redis_reachable():
        pytest.skip("no Redis at 127.0.0.1:6379 (the database cache is tested without it)")
    with override_settings(CACHES={"default": SHARED_CACHES[backend]}):
        if backend == "database":
            call_command("createcachetable", stdout=StringIO())
        _clear(caches["default"])
        try:
            for n in range(5):
                assert _report(client, offer, f"Meldung {n}", REMOTE_ADDR="198.51.100.70").status_code == 200
                _forget_cache_connection()  # as another worker process would start
            assert _report(client, offer, "sechs", REMOTE_ADDR="198.51.100.70").status_code == 429
            # Only a salted hash of the address is kept.
            if backend == "redis":
                keys = caches["default"]._cache.get_client().keys("kim-test-limits:*")
                assert keys and not any(b"198.51.100" in key for key in keys)
        finally:
            _clear(caches["default"])
            _forget_cache_connection()


def _clear(shared_cache):
    """Empty the test's cache; on Redis only our own keys (clear() would flush the whole database)."""
    if hasattr(shared_cache, "_cache") and hasattr(shared_cache._cache, "get_client"):
        client = shared_cache._cache.get_client()
        keys = client.keys("kim-test-limits:*")
        if keys:
            client.delete(*keys)
    else:
        shared_cache.clear()


def _forget_cache_connection():
    try:
        del caches["default"]
    except AttributeError:
        pass


@override_settings(CACHES={"default": SHARED_CACHES["database"]})
def test_database_cache_counts_every_increment_and_keeps_the_expiry(monkeypatch):
    from django.db import connection

    from portal.cache import DatabaseCache

    call_command("createcachetable", stdout=StringIO())
    db_cache = caches["default"]
    db_cache.add("counter", 0, 3600)
    expires_before = _row(db_cache, "counter")[1]

    # Another worker increments between our read and our write: its count must not be lost.
    real_get = DatabaseCache.get
    raced = []

    def get_with_a_race(self, key, default=None, version=None):
        value = real_get(self, key, default, version)
        if not raced:
            raced.append(True)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE test_rate_limits SET value = %s WHERE cache_key = %s",
                    [db_cache._encode(value + 1), db_cache.make_and_validate_key(key)],
                )
        return value

    monkeypatch.setattr(DatabaseCache, "get", get_with_a_race)
    assert db_cache.incr("counter") == 2
    monkeypatch.undo()
    assert db_cache.incr("counter") == 3 and db_cache.get("counter") == 3
    # Django's own incr rewrites the expiry to the default 300 s, ending an hour's window early.
    assert _row(db_cache, "counter")[1] == expires_before
    db_cache.clear()


def _row(db_cache, key):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, expires FROM test_rate_limits WHERE cache_key = %s", [db_cache.make_and_validate_key(key)]
        )
        return cursor.fetchone()


@override_settings(CACHES={"default": {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": "kim_cache_setup_test"}})
def test_setup_portal_creates_the_cache_table(portal_site):
    from django.db import connection

    call_command("setup_portal", skip_migrate=True, stdout=StringIO())
    assert "kim_cache_setup_test" in connection.introspection.table_names()
