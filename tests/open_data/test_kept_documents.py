"""What an import keeps of each document (open_data.keeping): one row per document and language,
replaced by the next import of it, so an export gives back what the latest import brought."""

import copy
import uuid

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


def test_documents_kept_in_bulk_come_back_as_they_were(portal_site):
    """A batch's documents are written in one statement (on PostgreSQL one parameter per row, not
    arrays of all rows): quotes, backslashes, braces, Arabic and nesting come back unchanged, and
    the last of two documents with the same id wins."""
    awkward = {"name": 'Beratung "Neustart" \\ {Köln}', "ar": "استشارة", "list": [{"a": None, "b": [1, 2.5, True]}], "e": ""}
    ids = [uuid.uuid4() for _ in range(3)]
    documents = [
        ImportedDocument(kind="service", hsds_id=str(hsds_id), language="ar", original={**awkward, "n": n}, baseline={"n": n})
        for n, hsds_id in enumerate(ids)
    ]
    documents.append(ImportedDocument(kind="service", hsds_id=str(ids[0]), language="ar", original={"n": "last"}, baseline={}))
    keeping.remember_all(documents)
    kept = {str(row.hsds_id): row.original for row in ImportedDocument.objects.filter(hsds_id__in=ids)}
    assert kept == {str(ids[0]): {"n": "last"}, str(ids[1]): {**awkward, "n": 1}, str(ids[2]): {**awkward, "n": 2}}
