"""Fixtures of the open-data tests: the KIM HSDS examples (open_data/hsds/kim-examples) and helpers."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from open_data.paths import kim_examples_dir

KIM_EXAMPLES = kim_examples_dir()


def example(language):
    with (KIM_EXAMPLES / f"services-{language}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def write_json(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path, *args):
    """(exit code, stdout, stderr) of import_hsds."""
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_hsds", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    except Exception as problem:  # CommandError when called through call_command
        from django.core.management import CommandError

        if not isinstance(problem, CommandError):
            raise
        code = problem.returncode
        err.write(str(problem))
    return code, out.getvalue(), err.getvalue()


def with_our_term_ids(document):
    """The document as the portal serves it back: terms of its vocabulary (by taxonomy and code)
    with the portal's own ids; other producers' ids of them are mapped on import, never adopted."""
    from services_directory.models import Term

    if isinstance(document, list):
        return [with_our_term_ids(item) for item in document]
    if not isinstance(document, dict):
        return document
    result = {key: with_our_term_ids(value) for key, value in document.items()}
    nested = result.get("taxonomy_term")
    if isinstance(nested, dict):
        term = Term.objects.filter(taxonomy__code=nested.get("taxonomy"), code=nested.get("code")).first()
        if term is not None:
            result["taxonomy_term"] = {**nested, "id": str(term.hsds_id)}
            if "taxonomy_term_id" in result:
                result["taxonomy_term_id"] = str(term.hsds_id)
    return result


@pytest.fixture
def examples_imported(portal_site, tmp_path):
    code, out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0, err
    return out
