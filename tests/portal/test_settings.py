"""A bad or missing configuration variable stops start-up with one line naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "prod-like-7fQ2xLk9VwR4sT1nB8zHc3YpJ6mDg5Ua0eKoXi_Nr-WqE2tLb",
    "ALLOWED_HOSTS": "kim.example.org",
    "PORTAL_BASE_URL": "https://kim.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "check-deploy.sqlite3"),
}


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "ELASTICSEARCH_URL", "EMAIL_PORT",
        "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS",
        "PORTAL_BASE_URL", "CACHE_URL", "TRUSTED_PROXIES"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY", "required"),
        ({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY", "50 characters"),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS", "required"),
        ({"DEBUG": "maybe"}, "DEBUG", "true or false"),
        ({**PRODUCTION, "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL", "postgres://"),
        ({**PRODUCTION, "ELASTICSEARCH_URL": "localhost:9200"}, "ELASTICSEARCH_URL", "http(s) URL"),
        ({**PRODUCTION, "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT", "whole number"),
        ({**PRODUCTION, "EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND", "console"),
        # Low-entropy keys that are long enough (the review's 50 repeated characters first).
        ({**PRODUCTION, "SECRET_KEY": "x" * 50}, "SECRET_KEY", "too easy to guess"),
        ({**PRODUCTION, "SECRET_KEY": "abcdefghij" * 5}, "SECRET_KEY", "too easy to guess"),
        ({**PRODUCTION, "SECRET_KEY": "k" * 20 + "s9Q!x" * 10}, "SECRET_KEY", "too easy to guess"),
        ({**PRODUCTION, "SECRET_KEY": "django-insecure-" + "Zq8" * 15}, "SECRET_KEY", "insecure"),
        ({**PRODUCTION, "PORTAL_BASE_URL": ""}, "PORTAL_BASE_URL", "required"),
        ({**PRODUCTION, "PORTAL_BASE_URL": "kim.example.org"}, "PORTAL_BASE_URL", "http(s) URL"),
        ({**PRODUCTION, "CACHE_URL": "memcached://cache:11211"}, "CACHE_URL", "redis://"),
        ({**PRODUCTION, "CACHE_URL": "redis://"}, "CACHE_URL", "no host"),
        ({**PRODUCTION, "TRUSTED_PROXIES": "10.0.0.1,proxy.local"}, "TRUSTED_PROXIES", "proxy.local"),
    ],
)
def test_bad_setting_stops_with_one_line_naming_the_variable(env, variable, words):
    result = _manage("check", **env)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")
    assert words in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "extra",
    [{}, {"CACHE_URL": "redis://127.0.0.1:6379/0", "TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"}],
    ids=["database-cache", "redis-behind-proxy"],
)
def test_check_deploy_with_production_variables_prints_no_warnings(extra):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_cache_url_chooses_a_shared_cache(monkeypatch):
    from portal import env

    monkeypatch.delenv("CACHE_URL", raising=False)
    assert env.get_cache("CACHE_URL")["BACKEND"] == "portal.cache.DatabaseCache"
    assert env.get_cache("CACHE_URL")["LOCATION"] == "kim_cache"
    monkeypatch.setenv("CACHE_URL", "redis://redis:6379/1")
    assert env.get_cache("CACHE_URL") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://redis:6379/1"
    }
