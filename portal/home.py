"""The home page's tiles: one per field of action, each leading to the search with it selected."""

from django.urls import NoReverseMatch, reverse

from services_directory.models import Term
from services_directory.models.vocabulary import FIELD_OF_ACTION


def field_of_action_tiles():
    try:
        search_url = reverse("search")
    except NoReverseMatch:
        search_url = ""
    return [
        {"term": term, "url": f"{search_url}?field_of_action={term.code}" if search_url else ""}
        for term in Term.objects.of(FIELD_OF_ACTION)
    ]
