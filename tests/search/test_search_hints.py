"""A search is never a dead end: place words in any script, the city's name, empty results."""

import re
from html import unescape

import pytest

from search import hints, places, service
from search.models import SearchSynonym
from search.query import SearchQuery
from services_directory.models import Term


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def titles(html):
    return [unescape(title) for title in re.findall(r'<h3 class="result__title"><a href="[^"]*"[^>]*>([^<]*)</a>', html)]


@pytest.mark.django_db
def test_place_names_are_vocabulary_labels_in_every_script(page_directory):
    kalk = Term.objects.get(taxonomy__code="district", code="kalk")
    assert (kalk.name_ar, kalk.name_ru, kalk.name_uk, kalk.name_fa) == ("كالك", "Кальк", "Кальк", "کالک")
    districts = list(Term.objects.of("district").select_related("parent"))
    assert all(term.name_ar and term.name_ru and term.name_uk and term.name_bg and term.name_fa for term in districts)
    for text, code in [("سكن كالك", "kalk"), ("Кальк житло", "kalk"), ("Жильё Эренфельд", "ehrenfeld"),
                       ("Wohnung in Köln-Ehrenfeld", "ehrenfeld"), ("کمک در کالک", "kalk"), ("Нойштадт-Норд", "neustadt-nord")]:
        assert [mention.code for mention in places.district_mentions(text, districts)] == [code], text
    assert places.district_mentions("Wohnung Deutschkurs", districts) == []


@pytest.mark.django_db
def test_a_place_word_in_arabic_is_offered_as_a_filter_that_keeps_the_other_words(client, page_directory):
    html = page(client, "/ar/search/?q=" + "عمل كالك")
    chip = re.search(r'<a class="chip chip--suggestion" href="([^"]*)"[^>]*data-place="kalk">(.*?)</a>', html)
    assert chip, "no place suggestion for كالك"
    assert "كالك" in chip.group(2) and "؟" in chip.group(2)
    html = page(client, unescape(chip.group(1)).split("#")[0])
    assert 'value="عمل"' in html  # the place word left the text, the filter took its place
    assert re.search(r'<input type="checkbox" id="search-district-kalk" name="district" value="kalk" checked>', html)
    assert "data-place-suggestions" not in html  # no second offer of the same filter
    assert set(titles(html)) <= {"Jobberatung für Zugewanderte", "Anerkennung ausländischer Berufsabschlüsse"}
    assert titles(html)


@pytest.mark.django_db
def test_the_citys_name_in_any_script_narrows_nothing(client, page_directory):
    everything = service.search(SearchQuery(language="ar")).count
    assert everything == 4
    for language, text in [("ar", "كولن"), ("ru", "Кёльн"), ("uk", "Кельн"), ("en", "Cologne"), ("fa", "کلن")]:
        assert service.search(SearchQuery(text=text, language=language)).count == everything, text
    assert service.search(SearchQuery(text="Кёльн Кальк", language="ru")).count == 2
    html = page(client, "/ar/search/?q=" + "كولن")
    assert "data-city-words" in html and "كولن" in html
    assert len(titles(html)) == 4


@pytest.mark.django_db
def test_an_empty_result_offers_synonyms_and_the_fields_of_action(client, page_directory):
    html = page(client, "/de/search/?q=Fahrradwerkstatt")
    assert "data-search-empty" in html
    fields = re.search(r"<ul class=\"search__fields\" data-field-links>(.*?)</ul>", html, re.S)
    assert fields, "no fields of action on an empty result"
    links = dict((unescape(label), unescape(url)) for url, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', fields.group(1)))
    assert links["Wohnen"] == "/de/search/?field_of_action=wohnen#results"
    assert set(links) == {"Wohnen", "Arbeit & Beruf", "Sprache & Deutschkurse", "Anerkennung von Abschlüssen"}
    SearchSynonym.objects.create(terms="Fahrradwerkstatt, Fahrradreparatur")
    html = page(client, "/de/search/?q=Fahrradwerkstatt")
    synonyms = re.search(r"<p data-synonyms>(.*?)</p>", html, re.S)
    assert synonyms and "/de/search/?q=Fahrradreparatur#results" in unescape(synonyms.group(1))


@pytest.mark.django_db
def test_available_in_my_language_is_one_tap_beside_the_count(client, page_directory):
    # Of the four offers only "Job counselling for newcomers" has its own English text.
    html = page(client, "/en/search/?q=Beratung")
    toggle = re.search(r'<a class="chip chip--toggle search__my-language" href="([^"]*)"[^>]*>(.*?)</a>', html)
    assert toggle, "no 'only offers in my language' toggle"
    assert "(1)" in toggle.group(2)
    html = page(client, unescape(toggle.group(1)).split("#")[0])
    assert titles(html) == ["Job counselling for newcomers"]
    toggle = re.search(r'<a class="chip chip--toggle search__my-language" href="([^"]*)"[^>]*aria-current="true"', html)
    assert toggle and unescape(toggle.group(1)) == "/en/search/?q=Beratung#results"  # one tap back
    # German readers read every offer in German: no such toggle.
    assert "search__my-language" not in page(client, "/de/search/?q=Beratung")
@pytest.mark.django_db
def test_everyday_words_find_offers_in_the_readers_language(client, page_directory):
    # "بيت" (house): no offer says it, the synonym list leads it to the housing offer.
    assert titles(page(client, "/ar/search/?q=" + "بيت")) == ["Wohnungssuche für Geflüchtete"]
    assert titles(page(client, "/ru/search/?q=" + "дом")) == ["Wohnungssuche für Geflüchtete"]


@pytest.mark.django_db
def test_a_snippet_from_the_german_description_is_marked_german_on_a_translated_card(client, page_directory):
    # "Job counselling for newcomers" has an English summary; "Lebenslauf" is only in its German description.
    html = page(client, "/en/search/?q=Lebenslauf")
    text = re.search(r'<p class="result__text"([^>]*)>(.*?)</p>', html, re.S)
    assert text and "<mark>Lebenslauf</mark>" in text.group(2)
    assert 'lang="de" dir="ltr"' in text.group(1)
    html = page(client, "/en/search/?q=search")  # the English summary: "Application training and job search."
    text = re.search(r'<p class="result__text"([^>]*)>', html)
    assert text and "lang=" not in text.group(1)
    # An empty result offers no "only in my language" toggle (there is nothing to narrow).
    assert "search__my-language" not in page(client, "/en/search/?q=Fahrradwerkstatt")


def did_you_mean(html):
    found = re.search(r"<p data-did-you-mean>(.*?)</p>", html, re.S)
    return [(unescape(url), re.sub(r"<[^>]+>", "", label)) for url, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', found.group(1), re.S)] if found else []


@pytest.mark.django_db
def test_an_empty_result_offers_the_nearest_real_words_each_a_search_that_finds_offers(client, page_directory):
    # The typo alone is forgiven (the nearest real word is searched): nothing to suggest.
    assert titles(page(client, "/de/search/?q=Integrazionskurs")) == ["Integrationskurs mit Kinderbetreuung"]
    # Under a filter that leaves nothing, the engine's nearest word is offered, counted without
    # the filters (under them it would find nothing either) and linked as that search.
    html = page(client, "/de/search/?q=Integrazionskurs&district=chorweiler")
    assert "data-search-empty" in html
    links = did_you_mean(html)
    assert links == [("/de/search/?q=integrationskurs#results", "integrationskurs (1 Angebot ohne die Filter)")]
    assert titles(page(client, links[0][0].split("#")[0])) == ["Integrationskurs mit Kinderbetreuung"]
    # In Arabic too, from the words of the index (German ones where the offer is only German).
    arabic = did_you_mean(page(client, "/ar/search/?q=Integrazionskurs&district=chorweiler"))
    assert arabic and arabic[0][0] == "/ar/search/?q=integrationskurs#results" and "بدون عوامل التصفية" in arabic[0][1]
    # A word nothing is near gets no "did you mean" (the synonyms and fields of action remain).
    html = page(client, "/de/search/?q=Fahrradwerkstatt")
    assert "data-did-you-mean" not in html and "data-field-links" in html


@pytest.mark.django_db
def test_a_suggested_word_under_the_same_filters_keeps_them(page_directory):
    query = SearchQuery(text="Integrazionskurs", language="de", filters={"district": ("deutz",)})
    assert service.search(query).count == 1  # forgiven by the engine: no empty page at all
    # The engine's corrected query is checked like every other alternative: kept with the
    # filters where it finds something under them.
    assert hints.did_you_mean(query, ["integrationskurs"]) == [("integrationskurs", 1, True)]
    empty = SearchQuery(text="Integrazionskurs", language="de", filters={"district": ("chorweiler",)})
    assert hints.did_you_mean(empty, ["integrationskurs"]) == [("integrationskurs", 1, False)]
