"""The HTML search page without JavaScript: form, counts, chips, pagination, empty help, errors."""

import re
from html import unescape

import pytest


def get(client, url):
    response = client.get(url)
    return response, response.content.decode()


def result_titles(html):
    return [unescape(title) for title in re.findall(r'<h3 class="result__title"><a href="[^"]*">([^<]*)</a>', html)]


@pytest.mark.django_db
def test_text_search_lists_matches_with_count_and_highlight(client, page_directory):
    response, html = get(client, "/de/search/?q=Wohnung")
    assert response.status_code == 200
    assert result_titles(html)[0] == "Wohnungssuche für Geflüchtete"
    assert re.search(r'<h2 id="search-count" class="search__count">1 [^<]+</h2>', html)
    assert "<mark>" in html
    assert 'value="Wohnung"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    response, html = get(client, "/de/search/?field_of_action=wohnen&partial=1")
    assert response.status_code == 200
    assert "<html" not in html and 'class="search__layout"' in html
    assert result_titles(html) == ["Wohnungssuche für Geflüchtete"]
    _response, html = get(client, "/de/search/")
    assert re.search(r'<form id="search-form" class="search" method="get" action="/de/search/#results"', html)
    assert html.count("<fieldset") >= 3 and "<legend" in html
    assert 'type="number" name="age"' in html and 'name="sort"' in html
    assert 'class="search__apply"' in html
    assert "portal/css/search.css" in html and "portal/js/search.js" in html


@pytest.mark.django_db
def test_a_facet_from_a_home_page_tile_is_checked_and_shown_as_a_removable_chip(client, page_directory):
    response, html = get(client, "/de/search/?field_of_action=wohnen")
    assert response.status_code == 200
    assert result_titles(html) == ["Wohnungssuche für Geflüchtete"]
    assert re.search(r'<input type="checkbox" id="search-field_of_action-wohnen" name="field_of_action" '
                     r'value="wohnen" checked>', html)
    chip = re.search(r'<a class="chip" href="([^"]*)"', html)
    assert chip and unescape(chip.group(1)) == "/de/search/#results"
    # Other options of the same facet keep their counts (the facet ignores its own selection).
    assert 'id="search-field_of_action-arbeit"' in html
    _response, html = get(client, "/de/search/?q=Beratung&field_of_action=arbeit&field_of_action=wohnen&age=20")
    removes = [unescape(url) for url in re.findall(r'<a class="chip" href="([^"]*)"', html)]
    assert "/de/search/?q=Beratung&field_of_action=wohnen&age=20#results" in removes
    assert "/de/search/?q=Beratung&field_of_action=arbeit&field_of_action=wohnen#results" in removes
    clear = re.search(r'<a class="search__clear" href="([^"]*)"', html)
    assert unescape(clear.group(1)) == "/de/search/?q=Beratung#results"
    response, html = get(client, "/ar/search/?field_of_action=wohnen")
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "السكن" in html  # the facet label in Arabic


@pytest.mark.django_db
def test_an_empty_result_offers_the_filters_to_drop_with_their_counts(client, page_directory):
    _response, html = get(client, "/de/search/?field_of_action=wohnen&target_group=frauen")
    assert result_titles(html) == []
    assert "data-search-empty" in html
    drops = re.findall(r'<li><a href="([^"]*)" data-search-link>([^<]*)</a></li>', html)
    drop_urls = {unescape(url): text for url, text in drops}
    assert "/de/search/?target_group=frauen#results" in drop_urls
    assert "1" in drop_urls["/de/search/?field_of_action=wohnen#results"]


@pytest.mark.django_db
def test_bad_parameters_answer_400_name_them_and_keep_the_rest_of_the_search(client, portal_site):
    for query, label in [("age=abc", "Alter"), ("field_of_action=nonsense", "Handlungsfeld"), ("sort=random", "Sortieren")]:
        response, html = get(client, f"/de/search/?q=kurs&{query}")
        assert response.status_code == 400, query
        assert "data-search-dropped" in html and "search-count" in html, query  # results, not an error page
        assert response.context["q"] == "kurs"
        assert label in html, query  # the dropped parameter is named in the reader's language
    response, html = get(client, "/de/search/?page=0")
    assert response.status_code == 400
    message = re.search(r"<div class=\"note note--warning\" data-search-error>\s*<p>([^<]*)</p>", html)
    assert "page" in unescape(message.group(1)), html


def test_pagination_marks_the_current_page_and_leaves_gaps():
    from search.query import SearchQuery
    from search.views import pagination

    pages = pagination("/de/search/", [("q", "kurs")], SearchQuery(text="kurs", page=5), count=195)
    numbers = [item.get("number", "…") for item in pages["items"]]
    assert numbers == [1, "…", 3, 4, 5, 6, 7, "…", 10]
    current = [item for item in pages["items"] if item.get("current")]
    assert [item["number"] for item in current] == [5]
    assert pages["previous_url"] == "/de/search/?q=kurs&page=4"
    assert pages["next_url"] == "/de/search/?q=kurs&page=6"
    first = pagination("/de/search/", [("q", "kurs")], SearchQuery(text="kurs", page=2), count=45)
    assert first["previous_url"] == "/de/search/?q=kurs"  # page 1 has no page parameter
    assert pagination("/de/search/", [], SearchQuery(), count=20) is None
