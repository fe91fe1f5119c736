"""A bad or missing configuration variable stops start-up with one line naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "s9Q!x" * 10,
    "ALLOWED_HOSTS": "kim.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "check-deploy.sqlite3"),
}


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "ELASTICSEARCH_URL", "EMAIL_PORT",
        "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"}}
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


def test_check_deploy_with_production_variables_prints_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout
