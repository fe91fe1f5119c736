"""The search page: a GET form whose every state is a bookmarkable URL.

`?partial=1` answers only the results-and-filters region, which search.js swaps in place; the
page itself never needs JavaScript.
"""

from urllib.parse import urlencode

from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import fragments
from portal.languages import language_name, portal_language_codes
from portal.page_cache import request_generation
from search import fit, hints, service, widening
from search.cards import card_facts
from search.facets import _label, vocabulary
from search.log import log_search, remember_search
from search.params import ParameterError, parse_params, values
from search.query import FACETS, SearchQuery

FACET_LEGENDS = {
    "field_of_action": _("Field of action"),
    "target_group": _("Target group"),
    "district": _("District"),
    "language": _("Language of the offer"),
    "delivery": _("How it is offered"),
    "funding_level": _("Funding level"),
    "legal_scope": _("Legal scope"),
    "provider": _("Provider"),
    "programme": _("Programme"),
    "free": _("Cost"),
    "free_for": _("Free of charge for"),
    "childcare": _("Childcare"),
    "part_time": _("Part-time"),
    "course_level": _("Course level"),
    "start": _("Start"),
    "capacity": _("Places"),
    "translated": _("Text in your language"),
}
SORT_LABELS = {
    "relevance": _("Best match"),
    "name": _("Name"),
    "verified": _("Recently verified"),
    "distance": _("Distance to a neighbourhood"),
}
# Parameters the page carries in its URLs (the JSON API's other ones are left out).
STATE_PARAMS = ("q", *FACETS, "age", "residence_status", "sort", "near")
MAX_DROP_SUGGESTIONS = 6
FACET_SHORT_LIST = 8  # a facet with more options (Stadtteile included) is a long list ...
FACET_FIRST_OPTIONS = 6  # ... that shows this many before "show more"


def _state(params):
    """The page state as ordered (name, value) pairs, without empty values, page or partial,
    read the way `parse_params` reads them (search/params.py)."""
    return [(name, value) for name in STATE_PARAMS for value in values(params, name)]


def _url(path, pairs, **extra):
    pairs = list(pairs) + [(name, value) for name, value in extra.items() if value]
    return f"{path}?{urlencode(pairs)}" if pairs else path


class _Vocabulary:
    """The vocabulary, read once per request (it was read four times), labelled per language."""

    def __init__(self, language, request=None):
        self.language = language
        # Kept in memory per content generation where writes replace it (portal/fragments.py).
        caching = request is not None and fragments.seconds() > 0
        self.terms = vocabulary(("content", request_generation(request)) if caching else None)

    def all_names(self, taxonomy):
        """code -> its labels in every portal language, lower case, in one string."""
        return {
            term.code: " ".join(sorted({
                str(getattr(term, f"name_{code}", "") or "").lower() for code in portal_language_codes()
            } - {""}))
            for term in self.terms.get(taxonomy, [])
        }

    def labels(self, taxonomy, level=None):
        return {
            term.code: _label(term, self.language)
            for term in self.terms.get(taxonomy, [])
            if level is None or term.level == level
        }


def _option_labels(result):
    labels = {}
    for facet, options in result.facets.items():
        for option in options:
            labels[(facet, option.code)] = option.label
            for child in option.children:
                labels[(facet, child.code)] = child.label
    return labels


def _chips(path, state, result, residence_labels):
    labels = _option_labels(result)
    chips = []
    for pair in state:
        name, value = pair
        if name in FACETS:
            label = f"{FACET_LEGENDS[name]}: {labels.get((name, value), value)}"
        elif name == "age":
            label = _("Age: %(age)s") % {"age": value}
        elif name == "residence_status":
            label = f"{_('Residence status')}: {residence_labels.get(value, value)}"
        else:
            continue
        remaining = [other for other in state if other != pair]
        chips.append({"name": name, "value": value, "label": label, "remove_url": _url(path, remaining)})
    return chips


def pagination(path, state, query, count):
    """Page links for a result list (the search page and collection pages): first, last and
    two either side of the current page, with gaps."""
    last = max(1, -(-count // query.page_size))
    if last == 1:
        return None
    numbers = sorted({1, last, *range(max(1, query.page - 2), min(last, query.page + 2) + 1)})
    items, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            items.append({"gap": True})
        items.append({"number": number, "url": _url(path, state, page=number if number > 1 else None),
                      "current": number == query.page})
        previous = number
    return {
        "items": items,
        "previous_url": _url(path, state, page=query.page - 1 if query.page > 2 else None) if query.page > 1 else "",
        "next_url": _url(path, state, page=query.page + 1) if query.page < last else "",
    }


def _drop_suggestions(path, query, chips):
    """For an empty result: what removing each active filter would give."""
    suggestions = []
    for chip in chips[:MAX_DROP_SUGGESTIONS]:
        filters = dict(query.filters)
        age, residence = query.age, query.residence_status
        if chip["name"] in FACETS:
            filters[chip["name"]] = tuple(code for code in filters[chip["name"]] if code != chip["value"])
        elif chip["name"] == "age":
            age = None
        else:
            residence = tuple(code for code in residence if code != chip["value"])
        relaxed = SearchQuery(
            text=query.text, language=query.language, filters={k: v for k, v in filters.items() if v},
            age=age, residence_status=residence, sort=query.sort, near=query.near, page=1, page_size=1,
        )
        suggestions.append({**chip, "count": service.search(relaxed).count})
    return suggestions


def _widen(path, state, query, result, vocabulary, drops):
    """Empty or thin results: the neighbouring Stadtbezirke and, when there are a few results,
    the most restrictive filter to leave out (an empty one lists every filter already)."""
    if result.count > widening.THIN:
        return None
    districts = widening.neighbour_districts(
        query, vocabulary.terms.get("district", []), vocabulary.labels("district"),
        lambda code: _url(path, [*state, ("district", code)]),
    ) if query.filters.get("district") else []
    drop = widening.most_restrictive(drops, result.count) if result.count else None
    return {"districts": districts, "drop": drop} if districts or drop else None


def _with_place_names(groups, vocabulary):
    """District options carry their names in every portal language (`data-names`), so the
    list's filter box finds "Kalk" on an Arabic page and "كالك" on a German one."""
    names = vocabulary.all_names("district")
    for group in groups:
        if group["name"] == "district":
            for option in [*group["options"], *group["more"]]:
                for item in (option, *option.children):
                    item.names = names.get(item.code, "")
    return groups


def _is_selected(option):
    return option.selected or any(child.selected for child in option.children)


def _facet_groups(result):
    groups = []
    for facet in FACETS:
        options = result.facets.get(facet) or []
        if options:
            # Long lists show their first options; the rest open with "show all" (or the filter box).
            size = len(options) + sum(len(option.children) for option in options)
            more = options[FACET_FIRST_OPTIONS:] if size > FACET_SHORT_LIST else []
            groups.append({
                "name": facet,
                "legend": FACET_LEGENDS[facet],
                "options": options[: len(options) - len(more)],
                "more": more,
                "more_selected": any(_is_selected(o) for o in more),
                "selected": any(_is_selected(o) for o in options),
                "selected_count": sum(o.selected + sum(c.selected for c in o.children) for o in options),
            })
    return groups


def search_page(request):
    language = get_language()
    path = request.path
    state = _state(request.GET)
    partial = request.GET.get("partial") == "1"
    vocabulary = _Vocabulary(language, request)
    residence_labels = vocabulary.labels("residence-status")
    stadtteile = vocabulary.labels("district", "stadtteil")
    context = {
        "state": state,
        "q": request.GET.get("q", "")[:200],
        "sort_options": [(code, label) for code, label in SORT_LABELS.items()],
        "residence_options": residence_labels,
        "stadtteile": sorted(stadtteile.items(), key=lambda item: item[1]),
        "clear_url": _url(path, [pair for pair in state if pair[0] == "q"]),
        "page_url": _url(path, state),
    }
    status, ask_near, dropped = 200, False, []
    if request.GET.get("sort") == "distance" and not request.GET.get("near"):
        # The natural order (sort first, then the Stadtteil): ask for it inline, keep the rest.
        state = [pair for pair in state if pair[0] != "sort"]
        ask_near = True
    while True:
        try:
            query = parse_params(
                _query_dict(state, request.GET.get("page")), default_language=language, terms=vocabulary.terms,
            )
            break
        except ParameterError as error:
            # A bad value is left out and named; the query and the other filters stay (400).
            status = 400
            dropped.append(str(FACET_LEGENDS.get(error.param) or PARAM_LABELS.get(error.param) or error.param))
            remaining = [pair for pair in state if pair[0] != error.param]
            if remaining == state:
                context.update(error=error, facet_groups=[], selected_residence=(), age="", sort="", near="")
                return render(request, _template(partial), context, status=400)
            state = remaining
    context.update(ask_near=ask_near, dropped_params=dropped, clear_url=_url(path, [pair for pair in state if pair[0] == "q"]))

    result = service.search(query)
    # Logged like the API: once per full page and once per in-place update (search.js), not
    # when the back button restores an earlier state.
    log_search(request, query, result.count)
    items = _items(result, language, vocabulary, stadtteile)
    context["listed"] = _add_fit(request, items, result, query, language)
    chips = _chips(path, state, result, residence_labels)
    drops = _drop_suggestions(path, query, chips) if result.count <= widening.THIN else []
    context.update(
        query=query,
        result=result,
        chips=chips,
        facet_groups=_with_place_names(_facet_groups(result), vocabulary),
        selected_residence=query.residence_status,
        age="" if query.age is None else query.age,
        sort=query.sort,
        near=query.near or "",
        pagination=pagination(path, state, query, result.count),
        drop_suggestions=drops if result.count == 0 else [],
        widen=_widen(path, state, query, result, vocabulary, drops),
        items=items,
        referral_add_form="referral-add",
        **_hints(path, state, query, result, vocabulary),
    )
    response = render(request, _template(partial), context, status=status)
    return remember_search(response, query, result.count)


PARAM_LABELS = {"age": _("Age"), "residence_status": _("Residence status"), "near": _("Neighbourhood"), "sort": _("Sort by")}


def _add_fit(request, items, result, query, language):
    """Kilometres when sorted by distance, and why each offer fits the person the filters
    describe (search/fit.py); the ids already on the referral list."""
    km = fit.distances(result.hits, query.near) if query.near else {}
    person = fit.Person(age=query.age, residence_status=query.residence_status, near=query.near,
                        languages=tuple(query.filters.get("language", ())))
    reasons = fit.reasons(result.hits, person, language)
    listed = set(request.session.get("referral_list", []))
    for item in items:
        item["km"] = km.get(item["hit"].offer_id)
        item["reasons"] = reasons.get(item["hit"].offer_id, [])
    return listed


def _hints(path, state, query, result, vocabulary):
    """Places named in the query as filters, the city's name left out, and for an empty result
    the nearest words that find something, synonyms and the fields of action (search/hints.py)."""
    others = [pair for pair in state if pair[0] != "q"]

    def with_place(text, code):
        return _url(path, others + ([("q", text)] if text else []) + [("district", code)])

    context = {
        "place_filters": hints.place_filters(
            query, vocabulary.terms.get("district", []), vocabulary.labels("district"), with_place
        ),
        "city_words": hints.dropped_city_words(query),
        "my_language": _my_language(path, state, query, result),
    }
    if result.count == 0 and query.text:
        context["suggestion_urls"] = [
            (text, count, same_filters, _url(path, (others if same_filters else []) + [("q", text)]))
            for text, count, same_filters in hints.did_you_mean(query, result.suggestions)
        ]
        context["synonym_urls"] = [(word, _url(path, others + [("q", word)])) for word in hints.synonyms(query)]
        context["field_links"] = [
            (option.label, option.count, _url(path, [pair for pair in others if pair[0] != "field_of_action"]
                                               + [("field_of_action", option.code)]))
            for option in hints.fields_of_action(query)
        ]
    return context


def _my_language(path, state, query, result):
    """The one-tap filter "available in my language" (offer text written in the reader's
    language) beside the count: how many there are and the link that turns it on or off."""
    option = next((item for item in result.facets.get("translated") or [] if item.code == query.language), None)
    if option is None or not (option.count or option.selected):
        return None
    mine = ("translated", query.language)
    pairs = [pair for pair in state if pair != mine] if option.selected else [*state, mine]
    return {"count": option.count, "selected": option.selected, "url": _url(path, pairs)}


def _template(partial):
    return "search/region.html" if partial else "search/search.html"


def _query_dict(state, page):
    params = QueryDict(mutable=True)
    for name, value in state:
        params.appendlist(name, value)
    if page:
        params["page"] = page
    return params


def _items(result, language, vocabulary, districts):
    """The hits with what they list named in the reader's language."""
    fields = vocabulary.labels("field-of-action")
    facts = card_facts(result.hits, language)
    return [
        {
            "hit": hit,
            **facts.get(hit.offer_id, {}),
            "fields": [fields.get(code, code) for code in hit.fields_of_action],
            "districts": [districts.get(code, code) for code in hit.districts],
            "languages": [language_name(code, language) for code in hit.languages],
        }
        for hit in result.hits
    ]


def result_items(result, language):
    """The hits of a result as the search page's cards show them (search/result.html), for
    other pages that list search results (editors' collections)."""
    vocabulary = _Vocabulary(language)
    return _items(result, language, vocabulary, vocabulary.labels("district", "stadtteil"))
