"""What an import keeps of each document (open_data.keeping): one row per document and language,
replaced by the next import of it, so an export gives back what the latest import brought."""

import copy

import pytest

from open_data import keeping
from open_data.importing import HsdsImporter
from open_data.models import ImportedDocument

from .conftest import example

pytestmark = pytest.mark.django_db


def test_a_reimported_document_replaces_the_kept_one(portal_site):
    record = example("de")[0]
    HsdsImporter("de").run([record])
    first = ImportedDocument.objects.get(kind="service", hsds_id=record["id"], language="de")

    changed = copy.deepcopy(record)
    changed["name"] = "Migrationsberatung am Abend"
    changed["x-note"] = "kept for export"
    assert [outcome.status for outcome in HsdsImporter("de").run([changed]).outcomes] == ["updated"]

    kept = ImportedDocument.objects.get(kind="service", hsds_id=record["id"], language="de")
    assert kept.pk == first.pk and kept.original == changed
    assert kept.baseline["name"] == "Migrationsberatung am Abend"
    assert kept.imported_at >= first.imported_at
    assert keeping.stored_original("service", record["id"], "de") == changed
