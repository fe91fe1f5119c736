"""The carriers' CSV import: codes or labels, all or nothing per row, an error report, from the
command line and from the Wagtail admin."""

import csv
import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from open_data.spreadsheet import TEMPLATE_COLUMNS, template_csv
from services_directory.models import OfferPage

from .data import make_directory


def sheet(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TEMPLATE_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in TEMPLATE_COLUMNS})
    return out.getvalue()


GOOD = {
    "name": "Nähcafé", "description": "Gemeinsam nähen und Deutsch sprechen.",
    "fields_of_action": "Sprache & Deutschkurse; teilhabe",  # a label and a code
    "target_groups": "Frauen", "delivery": "vor-ort", "languages": "de; fa", "cost": "kostenlos",
    "street": "Taunusstr. 12", "postcode": "51105", "district": "Humboldt/Gremberg",
    "opening_hours": "MO,WE 09:00-12:00; FR 14:00-16:00*", "minimum_age": "16",
}
BAD_POSTCODE = {**GOOD, "name": "Fahrradwerkstatt", "postcode": "10115"}
BAD_TERM = {**GOOD, "name": "Yoga", "fields_of_action": "Yoga"}


@pytest.mark.django_db
def test_command_imports_good_rows_and_reports_bad_ones(portal_site, tmp_path):
    provider = make_directory()["provider"]
    path = tmp_path / "offers.csv"
    path.write_text(sheet(GOOD, BAD_POSTCODE, BAD_TERM), encoding="utf-8")
    report = tmp_path / "errors.csv"
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_offers_csv", str(path), "--provider", str(provider.hsds_id), "--report", str(report),
                     stdout=out, stderr=err)
    assert "created 1, updated 0, unchanged 0, rejected 2" in out.getvalue()
    assert "line 3" in err.getvalue() and "Cologne postcode" in err.getvalue()
    assert "line 4" in err.getvalue() and "'Yoga'" in err.getvalue()
    offer = OfferPage.objects.live().get(title_de="Nähcafé")
    assert {term.code for term in offer.fields_of_action.all()} == {"sprache", "teilhabe"}
    assert offer.get_parent().pk == provider.pk and offer.minimum_age == 16
    assert [(s.weekday, s.by_appointment) for s in offer.opening_slots.all()] == [(0, False), (2, False), (4, True)]
    assert not OfferPage.objects.filter(title_de__in=["Fahrradwerkstatt", "Yoga"]).exists()
    lines = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [line["line"] for line in lines] == ["3", "4"]

    path.write_text(sheet(GOOD), encoding="utf-8")
    out = StringIO()
    call_command("import_offers_csv", str(path), "--provider", str(provider.hsds_id), stdout=out)
    assert "unchanged 1" in out.getvalue()


@pytest.mark.django_db
def test_admin_upload_result_and_error_report(portal_site, client):
    provider = make_directory()["provider"]
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    page = client.get("/admin/import-offers/")
    assert page.status_code == 200 and b"template.csv" in page.content
    assert client.get("/admin/import-offers/template.csv").content.decode() == template_csv()
    upload = SimpleUploadedFile("offers.csv", sheet(GOOD, BAD_POSTCODE).encode("utf-8"), content_type="text/csv")
    result = client.post("/admin/import-offers/", {"provider": provider.pk, "file": upload, "language": "de"})
    assert result.status_code == 200
    html = result.content.decode()
    assert 'data-count="created">1<' in html and 'data-count="rejected">1<' in html
    # the page's history names who imported it (log entries written in bulk with the batch)
    imported = OfferPage.objects.get(live=True, title__in=[entry.label for entry in PageLogEntry.objects.filter(user=admin)])
    actions = PageLogEntry.objects.filter(page=imported, user=admin).values_list("action", flat=True)
    assert sorted(actions) == ["wagtail.create", "wagtail.publish"]
    token = result.context["token"]
    report = client.get(f"/admin/import-offers/report/{token}.csv")
    assert report["Content-Type"].startswith("text/csv")
    assert "Fahrradwerkstatt" in report.content.decode() and "Cologne postcode" in report.content.decode()


@pytest.mark.django_db
def test_admin_import_needs_permission(portal_site, client):
    make_directory()
    user = get_user_model().objects.create_user("editor", "e@example.org", "pw")
    client.force_login(user)
    assert client.get("/admin/import-offers/").status_code in (302, 403)
