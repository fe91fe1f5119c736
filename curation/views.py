"""What a collection page shows (results, the reader's filters, pages, links) and the admin's
live count while an editor sets criteria."""

from dataclasses import replace
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_safe

from search.params import ParameterError
from search.views import pagination, result_items

from .choices import facet_legend
from .criteria import count
from .forms import CriteriaForm


def _url(path, pairs):
    return f"{path}?{urlencode(pairs)}" if pairs else path


def search_url(criteria, refine=None):
    """The search page with the same filters ("open in search")."""
    try:
        path = reverse("search")
    except NoReverseMatch:
        return ""
    return _url(path, criteria.pairs(refine, for_search=True))


def _exposed_groups(page, criteria, result, refine):
    groups = []
    for facet in page.exposed():
        allowed = criteria.allowed(facet)
        chosen = set(refine.get(facet, ()))
        options = []
        for option in result.facets.get(facet, []):
            if allowed is None or option.code in allowed:
                options.append(option)
            else:  # a fixed Stadtteil below a Stadtbezirk the collection does not fix as a whole
                options += [child for child in option.children if child.code in allowed]
        # Copies: "selected" is the reader's choice here, not the collection's fixed codes.
        options = [
            replace(option, selected=option.code in chosen,
                    children=[replace(child, selected=child.code in chosen) for child in option.children])
            for option in options
        ]
        if len(options) > 1 or any(option.children for option in options):
            groups.append({
                "name": facet,
                "legend": facet_legend(facet),
                "options": options,
                "selected": any(o.selected or any(c.selected for c in o.children) for o in options),
            })
    return groups


def collection_context(page, request):
    language = get_language() or "de"
    criteria = page.get_criteria()
    refine = page.refinements(request.GET)
    state = [(facet, code) for facet, codes in refine.items() for code in codes]
    context = {
        "feed_url": page.url + page.reverse_subpage("feed") if page.url else "",
        "search_url": search_url(criteria, refine),
        "clear_url": request.path,
    }
    try:
        number = request.GET.get("page") or "1"
        if not number.isdigit() or not 1 <= int(number) <= 10000:
            raise ParameterError("page", "must be a whole number between 1 and 10000")
        result = page.results(language, refine, page=int(number))
    except ParameterError as error:
        context.update(error=error, items=[], exposed_groups=[])
        return context
    context.update(
        result=result,
        items=result_items(result, language),
        exposed_groups=_exposed_groups(page, criteria, result, refine),
        pagination=pagination(request.path, state, result.query, result.count),
        refined=bool(refine),
    )
    return context


@require_safe
def count_view(request):
    """`GET /admin/curation/count/?criteria_…`: how many offers the criteria find now."""
    form = CriteriaForm(request.GET)
    if not form.is_valid():
        errors = [str(message) for messages in form.errors.values() for message in messages]
        return JsonResponse({"errors": errors}, status=400)
    total = count(form.criteria)
    text = ngettext("%(count)s offer matches these criteria now.", "%(count)s offers match these criteria now.", total) % {"count": total}
    return JsonResponse({"count": total, "empty": total == 0, "text": text})
