"""Property-style: services generated from the official HSDS 3.1 schema (compiled/service.json:
its text fields, status, phones, schedules and cost options, with whatever values the schema
allows) import and come back out of the API with no field lost or changed. Bounded examples."""

import copy
import json
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from open_data.importing import HsdsImporter
from open_data.keeping import differences
from open_data.paths import schema_dir
from services_directory.models import OfferPage

TEXTS = ["alternate_name", "alert", "fees_description", "eligibility_description", "wait_time", "accreditations", "licenses"]
PARTS = ["phones", "schedules", "cost_options"]
ORGANIZATION = {"id": "5b3a1a52-2f4e-4e55-9d0e-0c9c2f1e7a01", "name": "Generated organization", "description": "Made by a test."}


def service_schema():
    compiled = json.loads((schema_dir() / "compiled" / "service.json").read_text(encoding="utf-8"))
    properties = {name: copy.deepcopy(compiled["properties"][name]) for name in ["status", *TEXTS, *PARTS]}
    for part in PARTS:
        properties[part]["maxItems"] = 2
        item = properties[part]["items"]
        for nested in [name for name, value in item["properties"].items() if value.get("type") == "array"]:
            item["properties"].pop(nested)  # one level of nesting is enough here
            if nested in item.get("required", []):
                item["required"].remove(nested)
    return {"type": "object", "properties": properties, "required": ["status"], "additionalProperties": False}


def _clean(value):
    """No NUL characters (PostgreSQL cannot store them; the importer refuses them, naming where:
    test_a_nul_character_is_refused_naming_where). json.dumps writes one as \\u0000."""
    return "\\u0000" not in json.dumps(value)


@pytest.fixture(scope="module")
def strategy():
    return from_schema(service_schema())


@pytest.mark.django_db
def test_generated_services_round_trip(portal_site, client, strategy):
    @given(generated=strategy, name=st.text(min_size=1, max_size=60).filter(lambda text: text.strip() and "\x00" not in text))
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def round_trip(generated, name):
        assume(_clean(generated))
        service = {"id": str(uuid.uuid4()), "name": name, **generated, "organization": ORGANIZATION}
        for part in PARTS:  # ids are UUIDs (a format the generator does not know) that point where they are
            for item in service.get(part, []):
                for key in [key for key in item if key.endswith("_id")]:
                    del item[key]
                item["id"] = str(uuid.uuid4())
        importer = HsdsImporter("de")
        summary = importer.run([service])
        outcome = summary.outcomes[0]
        assert outcome.status == "created", (outcome.reason, service)
        offer = OfferPage.objects.get(hsds_id=service["id"])
        if not offer.live:
            offer.get_latest_revision().publish()
        served = client.get(f"/api/hsds/services/{service['id']}").json()
        served.pop("last_modified")
        assert differences(service, served) == ([], []), service
        offer.delete()

    round_trip()


@pytest.mark.django_db
def test_a_nul_character_is_refused_naming_where(portal_site):
    service = {"id": str(uuid.uuid4()), "name": "Beratung", "status": "active",
               "alert": "Heute\x00 geschlossen", "organization": ORGANIZATION}
    summary = HsdsImporter("de").run([service])
    [outcome] = summary.outcomes
    assert outcome.status == "rejected"
    assert "alert: contains a NUL character" in outcome.reason
    assert not OfferPage.objects.filter(hsds_id=service["id"]).exists()
