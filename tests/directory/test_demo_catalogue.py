"""The demo landscape is data: the files in services_directory/demo/data build the same
landscape every time, and a file an editor broke is named with the entry, not a traceback."""

import datetime
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from services_directory.demo import catalogue
from services_directory.demo.generate import build_landscape

READERS = (catalogue.texts, catalogue.programmes, catalogue.providers, catalogue.themes, catalogue.stadtteile)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data files the catalogue reads instead of the real ones."""
    copy = tmp_path / "data"
    shutil.copytree(catalogue.DATA, copy)
    monkeypatch.setattr(catalogue, "DATA", copy)
    for reader in READERS:
        reader.cache_clear()
    yield copy
    for reader in READERS:
        reader.cache_clear()


def _edit(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_data_files_give_the_whole_landscape():
    landscape = build_landscape(datetime.date(2026, 11, 27))
    assert (len(landscape.programmes), len(landscape.providers), len(landscape.places), len(landscape.offers)) == (
        17, 56, 161, 342,
    )
    offer = next(spec for spec in landscape.offers if spec.key == "caritas/mbe/ehrenfeld-stadtteil")
    assert offer.texts["title"]["de"] == "Migrationsberatung für Erwachsene (MBE) – Ehrenfeld"
    assert offer.values["access_walk_in"] and offer.values["access_appointment"]
    assert ("field-of-action", "aufenthalt") in offer.terms["fields_of_action"]


def test_the_same_day_gives_the_same_landscape():
    day = datetime.date(2026, 11, 27)
    assert build_landscape(day) == build_landscape(day)


def test_a_theme_without_its_arabic_title_is_named(data_copy):
    _edit(data_copy / "themes-advice.json", lambda themes: themes[0]["title"].pop("ar"))
    with pytest.raises(catalogue.DemoDataError, match=r"themes-advice.json, entry 1 \('mbe'\): 'title' has no text in ar"):
        build_landscape(datetime.date(2026, 11, 27))


def test_a_provider_offering_an_unknown_theme_is_named(data_copy):
    _edit(data_copy / "providers.json", lambda providers: providers[0]["themes"].append("zauberkurs"))
    with pytest.raises(catalogue.DemoDataError, match=r"providers.json \('caritas'\): unknown theme 'zauberkurs'"):
        build_landscape(datetime.date(2026, 11, 27))


def test_an_unknown_access_kind_is_named_with_the_choices(data_copy):
    _edit(data_copy / "themes-learning.json", lambda themes: themes[2].update(access=["walk-in", "by-pigeon"]))
    with pytest.raises(catalogue.DemoDataError, match=r"themes-learning.json, entry 3 .*unknown access \['by-pigeon'\]; use walk-in"):
        build_landscape(datetime.date(2026, 11, 27))


def test_broken_json_is_named_with_its_line(data_copy):
    path = data_copy / "programmes.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"key": "jmd",', '"key": "jmd"', 1), encoding="utf-8")
    with pytest.raises(catalogue.DemoDataError, match=r"programmes.json, line \d+: not valid JSON"):
        build_landscape(datetime.date(2026, 11, 27))


@pytest.mark.django_db
def test_load_demo_data_reports_a_broken_file_as_a_command_error(portal_site, data_copy):
    _edit(data_copy / "stadtteile.json", lambda places: places[0].pop("postcode"))
    with pytest.raises(CommandError, match=r"stadtteile.json, entry 1: 'postcode' is missing"):
        call_command("load_demo_data", stdout=io.StringIO())
