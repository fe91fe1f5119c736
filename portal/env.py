"""Read the portal's configuration from environment variables.

A bad or missing variable stops start-up with one line that names it, not a traceback:
`ConfigError` is turned into such a line by `portal.settings`.
"""

import ipaddress
import os
import zlib
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url


class ConfigError(Exception):
    """A configuration variable is missing or malformed."""

    def __init__(self, name, problem):
        self.name = name
        super().__init__(f"Configuration error: {name} {problem}")


def get_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if required:
            raise ConfigError(name, "is required but not set")
        return default
    return value.strip()


def get_bool(name, default=False):
    value = get_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(name, f"must be true or false, not {value!r}")


def get_int(name, default):
    value = get_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(name, f"must be a whole number, not {value!r}") from None


def get_list(name, default=()):
    value = get_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# SQLite shared by web workers and imports: WAL lets readers go on while one writer writes; a
# writer waits up to 20 s for the lock (busy timeout) and takes it when its transaction begins
# (IMMEDIATE), so two writers queue instead of failing half-way with "database is locked".
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def get_database(name, default_sqlite_path: Path):
    url = get_str(name)
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": SQLITE_OPTIONS,
        }
    scheme = urlparse(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            name, f"must be a postgres:// or sqlite:// URL, not one with scheme {scheme!r}"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as error:  # dj-database-url raises several kinds
        raise ConfigError(name, f"is not a valid database URL ({error})") from None
    if not config.get("NAME"):
        raise ConfigError(name, "names no database")
    if scheme == "sqlite":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0  # one SQLite connection per request: no stale WAL snapshots
    return config


def get_url(name):
    value = get_str(name)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ConfigError(name, f"must be an http(s) URL such as http://localhost:9200, not {value!r}")
    return value


def get_email_backend(name, default):
    value = get_str(name, default)
    aliases = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if value in aliases:
        return aliases[value]
    if "." not in value:
        raise ConfigError(name, f"must be one of {', '.join(aliases)} or a dotted path, not {value!r}")
    return value


def get_cache(name, default="db://kim_cache", max_entries=100_000):
    """A shared cache (rate limits, lockouts, pages) from a URL; the database cache when unset.

    Only backends that every worker process shares are accepted, except `locmem://`, which the
    test suite and single-process runs use (`locmem://<name>` for a separate one).
    """
    value = get_str(name, default)
    parsed = urlparse(value)
    if parsed.scheme in {"db", "database"}:
        table = (parsed.netloc + parsed.path).strip("/") or "kim_cache"
        if not table.replace("_", "").isalnum():
            raise ConfigError(name, f"names no valid cache table in {value!r} (e.g. db://kim_cache)")
        # Django culls a third of the entries past 300 by default: that would reset rate limits.
        return {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": table, "OPTIONS": {"MAX_ENTRIES": max_entries}}
    if parsed.scheme in {"redis", "rediss", "unix"}:
        if parsed.scheme != "unix" and not parsed.hostname:
            raise ConfigError(name, f"names no host in {value!r} (e.g. redis://redis:6379/0)")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    if parsed.scheme == "locmem":
        location = (parsed.netloc + parsed.path).strip("/") or "kim"
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": max_entries}}
    raise ConfigError(
        name, f"must be db://, redis://host:6379/0 or locmem://, not a URL with scheme {parsed.scheme!r}"
    )


def get_networks(name):
    """Comma-separated IP addresses or networks (`10.0.0.0/8`), e.g. the trusted reverse proxies."""
    networks = []
    for item in get_list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(name, f"must list IP addresses or networks, not {item!r}") from None
    return networks


def check_secret_key(name, value):
    """Refuse a key an attacker could guess: short, few different characters or repetitive.

    Compression is a cheap entropy estimate: random keys do not shrink, `xxxx…` or `abcabc…` do.
    """
    if len(value) < 50:
        raise ConfigError(name, "must be at least 50 characters long when DEBUG is off")
    if value.startswith("django-insecure-"):
        raise ConfigError(name, "is Django's insecure development key; generate a new one")
    if len(set(value)) < 10 or len(zlib.compress(value.encode(), 9)) < 0.75 * len(value):
        raise ConfigError(
            name,
            "is too easy to guess (too few different characters or a repeating pattern); "
            "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(60))'",
        )
    return value
