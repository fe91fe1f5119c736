"""An HSDS request loads only the recorded ids of the objects it serves, not the whole id table;
an import undoes the ids a rejected record recorded."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from open_data.ids import IdMap, derived_id, language_key
from open_data.models import HsdsId
from tests.factories import OfferPageFactory


@pytest.mark.django_db
def test_a_service_request_reads_only_the_ids_it_needs_and_still_serves_recorded_ones(client, portal_site):
    offer = OfferPageFactory(title="Sprachcafé", languages=["de", "ar"])
    recorded = str(uuid.uuid4())
    HsdsId.objects.create(key=language_key(offer, "ar"), hsds_id=recorded)  # kept from an import
    HsdsId.objects.bulk_create(  # ids of other objects: a big table the request must not load
        HsdsId(key=f"language:{uuid.uuid4()}:de", hsds_id=uuid.uuid4()) for _ in range(300)
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/hsds/services/{offer.hsds_id}")
    assert response.status_code == 200
    languages = {item["code"]: item["id"] for item in response.json()["languages"]}
    assert languages == {"de": derived_id(language_key(offer, "de")), "ar": recorded}
    id_reads = [q["sql"] for q in queries.captured_queries if '"open_data_hsdsid"' in q["sql"]]
    assert id_reads and all("WHERE" in sql and " IN (" in sql for sql in id_reads), id_reads


@pytest.mark.django_db
def test_an_import_records_ids_that_are_undone_with_a_rolled_back_record():
    """The importer marks the map before each record and undoes a rejected record's changes
    (its rows went with its savepoint), without copying the whole map for every record."""
    kept, theirs, other = (str(uuid.uuid4()) for _ in range(3))
    HsdsId.objects.create(key="language:a:de", hsds_id=kept)
    ids = IdMap()
    mark = ids.mark()
    ids.record("language:a:de", theirs)  # changed
    ids.record("language:b:de", other)  # new
    ids.record("language:c:de", derived_id("language:c:de"))  # the derived id: nothing to keep
    assert ids.get("language:a:de") == theirs and ids.keys_for(other) == ["language:b:de"]
    ids.undo_since(mark)
    assert ids.get("language:a:de") == kept
    assert ids.get("language:b:de") == derived_id("language:b:de") and ids.keys_for(other) == []
