"""JSON Schema validation against the HSDS 3.1 schemas in open_data/hsds/schema.

A `referencing` registry maps every schema reference (bare file names such as "phone.json" and
the raw.githubusercontent.com URLs openapi.json uses) to the local files: nothing is fetched.

Two validators: jsonschema-rs (compiled: 0.1 ms for a service instead of about 3 ms) says
whether a document is valid; only a document it refuses is checked again by `jsonschema`, whose
messages the import reports. jsonschema-rs checks formats (email, uri, date-time, uuid) at least
as strictly, so nothing it passes is something `jsonschema` would refuse
(tests/open_data/test_validation_messages.py); a stricter verdict only takes the slow path,
whose answer counts.
"""

import json
from functools import cache

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from open_data.paths import schema_dir

BASE_URI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@cache
def _schemas() -> list[tuple[str, dict]]:
    """(URI, contents) of every schema file."""
    found = []
    root = schema_dir()
    for path in sorted(root.glob("*.json")) + sorted((root / "compiled").glob("*.json")):
        if path.name == "openapi.json":
            continue
        with path.open(encoding="utf-8") as handle:
            found.append((BASE_URI + path.relative_to(root).as_posix(), json.load(handle)))
    return found


@cache
def registry() -> Registry:
    return Registry().with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012)) for uri, contents in _schemas()
    )


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS object, e.g. "service.json" or "compiled/service_list.json"."""
    return Draft202012Validator({"$ref": BASE_URI + name}, registry=registry(), format_checker=FormatChecker())


@cache
def _compiled(name: str):
    """jsonschema-rs's validator for one HSDS object: the fast yes/no. It resolves every reference
    up front, and the compiled schemas name files that are not there (`jsonschema` only looks
    when it gets there), so it sees the plain files and the one compiled schema asked for; a
    schema it cannot build takes the slow path (None)."""
    schemas = [(uri, contents) for uri, contents in _schemas() if "/compiled/" not in uri or uri == BASE_URI + name]
    try:
        return jsonschema_rs.validator_for(
            {"$ref": BASE_URI + name}, registry=jsonschema_rs.Registry(schemas, draft=jsonschema_rs.Draft202012),
            validate_formats=True, ignore_unknown_formats=True,
        )
    except (jsonschema_rs.ReferencingError, ValueError):
        return None


def _valid(name, document) -> bool:
    fast = _compiled(name)
    if fast is None:
        return False
    try:
        return fast.is_valid(document)
    except (ValueError, TypeError, OverflowError):  # what it cannot read (e.g. a huge integer): the slow path says it
        return False


def errors(name: str, document) -> list[str]:
    """Readable messages, each naming where in the document the problem is."""
    found = [] if _valid(name, document) else sorted(validator(name).iter_errors(document), key=lambda error: list(error.absolute_path))
    messages = [f"{'/'.join(str(part) for part in error.absolute_path) or '(document)'}: {error.message}" for error in found]
    return messages + [f"{path or '(document)'}: contains a NUL character (U+0000), which no database can store"
                       for path in _nul_paths(document)]


def _nul_paths(value, path=""):
    """Where a text holds U+0000: valid JSON, but PostgreSQL refuses it (SQLite would keep it), so
    both refuse it here, naming the place, instead of failing in the database."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [found for key, item in value.items()
                for found in ([f"{path}/{key}".lstrip("/")] if "\x00" in str(key) else _nul_paths(item, f"{path}/{key}".lstrip("/")))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _nul_paths(item, f"{path}/{index}".lstrip("/"))]
    return []
