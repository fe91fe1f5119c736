"""The shared kim-examples import cleanly and come back out of the API as they went in."""

import pytest

from open_data.keeping import differences
from search import service as search_service
from search.query import SearchQuery

from .conftest import example, run_import, with_our_term_ids, write_json


def without_date(document):
    assert document.pop("last_modified")  # when this portal last changed it
    return document


@pytest.mark.django_db
def test_german_feed_imports_and_comes_back_unchanged(examples_imported, client):
    assert "created 2" in examples_imported
    for service in example("de"):
        response = client.get(f"/api/hsds/services/{service['id']}")
        assert response.status_code == 200
        assert differences(with_our_term_ids(service), without_date(response.json())) == ([], [])  # nothing lost or changed


@pytest.mark.django_db
def test_english_feed_fills_english_and_leaves_german(examples_imported, client, tmp_path):
    code, out, err = run_import(write_json(tmp_path, "en.json", example("en")), "--lang", "en")
    assert code == 0, err
    assert "updated 2" in out
    for language in ("de", "en"):
        for service in example(language):
            response = client.get(f"/api/hsds/services/{service['id']}", {"lang": language})
            assert differences(with_our_term_ids(service), without_date(response.json())) == ([], [])


@pytest.mark.django_db
def test_same_file_twice_changes_nothing(examples_imported, tmp_path):
    code, out, _err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0
    assert "created 0, updated 0, unchanged 2, rejected 0" in out
    code, out, _err = run_import(write_json(tmp_path, "en.json", example("en")), "--lang", "en")
    code, out, _err = run_import(write_json(tmp_path, "en.json", example("en")), "--lang", "en")
    assert "unchanged 2" in out


@pytest.mark.django_db
def test_imported_offers_are_in_the_search_index(examples_imported):
    result = search_service.search(SearchQuery(text="Beispielkurs", language="de"))
    assert example("de")[1]["id"] in {hit.hsds_id for hit in result.hits}
