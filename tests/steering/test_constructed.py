"""Funding risk, unmet demand and trend on small constructed landscapes with known answers."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from search.backends.database import DatabaseBackend
from search.backends.memory import reset
from search.log import loggable_text, record
from search.models import SearchLogEntry
from search.query import SearchQuery
from steering import demand, funding, trend
from steering.dates import add_months, month_start
from steering.models import Snapshot
from tests.factories import make_offer, make_place, make_programme, make_provider

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def reindex():
    DatabaseBackend().rebuild()
    reset()


@pytest.fixture
def landscape(portal_site):
    """Kalk × Wohnen has three offers (two end soon), Porz × Arbeit one (ends within a year)."""
    caritas = make_provider("Caritas Köln")
    kalk, porz = make_place("Kalk Karree", "kalk-stadtteil"), make_place("Porz Mitte", "porz-stadtteil")
    ehrenfeld = make_place("Ehrenfeld", "ehrenfeld-stadtteil")
    eu = make_programme("ESF Plus Wohnen", funding_level="eu", period_end=days(150))
    land = make_programme("Landesprogramm Arbeit", funding_level="land", period_end=days(300))
    offers = {
        "soon": make_offer(caritas, "Wohnberatung kurz", fields_of_action=["wohnen"], places=[kalk], valid_until=days(40)),
        "eu": make_offer(caritas, "Wohnberatung ESF", fields_of_action=["wohnen"], places=[kalk], programme=eu),
        "stays": make_offer(caritas, "Wohnberatung dauerhaft", fields_of_action=["wohnen"], places=[kalk]),
        "porz": make_offer(caritas, "Jobcoaching Porz", fields_of_action=["arbeit"], places=[porz], programme=land),
        "ended": make_offer(caritas, "Schon beendet", fields_of_action=["arbeit"], places=[ehrenfeld], valid_until=days(-1)),
        "later": make_offer(caritas, "Läuft lange", fields_of_action=["arbeit"], places=[kalk], valid_until=days(800)),
    }
    reindex()
    yield offers
    reset()


def test_funding_risk_lists_offers_ending_within_3_6_and_12_months(landscape):
    endings = funding.ending_offers()
    assert [(item.offer.title, item.within, item.funding_level) for item in endings] == [
        ("Wohnberatung kurz", 3, "none"),
        ("Wohnberatung ESF", 6, "eu"),
        ("Jobcoaching Porz", 12, "land"),
    ]
    assert funding.by_level(endings) == {
        "none": {3: 1, 6: 1, 12: 1}, "eu": {3: 0, 6: 1, 12: 1}, "land": {3: 0, 6: 0, 12: 1},
    }
    assert [item.offer.title for item in funding.ending_offers(horizon=6)] == ["Wohnberatung kurz", "Wohnberatung ESF"]
    assert [item.offer.title for item in funding.ending_offers(funding_level="land")] == ["Jobcoaching Porz"]
    assert [programme.title for programme, _within in funding.ending_programmes()] == ["ESF Plus Wohnen", "Landesprogramm Arbeit"]


def test_funding_risk_names_the_cells_that_would_drop_to_zero_or_one(landscape):
    cells = funding.cells_at_risk(funding.ending_offers())
    assert [(cell.bezirk, cell.field, cell.before, cell.after) for cell in cells] == [
        ("porz", "arbeit", 1, 0),
        ("kalk", "wohnen", 3, 1),
    ]
    # Within three months only one Kalk offer ends: two stay, nothing drops to one.
    assert funding.cells_at_risk(funding.ending_offers(horizon=3)) == []


def test_funding_risk_page_shows_the_rows_and_the_lost_cells(landscape, steering_client):
    html = steering_client.get("/admin/steering/funding/").content.decode()
    for title in ("Wohnberatung kurz", "Wohnberatung ESF", "Jobcoaching Porz", "ESF Plus Wohnen"):
        assert title in html
    assert "Schon beendet" not in html and "Läuft lange" not in html
    export = steering_client.get("/admin/steering/funding/", {"horizon": "6", "export": "csv"})
    lines = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(lines) == 3 and "Jobcoaching Porz" not in lines[-1]


def log(text, language, results, day, filters=None, times=1):
    query = SearchQuery(text=text, language=language, filters=filters or {})
    for _ in range(times):
        record(query, results, day=day)


@pytest.fixture
def search_log(db):
    today = timezone.localdate()
    log("wohnung ohne schufa", "de", 0, today, times=5)
    log("wohnung ohne schufa", "de", 0, today - datetime.timedelta(days=3), times=2)
    log("سكن", "ar", 1, today, {"field_of_action": ("wohnen",)}, times=4)
    log("deutschkurs", "de", 12, today, {"field_of_action": ("sprache",), "district": ("kalk",)}, times=9)
    log("kita platz", "uk", 0, today, {"field_of_action": ("familie",)}, times=3)
    log("uralt", "de", 0, today - datetime.timedelta(days=200), times=50)  # outside the period
    return today


def test_unmet_demand_ranks_searches_with_no_or_few_results(search_log):
    start, end = demand.default_period(search_log)
    rows = [(item.text, item.language, item.searches, item.results) for item in demand.unmet(start, end)]
    arabic = loggable_text("سكن")  # the log keeps the normalised text
    assert rows == [("wohnung ohne schufa", "de", 7, 0), (arabic, "ar", 4, 1), ("kita platz", "uk", 3, 0)]
    assert [item.text for item in demand.unmet(start, end, few=0)] == ["wohnung ohne schufa", "kita platz"]
    assert [item.text for item in demand.unmet(start, end, language="ar")] == [arabic]
    assert [item.text for item in demand.unmet(start, end, field_of_action="familie")] == ["kita platz"]


def test_unmet_demand_by_language_field_and_filter_combination(search_log):
    start, end = demand.default_period(search_log)
    assert demand.by_language(start, end) == {
        "de": {"searches": 16, "unmet": 7}, "ar": {"searches": 4, "unmet": 4}, "uk": {"searches": 3, "unmet": 3},
    }
    assert demand.by_field(start, end) == {
        "sprache": {"searches": 9, "unmet": 0}, "wohnen": {"searches": 4, "unmet": 4}, "familie": {"searches": 3, "unmet": 3},
    }
    assert demand.filter_combinations(start, end) == [
        ({"district": ["kalk"], "field_of_action": ["sprache"]}, 9),
        ({"field_of_action": ["wohnen"]}, 4),
        ({"field_of_action": ["familie"]}, 3),
    ]


def test_unmet_demand_page_and_its_period_filter(search_log, steering_client):
    html = steering_client.get("/admin/steering/demand/").content.decode()
    assert "wohnung ohne schufa" in html and "uralt" not in html
    old = (search_log - datetime.timedelta(days=200)).isoformat()
    html = steering_client.get("/admin/steering/demand/", {"start": old, "end": old}).content.decode()
    assert "uralt" in html and "wohnung ohne schufa" not in html
    bad = steering_client.get("/admin/steering/demand/", {"start": "gestern", "few": "-3"})
    assert bad.status_code == 200 and "wohnung ohne schufa" in bad.content.decode()


def test_a_search_text_never_becomes_a_spreadsheet_formula(steering_client):
    # The log's normalisation already drops "=" and brackets; the export guards on its own as well.
    SearchLogEntry.objects.create(key="x" * 64, day=timezone.localdate(), text='=hyperlink("http://evil.example")',
                                  language="de", searches=3, result_count=0, zero_results=True)
    export = steering_client.get("/admin/steering/demand/", {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "'=hyperlink" in body.lower() and "\n=" not in body and ",=" not in body


def test_the_search_log_stays_anonymous():
    names = {field.name for field in SearchLogEntry._meta.get_fields()}
    assert names == {"id", "key", "day", "text", "language", "filters", "zero_results", "searches", "result_count"}


def test_snapshot_command_records_the_month_once_and_updates_it(landscape):
    out = io.StringIO()
    call_command("take_steering_snapshot", stdout=out)
    call_command("take_steering_snapshot", stdout=out)
    assert Snapshot.objects.count() == 1
    snapshot = Snapshot.objects.get()
    assert snapshot.month == month_start(timezone.localdate())
    assert snapshot.figures["offers_live"] == 6  # as the search counts them (an ended offer stays, marked)
    assert (snapshot.figures["ending_3"], snapshot.figures["ending_6"], snapshot.figures["ending_12"]) == (1, 2, 3)
    assert "created" in out.getvalue() and "updated" in out.getvalue()


def _published_at(offer, when):
    PageLogEntry.objects.filter(page=offer, action="wagtail.publish").update(timestamp=when)


def test_backfill_reconstructs_earlier_months_from_the_publish_history(landscape):
    today = timezone.localdate()
    moment = timezone.make_aware(datetime.datetime.combine(add_months(month_start(today), -3), datetime.time(10)))
    for offer in landscape.values():
        _published_at(offer, moment)  # all six were published three months ago ...
    later = timezone.make_aware(datetime.datetime.combine(add_months(month_start(today), -1), datetime.time(10)))
    landscape["porz"].unpublish()  # ... and the Porz offer was taken down last month
    PageLogEntry.objects.filter(page=landscape["porz"], action="wagtail.unpublish").update(timestamp=later)
    counts = trend.backfill(months=4)
    assert counts == {"created": 3, "kept": 0, "no_history": 1}
    by_month = {snapshot.month: snapshot for snapshot in Snapshot.objects.all()}
    three, two, one = (month_start(add_months(today, -n)) for n in (3, 2, 1))
    assert [by_month[m].figures["offers_live"] for m in (three, two, one)] == [6, 6, 5]
    assert all(by_month[m].source == Snapshot.SOURCE_BACKFILL for m in (three, two, one))
    assert by_month[one].figures["cells_empty"] == by_month[two].figures["cells_empty"] + 1  # Porz × Arbeit emptied
    assert trend.backfill(months=4) == {"created": 0, "kept": 3, "no_history": 1}  # idempotent


def test_trend_page_draws_a_chart_with_a_text_alternative_and_a_table(landscape, steering_client):
    today = timezone.localdate()
    for back, live in ((2, 40), (1, 42), (0, 45)):
        Snapshot.objects.create(month=month_start(add_months(today, -back)), figures={"offers_live": live})
    html = steering_client.get("/admin/steering/trend/").content.decode()
    assert "<svg" in html and "<polyline" in html and "<desc" in html
    assert "45" in html and "40" in html
    coverage = steering_client.get("/admin/steering/coverage/").content.decode()
    assert "<polyline" in coverage  # each report shows its own headline trend
