"""Every model change ships with its migration: a fresh `make run` builds the schema the code
expects (a StreamField block built from the search facets changes when a facet is added)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:
        pytest.fail(f"makemigrations would write migrations (exit {exit.code}):\n{out.getvalue()[:3000]}")
