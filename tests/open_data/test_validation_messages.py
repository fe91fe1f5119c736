"""Schema messages of the import (open_data.validation) are what jsonschema says, though parts
shared between records (an organization, a location, a term) are checked once: a part with a
problem is named in every record that has it, and a valid part never hides another's problem."""

import copy

from jsonschema import Draft202012Validator, FormatChecker

from open_data import validation

from .conftest import example


def plain_messages(document):
    """The messages of a validator that checks every part of every record."""
    plain = Draft202012Validator(
        {"$ref": validation.BASE_URI + "service.json"}, registry=validation.registry(), format_checker=FormatChecker()
    )
    found = sorted(plain.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(str(part) for part in error.absolute_path) or '(document)'}: {error.message}" for error in found]


def variants():
    record = example("de")[0]
    location = record["service_at_locations"][0]["location"]
    bad_location = copy.deepcopy(record)
    bad_location["service_at_locations"][0]["location"]["latitude"] = "north"
    bad_organization = copy.deepcopy(record)
    bad_organization["organization"]["email"] = 42
    bad_term = copy.deepcopy(record)
    bad_term["attributes"][0]["taxonomy_term"]["code"] = None
    twice = copy.deepcopy(record)
    twice["service_at_locations"].append({**copy.deepcopy(record["service_at_locations"][0]), "id": location["id"]})
    twice["service_at_locations"][1]["location"]["name"] = ["not", "a", "name"]
    return [record, bad_location, record, bad_location, bad_organization, bad_term, twice, record, bad_term]


def test_messages_are_jsonschemas_for_every_record_in_a_run():
    for document in variants():
        assert validation.errors("service.json", document) == plain_messages(document)


def test_a_shared_part_with_a_problem_is_named_in_each_record_that_has_it():
    record = example("de")[0]
    bad = copy.deepcopy(record)
    bad["service_at_locations"][0]["location"]["latitude"] = "north"
    messages = [validation.errors("service.json", document) for document in (record, bad, bad)]
    assert messages[0] == []
    assert messages[1] == messages[2] != []
    assert any("location/latitude" in message and "'north'" in message for message in messages[1])
