"""Imports never take over another provider's offers, refuse duplicate ids, report in a dry run
exactly what the real run does, run one at a time, and report every record even when they stop."""

import copy
import datetime
import os
import socket
import uuid
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.translation import gettext

from open_data.importing import runner
from open_data.models import ImportLock
from services_directory.models import OfferPage
from tests.carriers.conftest import build_world

from .conftest import example, run_import, write_json
from .test_spreadsheet import GOOD, sheet

pytestmark = pytest.mark.django_db

REFUSED = "belongs to another provider: refused"


@pytest.fixture
def world(portal_site):
    return build_world()


def upload(client, provider, text, **extra):
    data = {"provider": provider.pk, "file": SimpleUploadedFile("offers.csv", text.encode(), content_type="text/csv"),
            "language": "de", **extra}
    return client.post("/admin/import-offers/", data)


def takeover_sheet(offer):
    return sheet({**GOOD, "id": str(offer.hsds_id), "name": "Übernommen"})


def assert_untouched(offer, provider):
    """Still under its provider, with the title and latest revision it had."""
    now = OfferPage.objects.get(pk=offer.pk)
    assert now.get_parent().pk == provider.pk
    assert now.title == offer.title != "Übernommen"
    assert now.get_latest_revision().pk == offer.get_latest_revision().pk


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "real run"])
def test_csv_upload_by_editor_b_cannot_take_over_carrier_a_offer(world, client, dry_run):
    client.force_login(world.users["editor_b"])
    extra = {"dry_run": "on"} if dry_run else {}
    # an editor cannot ask for a move: the option is not theirs, a forged field is ignored
    response = upload(client, world.provider_b, takeover_sheet(world.offer_a), allow_move="on", **extra)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="updated">0<' in html and 'data-count="rejected">1<' in html
    assert REFUSED in html
    assert_untouched(world.offer_a, world.provider_a)


def test_csv_moderator_moves_only_when_asked(world, client):
    client.force_login(world.users["moderator"])
    page = client.get("/admin/import-offers/").content.decode()
    assert 'name="allow_move"' in page
    response = upload(client, world.provider_b, takeover_sheet(world.offer_a))
    assert REFUSED in response.content.decode()
    assert_untouched(world.offer_a, world.provider_a)

    checked = upload(client, world.provider_b, takeover_sheet(world.offer_a), allow_move="on", dry_run="on")
    assert 'data-count="updated">1<' in checked.content.decode()
    assert_untouched(world.offer_a, world.provider_a)  # the dry run said it, did not do it
    moved = upload(client, world.provider_b, takeover_sheet(world.offer_a), allow_move="on")
    assert 'data-count="updated">1<' in moved.content.decode()
    offer = OfferPage.objects.get(pk=world.offer_a.pk)
    assert offer.get_parent().pk == world.provider_b.pk and offer.title == "Übernommen"


def test_csv_editor_form_has_no_move_option(world, client):
    client.force_login(world.users["editor_a"])
    assert 'name="allow_move"' not in client.get("/admin/import-offers/").content.decode()


def test_csv_command_refuses_takeover_unless_allow_move(world, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text(takeover_sheet(world.offer_a), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_offers_csv", str(path), "--provider", str(world.provider_b.hsds_id), stdout=StringIO(), stderr=err)
    assert "line 2" in err.getvalue() and REFUSED in err.getvalue()
    assert_untouched(world.offer_a, world.provider_a)
    out = StringIO()
    call_command("import_offers_csv", str(path), "--provider", str(world.provider_b.hsds_id), "--allow-move", stdout=out)
    assert "updated 1" in out.getvalue()
    assert OfferPage.objects.get(pk=world.offer_a.pk).get_parent().pk == world.provider_b.pk


def test_csv_same_offer_twice_names_both_lines(world, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text(sheet(GOOD, {**GOOD, "description": "Eine andere Beschreibung."}), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_offers_csv", str(path), "--provider", str(world.provider_a.hsds_id), stdout=StringIO(), stderr=err)
    assert err.getvalue().count("line 2, line 3 have the same id") == 2
    assert not OfferPage.objects.filter(title_de=GOOD["name"]).exists()


def test_csv_row_with_more_cells_than_the_header_is_refused_by_line(world, client, tmp_path):
    text = sheet(GOOD).rstrip("\r\n") + ",überzählig,noch eine\r\n"
    client.force_login(world.users["editor_a"])
    response = upload(client, world.provider_a, text)
    assert response.status_code == 200
    assert "28 cells but the header only 26" in response.content.decode()
    assert not OfferPage.objects.filter(title_de=GOOD["name"]).exists()


# -- import_hsds ---------------------------------------------------------------------------------------


def records_sharing_their_organization():
    """Two services: the second names by id the organization, programme and place the first nests."""
    first = example("de")[0]
    second = copy.deepcopy(first)
    second["id"] = str(uuid.uuid4())
    second["name"] = "Zweites Angebot"
    second["organization_id"] = first["organization"]["id"]
    del second["organization"]
    if second.get("program"):
        second["program_id"] = first["program"]["id"]
        del second["program"]
    for sal in second.get("service_at_locations") or []:
        sal["id"] = str(uuid.uuid4())
        sal["service_id"] = second["id"]
        sal["location_id"] = sal["location"]["id"]
        del sal["location"]
        for schedule in sal.get("schedules") or []:
            schedule["id"] = str(uuid.uuid4())
    for key in ("languages", "cost_options", "attributes", "phones", "contacts"):
        for item in second.get(key) or []:
            item["id"] = str(uuid.uuid4())
            for name in ("service_id", "link_id"):
                if name in item:
                    item[name] = second["id"]
    return [first, second]


def test_hsds_dry_run_counts_equal_the_real_run(portal_site, tmp_path):
    path = write_json(tmp_path, "two.json", records_sharing_their_organization())
    code, dry, err = run_import(path, "--lang", "de", "--dry-run")
    assert code == 0, err
    assert not OfferPage.objects.exists()
    code, real, err = run_import(path, "--lang", "de")
    assert code == 0, err
    assert dry.strip().splitlines()[-1] == "Dry run, nothing saved: " + real.strip().splitlines()[-1]
    assert "created 2" in real


def test_hsds_import_refuses_to_move_an_offer_unless_allow_move(portal_site, tmp_path):
    world = build_world()
    record = copy.deepcopy(example("de")[0])
    record["id"] = str(world.offer_a.hsds_id)  # carrier A's offer, claimed by another organization
    path = write_json(tmp_path, "claim.json", [record])
    code, out, err = run_import(path, "--lang", "de")
    assert code == 1 and REFUSED in err and "Träger A" in err
    assert OfferPage.objects.get(pk=world.offer_a.pk).get_parent().pk == world.provider_a.pk
    code, out, err = run_import(path, "--lang", "de", "--allow-move")
    assert code == 0, err
    offer = OfferPage.objects.get(pk=world.offer_a.pk)
    assert str(offer.get_parent().specific.hsds_id) == record["organization"]["id"]


def test_hsds_duplicate_id_in_one_file_is_refused_naming_both(portal_site, tmp_path):
    first = example("de")[0]
    changed = {**copy.deepcopy(first), "name": "Der zweite gewinnt nicht"}
    code, out, err = run_import(write_json(tmp_path, "dup.json", [first, example("de")[1], changed]), "--lang", "de")
    assert code == 1
    assert err.count("record 1, record 3 have the same id") == 2
    assert "created 1, updated 0, unchanged 0, rejected 2" in out
    assert not OfferPage.objects.filter(hsds_id=first["id"]).exists()


def busy_message_start():
    """The words the lock message starts with, in the active language (compared through the catalogue)."""
    return gettext("Another import is running (started %(since)s by %(holder)s). Try again when it has finished.").split("%(")[0]


def test_second_import_is_told_another_one_runs(portal_site, tmp_path):
    holder = f"{socket.gethostname()}:{os.getpid()}"
    ImportLock.objects.create(name="import", holder=holder, started_at=timezone.now())
    code, out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 1 and busy_message_start() in err and holder in err
    assert not OfferPage.objects.exists()


def test_lock_left_by_a_dead_process_is_taken_over(portal_site, tmp_path):
    started = timezone.now() - datetime.timedelta(hours=7)
    ImportLock.objects.create(name="import", holder="elsewhere:1", started_at=started)
    code, out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0, err
    assert not ImportLock.objects.exists()


def test_interrupted_import_still_reports_every_record(portal_site, tmp_path, monkeypatch):
    calls = []
    original = runner.HsdsImporter._apply

    def failing(self, record):
        calls.append(record["id"])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(self, record)

    monkeypatch.setattr(runner.HsdsImporter, "_apply", failing)
    records = example("de")
    code, out, err = run_import(write_json(tmp_path, "de.json", records), "--lang", "de")
    assert code == 1
    assert "created 1, updated 0, unchanged 0, rejected 0, not imported 1 (interrupted: KeyboardInterrupt" in out
    assert f"not imported {records[1]['id']}" in err
    assert OfferPage.objects.filter(hsds_id=records[0]["id"]).exists()
    assert not ImportLock.objects.exists()


def test_csv_upload_while_another_import_runs_says_so(world, client):
    ImportLock.objects.create(name="import", holder=f"{socket.gethostname()}:{os.getpid()}", started_at=timezone.now())
    client.force_login(world.users["editor_a"])
    response = upload(client, world.provider_a, sheet(GOOD))
    assert response.status_code == 200
    assert busy_message_start() in response.content.decode()
    assert not OfferPage.objects.filter(title_de=GOOD["name"]).exists()


def test_hsds_import_refuses_to_rewrite_another_providers_place_unless_allow_move(portal_site, tmp_path):
    world = build_world()
    record = copy.deepcopy(example("de")[0])
    record["service_at_locations"][0]["location"]["id"] = str(world.place_a.hsds_id)  # carrier A's place
    record["service_at_locations"][0]["location"]["name"] = "Überschrieben"
    path = write_json(tmp_path, "claim-place.json", [record])
    code, out, err = run_import(path, "--lang", "de")
    assert code == 1 and REFUSED in err and world.place_a.name in err
    world.place_a.refresh_from_db()
    assert world.place_a.name != "Überschrieben" and world.place_a.provider_id == world.provider_a.pk
    code, out, err = run_import(path, "--lang", "de", "--allow-move")
    assert code == 0, err
    world.place_a.refresh_from_db()
    assert world.place_a.name == "Überschrieben" and world.place_a.provider_id == world.provider_a.pk
