"""Schema messages of the import (open_data.validation) are what jsonschema says, though a fast
validator (jsonschema-rs) decides first whether there is anything to say: a part with a problem
is named in every record that has it, a valid part never hides another's problem, and nothing the
fast validator passes is something jsonschema refuses."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from open_data import validation

from .conftest import example


def plain_messages(document):
    """The messages of jsonschema alone."""
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


def test_the_fast_validator_is_built_for_the_schemas_the_portal_checks():
    """A schema jsonschema-rs could not build would silently take the slow path for every record."""
    for name in ("service.json", "organization.json", "compiled/service_list.json", "compiled/organization.json"):
        assert validation._compiled(name) is not None, name


def _places(value, path=()):
    """Every place in a document (dict keys and list positions), nested."""
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in children:
        yield from _places(item, (*path, key))


DELETE = object()


def _changed(document, path, new):
    changed = copy.deepcopy(document)
    *parents, last = path
    target = changed
    for key in parents:
        target = target[key]
    if new is DELETE:
        del target[last]
    else:
        target[last] = new
    return changed


LOOKALIKES = st.sampled_from([
    "a@b", "no-at", "@", "x@y.z", "mailto:x@y.z", "https://example.org/a b", "https://example.org", "//x", "x:y", "",
    "2026-02-30T10:00:00Z", "2026-01-01T10:00:00", "2026-01-01T10:00:00+01:00", "2026-01-01", "18:00",
    "12345678-1234-1234-1234-123456789012", "{12345678-1234-1234-1234-123456789012}", "123456781234123412341234567890ab",
    "urn:uuid:12345678-1234-1234-1234-123456789012", "12345678-1234-1234-1234-12345678901G",
])
TEXTS = st.text(st.characters(exclude_characters="\x00"), max_size=5)  # NUL: a message of the portal's own (test_generated_services)
VALUES = st.one_of(
    LOOKALIKES, st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), TEXTS,
    st.lists(st.integers(), max_size=2), st.dictionaries(TEXTS, st.integers(), max_size=2), st.just(DELETE),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_validator_never_passes_what_jsonschema_refuses(data):
    """Up to three parts of a valid record replaced anywhere (types, formats, required parts
    removed): the messages are jsonschema's, so a record it refuses is never waved through."""
    record = example("de")[0]
    places = [path for path in _places(record) if path]
    changed = record
    for _step in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(places))
        try:
            changed = _changed(changed, path, data.draw(VALUES))
        except (KeyError, IndexError, TypeError):  # an earlier change removed that place
            continue
    assert validation.errors("service.json", changed) == plain_messages(changed)
