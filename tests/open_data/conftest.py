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


@pytest.fixture
def examples_imported(portal_site, tmp_path):
    code, out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0, err
    return out
