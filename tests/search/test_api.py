"""GET /api/v1/search/: the fixed JSON shape, 400s naming the bad parameter, the search log."""

import pytest

from search.models import SearchLogEntry

URL = "/api/v1/search/"


@pytest.fixture
def indexed(directory, db):
    from search.backends.database import DatabaseBackend

    DatabaseBackend().rebuild()
    return directory


def test_answer_shape(client, indexed):
    response = client.get(URL, {"q": "Jobberatung", "lang": "en", "page_size": 5})
    assert response.status_code == 200
    data = response.json()
    assert {"count", "page", "page_size", "results", "facets"} <= set(data)
    assert (data["count"], data["page"], data["page_size"]) == (1, 1, 5)
    result = data["results"][0]
    assert set(result) == {
        "id", "title", "summary", "url", "provider", "districts", "languages",
        "fields_of_action", "target_groups", "free", "highlight", "reasons",
    }
    assert result["reasons"] == []  # no facts about a person given
    offer = indexed["jobs"]
    assert result["id"] == str(offer.hsds_id)
    assert result["title"] == "Job counselling for newcomers"
    assert result["provider"]["name"] == "AWO Kreisverband Köln"
    assert result["free"] is True
    assert set(data["facets"]) >= {"field_of_action", "district", "language", "free"}
    option = data["facets"]["field_of_action"][0]
    assert set(option) >= {"code", "label", "count", "selected"}
    assert {o["code"]: o["label"] for o in data["facets"]["field_of_action"]}["arbeit"] == "Work & employment"


def test_repeated_parameters_select_several_values(client, indexed):
    data = client.get(URL + "?field_of_action=wohnen&field_of_action=sprache").json()
    assert data["count"] == 2
    selected = {o["code"] for o in data["facets"]["field_of_action"] if o["selected"]}
    assert selected == {"wohnen", "sprache"}


def test_unknown_parameters_are_ignored(client, indexed):
    assert client.get(URL, {"utm_source": "x", "q": "Wohnung"}).json()["count"] == 1


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"field_of_action": "nope"}, "field_of_action"),
        ({"district": "atlantis"}, "district"),
        ({"language": "xx"}, "language"),
        ({"free": "maybe"}, "free"),
        ({"provider": "not-a-provider"}, "provider"),
        ({"residence_status": "martian"}, "residence_status"),
        ({"age": "abc"}, "age"),
        ({"age": "-1"}, "age"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"lang": "xx"}, "lang"),
        ({"sort": "random"}, "sort"),
        ({"sort": "distance", "near": "atlantis"}, "near"),
        ({"sort": "distance"}, "near"),
    ],
)
def test_bad_values_get_a_400_naming_the_parameter(client, indexed, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    data = response.json()
    assert data["parameter"] == parameter
    assert data["error"]


def test_searches_are_logged_without_personal_data(client, indexed):
    client.get(URL, {"q": "  Wohnungs-Suche ", "lang": "de", "district": "ehrenfeld"}, HTTP_USER_AGENT="Mozilla/5.0")
    entry = SearchLogEntry.objects.get()
    assert (entry.text, entry.language, entry.result_count) == ("wohnungs suche", "de", 1)
    assert entry.filters == {"district": ["ehrenfeld"]}
    field_names = {field.name for field in SearchLogEntry._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user", "session", "user_agent"}


def test_bots_head_requests_and_later_pages_are_not_logged(client, indexed):
    client.get(URL, {"q": "Wohnung"}, HTTP_USER_AGENT="Googlebot/2.1")
    client.head(URL, {"q": "Wohnung"})
    client.get(URL, {"q": "Wohnung", "page": 2})
    assert SearchLogEntry.objects.count() == 0


def test_an_unreachable_elasticsearch_falls_back_to_the_database(client, indexed, settings, monkeypatch):
    from search import service
    from search.backends import elasticsearch

    warnings = []
    monkeypatch.setattr(service.logger, "warning", lambda message, *args: warnings.append(message % args))
    def fail(self, query):
        raise ConnectionError("no cluster")

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    monkeypatch.setattr(elasticsearch.ElasticsearchBackend, "search", fail)
    response = client.get(URL, {"q": "Wohnung"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert "answering from the database backend" in warnings[0]
