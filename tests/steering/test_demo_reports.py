"""The steering reports against the demo landscape: coverage cells equal the search API, every report
renders in German and Arabic, exports parse and match the page."""

import csv
import io
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings

from services_directory.models import Term
from steering.coverage import THIN_AT_MOST, coverage

pytestmark = pytest.mark.django_db


def api_count(client, params):
    response = client.get("/api/v1/search/", [*params, ("page_size", "1")], HTTP_USER_AGENT="steering-test-bot")
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_every_coverage_cell_equals_the_search_api_count(demo, client):
    matrix = coverage()
    assert matrix.total.count > 50  # the demo landscape, not an empty directory
    checked = 0
    for row, field, cell in matrix.bezirk_cells():
        assert cell.count == api_count(client, [("district", row.code), ("field_of_action", field)]), (row.code, field)
        checked += 1
    assert checked == 9 * len(matrix.fields)
    for row in matrix.rows:
        assert row.total.count == api_count(client, [("district", row.code)])
    assert {cell.count for _row, _field, cell in matrix.bezirk_cells()} - {0}, "some cells hold offers"


def test_filtered_and_expanded_cells_equal_the_search_api_count(demo, client):
    target_group = Term.objects.of("target-group").filter(offers_by_target_group__isnull=False).first().code
    filters = {"target_group": target_group, "language": "ar", "residence_status": "asylverfahren"}
    matrix = coverage(filters, expand=("kalk",))
    stadtteile = [row for row in matrix.rows if row.level == "stadtteil"]
    assert stadtteile and all(row.parent == "kalk" for row in stadtteile)
    for row, field, cell in matrix.cells():
        if row.level == "stadtteil" or row.code in ("kalk", "innenstadt"):
            params = [*filters.items(), ("district", row.code), ("field_of_action", field)]
            assert cell.count == api_count(client, params), (row.code, field)


def test_each_cell_links_to_the_public_search_with_the_same_filters(demo, client):
    matrix = coverage({"funding_level": "bund"})
    row, field, cell = next((r, f, c) for r, f, c in matrix.bezirk_cells() if c.count)
    link = urlsplit(cell.url)
    assert link.path == "/de/search/"
    params = parse_qsl(link.query)
    assert sorted(params) == sorted([("funding_level", "bund"), ("district", row.code), ("field_of_action", field)])
    assert api_count(client, params) == cell.count
    page = client.get(cell.url)
    assert page.status_code == 200


class _Table(HTMLParser):
    """The first table with the given caption id: rows of cell texts."""

    def __init__(self, caption_id):
        super().__init__()
        self.caption_id, self.inside, self.rows, self.cell, self.depth = caption_id, False, [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption" and attrs.get("id") == self.caption_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self.depth += 1
        elif tag == "a" and "steering-expand" in (attrs.get("class") or ""):
            self.depth += 1

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag in ("span", "a") and self.depth:
            self.depth -= 1
        elif tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.cell is not None and not self.depth:
            self.cell.append(data)


def page_table(html, caption_id="report-table"):
    parser = _Table(caption_id)
    parser.feed(html)
    return [row for row in parser.rows if row]


def test_the_csv_export_parses_and_matches_the_page(demo, steering_client):
    page = steering_client.get("/admin/steering/coverage/", {"language": "tr"})
    assert page.status_code == 200
    shown = page_table(page.content.decode())
    export = steering_client.get("/admin/steering/coverage/", {"language": "tr", "export": "csv"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    level = header.index("Ebene")
    without_level = [[value for index, value in enumerate(row) if index != level] for row in rows]
    assert without_level[0] == shown[0]  # the same columns, in the same order
    # The page adds a text mark to empty and thin cells ("0 (keine)"); the numbers are the same.
    numbers = [[cell.split(" ")[0] for cell in row] for row in shown[1:-1]]  # without the "Köln" total row
    assert numbers == without_level[1:]
    assert len(body) == 9


def test_empty_and_thin_cells_carry_a_text_mark_not_only_a_colour(demo, steering_client):
    html = steering_client.get("/admin/steering/coverage/", {"language": "fa"}).content.decode()
    matrix = coverage({"language": "fa"})
    states = {cell.state for _row, _field, cell in matrix.bezirk_cells()}
    assert "empty" in states
    assert 'class="steering-cell steering-cell--empty"' in html and "(keine)" in html
    if "thin" in states:
        assert "(wenige)" in html
    assert THIN_AT_MOST == 2
    # The map shows the same figures, each tile naming its count and mark in words.
    assert 'class="steering-map"' in html and "<desc" in html


def english_report_texts():
    """The steering reports' own English source texts (long enough to be unambiguous)."""
    from babel.messages.pofile import read_po

    with open(settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po", "rb") as catalogue:
        entries = read_po(catalogue)
    return [
        message.id for message in entries
        if isinstance(message.id, str) and any(path == "steering" for path, _line in message.locations)
        and len(message.id) > 12 and "%" not in message.id and "Stadt" not in message.id
    ]


REPORTS = ("coverage", "languages", "funding", "demand", "freshness", "trend")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_report_and_its_summary_speaks_the_admin_language(demo, client, language):
    from tests.steering.conftest import make_viewer

    client.force_login(make_viewer(f"lenkung-{language}", language=language))
    for report in REPORTS:
        page = client.get(f"/admin/steering/{report}/")
        html = page.content.decode()
        assert page.status_code == 200, report
        assert f'lang="{language}"' in html and ('dir="rtl"' in html) == (language == "ar")
        headline = {"de": "Kennzahlen", "ar": "الأرقام الرئيسية"}[language]
        assert headline in html, report
        if language != "en":
            untranslated = [text for text in english_report_texts() if text in html]
            assert not untranslated, (report, untranslated)
        printed = client.get(f"/admin/steering/{report}/print/").content.decode()
        assert f'lang="{language}"' in printed and "@page" not in printed  # the A4 rules live in print.css
        assert headline in printed and "steering/print.css" in printed


def test_the_map_and_the_table_show_the_same_numbers(demo, steering_client):
    html = steering_client.get("/admin/steering/coverage/").content.decode()
    matrix = coverage()
    for row in matrix.rows:
        assert f'aria-label="{row.label}: {row.total.count}' in html


def test_a_bad_filter_value_is_named_and_the_report_still_answers(demo, steering_client):
    page = steering_client.get("/admin/steering/coverage/", {"target_group": "gibt-es-nicht", "expand": "<script>"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Einige Filter waren ungültig" in html and "<script>" not in html
    assert coverage().total.count > 0


def test_the_funding_export_matches_its_page(demo, steering_client):
    page = steering_client.get("/admin/steering/funding/").content.decode()
    shown = page_table(page)
    export = steering_client.get("/admin/steering/funding/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows == shown
    assert len(rows) > 1  # the demo has offers that end within a year
