"""The read-only HSDS 3.1 API under /api/hsds/ (parameters as open_data/hsds/schema/openapi.json
defines them). Every answer is JSON: 400 with a message naming the parameter for bad input,
404 for unknown ids; only live, published content is served."""

import datetime
import math
import uuid

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from open_data import queries, serializers
from open_data.ids import IdMap, derived_id, scoped
from open_data.listing_cache import cached_listing
from open_data.paths import profile_file
from services_directory.models import OfferPlace, ProviderPage, Taxonomy, Term

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_NESTED_PER_PAGE = 10  # organizations with all their services: ~50 kB each
EARLIEST_YEAR = 1900  # older dates name no change in this directory and overflow time zone arithmetic
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}


class BadParameter(Exception):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def error(status, message, parameter=None):
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def answer(data):
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(handler):
    """GET only; `lang` chosen and validated; BadParameter -> 400, Http404 -> JSON 404."""

    @require_GET
    def view(request, *args, **kwargs):
        request.urlconf = "open_data.api_urlconf"  # a JSON 404 stays a 404 (see api_urlconf)
        try:
            language = language_param(request)
            with translation.override(language):
                return handler(request, language, *args, **kwargs)
        except BadParameter as bad:
            return error(400, bad.message, bad.parameter)
        except Http404 as missing:
            return error(404, str(missing) or _("Not found."))

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


# -- parameters ------------------------------------------------------------------------------------


def language_param(request):
    language = request.GET.get("lang", settings.LANGUAGE_CODE).strip()
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise BadParameter("lang", _("Unknown language “%(lang)s”; use one of %(codes)s.") % {"lang": language, "codes": ", ".join(codes)})
    return language


def int_param(request, name, default, minimum, maximum=None):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, _("%(name)s must be a whole number.") % {"name": name}) from None
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            message = _("%(name)s must be at least %(min)s.") % {"name": name, "min": minimum}
        else:
            message = _("%(name)s must be between %(min)s and %(max)s.") % {"name": name, "min": minimum, "max": maximum}
        raise BadParameter(name, message)
    return value


def bool_param(request, name):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise BadParameter(name, _("%(name)s must be true or false.") % {"name": name})


def uuid_param(request, name):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadParameter(name, _("%(name)s must be a UUID.") % {"name": name}) from None


def text_param(request, name):
    value = (request.GET.get(name) or "").strip()
    if "\x00" in value:
        raise BadParameter(name, _("%(name)s contains a character that is not allowed.") % {"name": name})
    return value


def format_param(request):
    value = request.GET.get("format", "json") or "json"
    if value != "json":
        raise BadParameter("format", _("Only format=json is supported."))


def datetime_param(request, name):
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            value = timezone.datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(name, _("%(name)s must be an ISO 8601 date or date-time.") % {"name": name})
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        value = value.astimezone(datetime.UTC)  # what the database compares; year 1 overflows here
    except (OverflowError, ValueError):
        value = None
    if value is None or value.year < EARLIEST_YEAR:
        raise BadParameter(
            name, _("%(name)s must be a date from %(year)s on.") % {"name": name, "year": EARLIEST_YEAR}
        )
    return value


def postcode_param(request):
    value = text_param(request, "postcode")
    if value and not (value.isdigit() and len(value) == 5):
        raise BadParameter("postcode", _("postcode must be five digits."))
    return value


def term_from(request):
    term_id = uuid_param(request, "taxonomy_term_id")
    if term_id is None:
        return None, False
    return Term.objects.filter(hsds_id=term_id).first(), True


def taxonomy_from(request):
    raw = text_param(request, "taxonomy_id")
    if not raw:
        return None, False
    try:
        return Taxonomy.objects.filter(hsds_id=uuid.UUID(raw)).first(), True
    except ValueError:
        return Taxonomy.objects.filter(code=raw).first(), True  # our taxonomy codes work too


# -- paging ----------------------------------------------------------------------------------------


def paged(request, queryset_or_list, most=MAX_PER_PAGE):
    """(items on the requested page, Page fields) in HSDS's Page shape; pages of a dear listing
    hold at most `most` items (a larger `per_page` is clamped: `size` and `total_pages` say so)."""
    page = int_param(request, "page", 1, 1, 10**6)
    per_page = min(int_param(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE), most)
    total = queryset_or_list.count() if hasattr(queryset_or_list, "count") and not isinstance(queryset_or_list, list) else len(queryset_or_list)
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    items = list(queryset_or_list[start : start + per_page])
    return items, {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": len(items) == 0,
    }


def page_answer(meta, contents):
    return answer({**meta, "contents": contents})


# -- offers and their filters ------------------------------------------------------------------------


def hidden_provider_paths():
    return list(ProviderPage.objects.not_live().values_list("path", flat=True))


def filtered_offers(request, language):
    """Live offers under live providers, narrowed by the HSDS filters (combined with AND)."""
    offers = queries.live_offers()
    for path in hidden_provider_paths():
        offers = offers.exclude(path__startswith=path)
    search = text_param(request, "search")
    if search:
        offers = offers.filter(queries.text_filter(search, language))
    term, asked = term_from(request)
    if asked:
        offers = offers.filter(queries.term_filter(term)) if term else offers.none()
    taxonomy, asked = taxonomy_from(request)
    if asked:
        offers = offers.filter(queries.taxonomy_filter(taxonomy)) if taxonomy else offers.none()
    organization_id = uuid_param(request, "organization_id")
    if organization_id:
        provider = ProviderPage.objects.for_public().filter(hsds_id=organization_id).first()
        offers = offers.filter(path__startswith=provider.path) if provider else offers.none()
    modified_after = datetime_param(request, "modified_after")
    if modified_after:
        offers = offers.filter(last_published_at__gte=modified_after)
    postcode = postcode_param(request)
    if postcode:
        offers = offers.filter(places__place__postcode=postcode)
    return offers.distinct()


def service_docs(offers, id_map, *, full):
    lookup = queries.ProviderLookup()
    return [
        serializers.service_document(offer, provider, id_map, full=full)
        for offer, provider in queries.offers_with_live_provider(offers, lookup)
    ]


# -- endpoints ---------------------------------------------------------------------------------------


@api_view
def api_root(request, language):
    """Version, profile and where the OpenAPI description lives."""
    return answer(
        {
            "version": serializers.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("open_data:profile")),
            "openapi_url": request.build_absolute_uri(reverse("api_schema")),
        }
    )


@require_GET
def profile(request):
    """How the portal's directory and vocabulary map onto HSDS (PROFILE.md)."""
    path = profile_file()
    request.urlconf = "open_data.api_urlconf"
    if not path.exists():
        return error(404, _("The profile document is not available."))
    return FileResponse(path.open("rb"), content_type="text/markdown; charset=utf-8")


@api_view
@cached_listing
def service_list(request, language):
    format_param(request)
    full = bool_param(request, "full")
    minimal = bool_param(request, "minimal")
    items, meta = paged(request, filtered_offers(request, language))
    documents = scoped(lambda id_map: service_docs(items, id_map, full=full))
    if minimal:
        keep = ("id", "name", "status")
        documents = [{key: document[key] for key in keep} for document in documents]
    return page_answer(meta, documents)


@api_view
def service_detail(request, language, hsds_id):
    offer = _live_offer(hsds_id)
    documents = scoped(lambda id_map: service_docs([offer], id_map, full=True))
    if not documents:
        raise Http404(_("No published service has this id."))
    return answer(documents[0])


def _live_offer(hsds_id):
    try:
        key = uuid.UUID(hsds_id)
    except ValueError:
        raise Http404(_("No published service has this id.")) from None
    offer = queries.live_offers().filter(hsds_id=key).first()
    if offer is None:
        raise Http404(_("No published service has this id."))
    return offer


def _organizations(request, language):
    providers = queries.live_providers()
    search = text_param(request, "search")
    if search:
        providers = providers.filter(**{f"title_{language}__icontains": search}) | providers.filter(
            title_de__icontains=search
        )
    term, asked_term = term_from(request)
    taxonomy, asked_taxonomy = taxonomy_from(request)
    if asked_term or asked_taxonomy:
        offers = queries.live_offers()
        if asked_term:
            offers = offers.filter(queries.term_filter(term)) if term else offers.none()
        if asked_taxonomy:
            offers = offers.filter(queries.taxonomy_filter(taxonomy)) if taxonomy else offers.none()
        parent_paths = {path[: -queries.STEPLEN] for path in offers.values_list("path", flat=True)}
        providers = providers.filter(path__in=parent_paths)
    return providers.distinct().order_by("title", "hsds_id")


def _organization_full(provider, id_map, full_service):
    offers = queries.live_offers().child_of(provider)
    services = service_docs(offers, id_map, full=full_service)
    return serializers.full_organization_document(provider, id_map, services)


@api_view
@cached_listing
def organization_list(request, language):
    format_param(request)
    full = bool_param(request, "full")
    full_service = bool_param(request, "full_service")
    most = MAX_NESTED_PER_PAGE if full or full_service else MAX_PER_PAGE
    items, meta = paged(request, _organizations(request, language), most)

    def build(id_map):
        if full or full_service:
            return [_organization_full(provider, id_map, full_service) for provider in items]
        return [serializers.organization_document(provider, id_map) for provider in items]

    contents = scoped(build)
    return page_answer(meta, contents)


@api_view
def organization_detail(request, language, hsds_id):
    full_service = bool_param(request, "full_service")
    try:
        provider = queries.live_providers().filter(hsds_id=uuid.UUID(hsds_id)).first()
    except ValueError:
        provider = None
    if provider is None:
        raise Http404(_("No published organization has this id."))
    return answer(scoped(lambda id_map: _organization_full(provider, id_map, full_service)))


@api_view
@cached_listing
def taxonomy_list(request, language):
    format_param(request)
    taxonomies = queries.taxonomies()
    search = text_param(request, "search")
    if search:
        taxonomies = taxonomies.filter(code__icontains=search) | taxonomies.filter(
            **{f"name_{language}__icontains": search}
        )
    items, meta = paged(request, taxonomies.distinct().order_by("sort_order", "code"))
    return page_answer(meta, [serializers.taxonomy_document(taxonomy) for taxonomy in items])


@api_view
def taxonomy_detail(request, language, hsds_id):
    taxonomy = _by_hsds_id(queries.taxonomies(), hsds_id)
    if taxonomy is None:
        raise Http404(_("No taxonomy has this id."))
    return answer(serializers.taxonomy_document(taxonomy))


@api_view
@cached_listing
def taxonomy_term_list(request, language):
    format_param(request)
    terms = queries.terms()
    search = text_param(request, "search")
    if search:
        terms = terms.filter(code__icontains=search) | terms.filter(**{f"name_{language}__icontains": search}) | terms.filter(
            name_de__icontains=search
        )
    taxonomy, asked = taxonomy_from(request)
    if asked:
        terms = terms.filter(taxonomy=taxonomy) if taxonomy else terms.none()
    if bool_param(request, "top_only"):
        terms = terms.filter(parent__isnull=True)
    parent_id = uuid_param(request, "parent_id")
    if parent_id:
        terms = terms.filter(parent__hsds_id=parent_id)
    items, meta = paged(request, terms.distinct().order_by("taxonomy__sort_order", "sort_order", "code"))
    return page_answer(meta, [serializers.taxonomy_term_document(term, language) for term in items])


@api_view
def taxonomy_term_detail(request, language, hsds_id):
    term = _by_hsds_id(queries.terms(), hsds_id)
    if term is None:
        raise Http404(_("No taxonomy term has this id."))
    return answer(serializers.taxonomy_term_document(term, language))


def _by_hsds_id(queryset, hsds_id):
    try:
        return queryset.filter(hsds_id=uuid.UUID(hsds_id)).first()
    except ValueError:
        return None


def _sal_documents(links, id_map, *, full):
    offers = {offer.pk: offer for offer in queries.live_offers().filter(pk__in={link.offer_id for link in links})}
    lookup = queries.ProviderLookup()
    documents = []
    for link in links:
        offer = offers.get(link.offer_id)
        provider = lookup.for_offer(offer) if offer else None
        if provider is None:
            continue
        if offer.programme_id and not offer.programme.live:
            offer.programme = None
        # use the prefetched link so the schedules and location come from one query set
        link = next((item for item in offer.places.all() if item.pk == link.pk), link)
        service = serializers.service_document(offer, provider, id_map, full=full)
        documents.append(
            serializers.service_at_location_document(
                offer, link, id_map, list(offer.opening_slots.all()), with_service=service
            )
        )
    return documents


@api_view
@cached_listing
def service_at_location_list(request, language):
    format_param(request)
    full = bool_param(request, "full")
    offers = filtered_offers(request, language)
    links = OfferPlace.objects.filter(offer__in=offers.values("pk")).order_by("offer__hsds_id", "sort_order", "pk")
    postcode = postcode_param(request)
    if postcode:
        links = links.filter(place__postcode=postcode)
    items, meta = paged(request, links)
    return page_answer(meta, scoped(lambda id_map: _sal_documents(items, id_map, full=full)))


@api_view
def service_at_location_detail(request, language, hsds_id):
    try:
        wanted = str(uuid.UUID(hsds_id))
    except ValueError:
        raise Http404(_("No published service_at_location has this id.")) from None
    id_map = IdMap(scoped=True)
    link = None
    for key in id_map.keys_for(wanted):
        if key.startswith("service_at_location:"):
            _prefix, offer_id, place_id = key.split(":")
            link = OfferPlace.objects.filter(offer__hsds_id=offer_id, place__hsds_id=place_id).first()
    if link is None:
        for candidate in OfferPlace.objects.select_related("offer", "place").filter(offer__live=True):
            key = f"service_at_location:{candidate.offer.hsds_id}:{candidate.place.hsds_id}"
            if derived_id(key) == wanted:
                id_map.load([key])  # a recorded id replaces the derived one
                if id_map.get(key) == wanted:
                    link = candidate
                    break
    documents = scoped(lambda id_map: _sal_documents([link], id_map, full=True)) if link else []
    if not documents:
        raise Http404(_("No published service_at_location has this id."))
    return answer(documents[0])
