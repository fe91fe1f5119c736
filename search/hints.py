"""What the search page suggests beside the results, so a search is never a dead end: a place
named in the query as a filter ("Kalk?"), a note when the city's name was left out, and for an
empty result the nearest words, synonyms and the fields of action as links.

The page (search/views.py) builds its URLs; this module decides what to suggest.
"""

import dataclasses

from search import places, service
from search import text as search_text
from search.models import SearchSynonym
from search.query import SearchQuery

MAX_SYNONYMS = 8
MAX_DID_YOU_MEAN = 5
NEAREST_PER_WORD = 4
MAX_TRIED = 8  # searches an empty result may cost to find alternatives that do find something


def place_filters(query: SearchQuery, district_terms, labels: dict[str, str], url) -> list[dict]:
    """Districts the query names and the results are not yet filtered by, each as a filter link
    that also takes the place's words out of the text ("سكن كالك" -> "سكن" in Kalk).

    `url(text, district_code)` builds the link; `labels` names districts in the reader's language."""
    selected = set(query.filters.get("district", ()))
    by_code = {term.code: term for term in district_terms}
    suggestions = []
    for mention in places.district_mentions(query.text, district_terms):
        term = by_code.get(mention.code)
        parent = getattr(term, "parent", None)
        if mention.code in selected or (parent is not None and parent.code in selected):
            continue
        suggestions.append({
            "code": mention.code,
            "label": labels.get(mention.code, mention.code),
            "url": url(places.without_words(query.text, mention.words), mention.code),
        })
    return suggestions


def dropped_city_words(query: SearchQuery) -> list[str]:
    """The city's names the search service left out of this query (as typed)."""
    return places.split_city(query.text)[1]


def synonyms(query: SearchQuery) -> list[str]:
    """Other words with the same meaning as a query word (admin → search synonyms)."""
    words = set(search_text.tokens(query.text))
    if not words:
        return []
    found: list[str] = []
    for synonym in SearchSynonym.objects.all():
        group = synonym.words()
        if any(set(search_text.tokens(word)) & words for word in group):
            for word in group:
                if not set(search_text.tokens(word)) <= words and word not in found:
                    found.append(word)
    return found[:MAX_SYNONYMS]


def fields_of_action(query: SearchQuery) -> list:
    """The fields of action with how many offers each has under the query's filters (without
    its words): where a reader can go on from an empty result."""
    browse = SearchQuery(
        language=query.language, filters=query.filters, age=query.age,
        residence_status=query.residence_status, sort="name", page=1, page_size=1,
    )
    return [option for option in service.search(browse).facets.get("field_of_action", []) if option.count]


def did_you_mean(query: SearchQuery, corrected: list[str]) -> list[tuple[str, int, bool]]:
    """For an empty result: the query with one of its words replaced by one of the engine's
    nearest real words (the reader's language, then German), and the engine's own corrected
    query (`corrected`), as (text, how many offers it finds, whether under the same filters).

    Only alternatives that find something are offered, at most MAX_DID_YOU_MEAN. The engine
    already forgives a typo as far as it reaches the nearest word, so under the same filters an
    alternative rarely finds more; where the filters left nothing, the alternatives are counted
    without them (the page says so)."""
    prepared = service.prepare(query)
    words = search_text.query_terms(prepared.text, query.language)
    candidates = list(corrected)
    for position, word in enumerate(words):
        for nearest in service.nearest_words(word, query.language, limit=NEAREST_PER_WORD):
            if nearest != word:
                candidates.append(" ".join([*words[:position], nearest, *words[position + 1:]]))
    original = " ".join(words)
    tried = [text for text in dict.fromkeys(candidates) if text and text != original][:MAX_TRIED]
    unfiltered = SearchQuery(language=query.language, page=1, page_size=1)
    filtered = query.filters or query.age is not None or query.residence_status
    for base, same_filters in ((prepared, True), (unfiltered, False)):
        if not same_filters and not filtered:
            break
        found = []
        for text in tried:
            count = service.search(dataclasses.replace(base, text=text, page=1, page_size=1)).count
            if count:
                found.append((text, count, same_filters))
            if len(found) == MAX_DID_YOU_MEAN:
                break
        if found:
            return found
    return []
