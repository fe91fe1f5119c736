"""Search pages. The faceted search arrives with the search service; until then a placeholder."""

from django.shortcuts import render


def search_page(request):
    return render(request, "search/placeholder.html", {"query": request.GET.get("q", "")[:200]})
