"""Read the portal's configuration from environment variables.

A bad or missing variable stops start-up with one line that names it, not a traceback:
`ConfigError` is turned into such a line by `portal.settings`.
"""

import os
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


def get_database(name, default_sqlite_path: Path):
    url = get_str(name)
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {"timeout": 20},
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
