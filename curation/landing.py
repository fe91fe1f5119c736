"""Landing pages: the collection page an offer page links a target group or district label to."""

from services_directory.models import Term
from services_directory.models.vocabulary import DISTRICT, TARGET_GROUP

from .models import CollectionPage


def landing_urls(request=None) -> dict[int, str]:
    """{term id: URL} of public landing pages; a Stadtteil leads to its Stadtbezirk's page.
    Where several pages claim one term, the first in the page tree wins."""
    urls = {}
    pages = CollectionPage.objects.for_public().filter(landing_term__isnull=False).order_by("path")
    for page in pages.only("id", "path", "url_path", "landing_term_id", "depth"):
        url = page.get_url(request)
        if url:
            urls.setdefault(page.landing_term_id, url)
    if urls:
        for teil_id, bezirk_id in Term.objects.filter(parent_id__in=list(urls)).values_list("id", "parent_id"):
            urls.setdefault(teil_id, urls[bezirk_id])
    return urls


def landing_pages(request=None) -> list[dict]:
    """[{"taxonomy": "target-group", "pages": [...]}, {"taxonomy": "district", …}]: public landing
    pages in vocabulary order, one per term, for the home page."""
    pages = (
        CollectionPage.objects.for_public()
        .filter(landing_term__isnull=False)
        .select_related("landing_term__taxonomy")
        .order_by("landing_term__sort_order", "path")
    )
    groups = {TARGET_GROUP: [], DISTRICT: []}
    seen = set()
    for page in pages:
        taxonomy = page.landing_term.taxonomy.code
        if page.landing_term_id in seen or taxonomy not in groups:
            continue
        seen.add(page.landing_term_id)
        groups[taxonomy].append(page)
    return [{"taxonomy": taxonomy, "pages": items} for taxonomy, items in groups.items() if items]
