"""One reading of the search parameters for the JSON API and the HTML page (search/params.py)."""

from django.http import QueryDict

from search.params import values
from search.views import _state


def test_list_parameters_split_at_commas_and_repeat_once_each():
    params = QueryDict("district=kalk-stadtteil, deutz&district=kalk-stadtteil&district=&q=Wohnung, Miete")
    assert values(params, "district") == ["kalk-stadtteil", "deutz"]
    assert values(params, "q") == ["Wohnung, Miete"]  # text is not a list


def test_the_page_keeps_the_state_the_api_would_read():
    params = QueryDict("q=Wohnung&field_of_action=arbeit,wohnen&field_of_action=arbeit&page=2&partial=1&age=30")
    assert _state(params) == [
        ("q", "Wohnung"), ("field_of_action", "arbeit"), ("field_of_action", "wohnen"), ("age", "30"),
    ]
