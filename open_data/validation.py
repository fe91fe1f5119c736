"""JSON Schema validation against the HSDS 3.1 schemas in open_data/hsds/schema.

A `referencing` registry maps every schema reference (bare file names such as "phone.json" and
the raw.githubusercontent.com URLs openapi.json uses) to the local files: nothing is fetched.
"""

import json
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from open_data.paths import schema_dir

BASE_URI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@cache
def registry() -> Registry:
    resources = []
    root = schema_dir()
    for path in sorted(root.glob("*.json")) + sorted((root / "compiled").glob("*.json")):
        if path.name == "openapi.json":
            continue
        with path.open(encoding="utf-8") as handle:
            contents = json.load(handle)
        relative = path.relative_to(root).as_posix()
        resources.append((BASE_URI + relative, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


# Parts found valid, by the schema file they were checked against and their JSON: an import's
# records repeat the same parts (the organization nested in each of its services, the same
# locations, terms and phones), and each is checked once instead of once per record.
_valid_parts: set[tuple[str, str]] = set()
SHARED_PARTS = {"organization.json", "location.json", "program.json", "taxonomy_term.json", "unit.json"}
MAX_VALID_PARTS = 50_000  # forgotten all at once beyond this: a bound on a long-running process
_check_reference = Draft202012Validator.VALIDATORS["$ref"]


def _checked_once(validator, ref, instance, schema):
    """`$ref` as jsonschema checks it, skipped for a shared part already found valid against the
    same file (a whole schema file, whose meaning does not depend on where the reference
    stands; parts with their own ids in every record are not worth remembering). A part with
    problems is always checked, so every message is as before."""
    if ref not in SHARED_PARTS or not isinstance(instance, dict):
        yield from _check_reference(validator, ref, instance, schema)
        return
    try:
        key = (ref, json.dumps(instance, sort_keys=True, ensure_ascii=False))
    except (TypeError, ValueError):
        yield from _check_reference(validator, ref, instance, schema)
        return
    if key in _valid_parts:
        return
    problems = list(_check_reference(validator, ref, instance, schema))
    if not problems:
        if len(_valid_parts) >= MAX_VALID_PARTS:
            _valid_parts.clear()
        _valid_parts.add(key)
    yield from problems


_Validator = validators.extend(Draft202012Validator, {"$ref": _checked_once})


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS object, e.g. "service.json" or "compiled/service_list.json"."""
    return _Validator({"$ref": BASE_URI + name}, registry=registry(), format_checker=FormatChecker())


def errors(name: str, document) -> list[str]:
    """Readable messages, each naming where in the document the problem is."""
    found = sorted(validator(name).iter_errors(document), key=lambda error: list(error.absolute_path))
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
