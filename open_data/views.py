"""The read-only HSDS 3.1 API under /api/hsds/ (parameters as open_data/hsds/schema/openapi.json
defines them). Every answer is JSON: 400 with a message naming the parameter for bad input,
404 for unknown ids; only live, published content is served.

HTTP as a generic client expects it: CORS headers on every answer (errors too), OPTIONS
preflights answered, the list operations also by POST (the parameters in the query string and/or
a JSON or form body, as HSDS 3.1 adds them), other methods a JSON 405 that names the allowed
ones. The language is `lang`, else the best `Accept-Language` match, else German; the answer says
which in `Content-Language`, and `X-Fallback-Language: de` (and the documents'
`x-fallback-language` field) marks texts that fall back to German."""

import datetime
import json
import math
import re
import uuid

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt

from open_data import changes, keeping, profile, queries, serializers
from open_data.ids import (
    IdMap,
    derived_id,
    resolve_alias,
    scoped,
    taxonomy_alias_key,
    term_alias_key,
)
from open_data.listing_cache import cached_listing
from open_data.paths import profile_file, schema_dir
from services_directory.models import OfferPlace, Place, ProviderPage, Taxonomy, Term

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100  # larger values are clamped (the Page's `size` says so); format=ndjson streams all
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


FALLBACK_FIELD = serializers.FALLBACK_FIELD
FALLBACK_HEADER = "X-Fallback-Language"
READ_METHODS = ("GET", "HEAD")
EXPOSED_HEADERS = f"Content-Language, {FALLBACK_HEADER}, Retry-After"
PREFLIGHT_MAX_AGE = 86400


def _falls_back(data):
    """Whether any document served (a detail, or a Page's contents) has a text in German fallback."""
    if isinstance(data, dict):
        items = data["contents"] if isinstance(data.get("contents"), list) else [data]
    else:
        items = data if isinstance(data, list) else []
    return any(isinstance(item, dict) and _marked(item) for item in items)


def _marked(document):
    if FALLBACK_FIELD in document:
        return True
    return any(isinstance(value, dict) and FALLBACK_FIELD in value for value in document.values()) or any(
        isinstance(item, dict) and FALLBACK_FIELD in item
        for value in document.values()
        if isinstance(value, list)
        for item in value
    )


def answer(data):
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    if _falls_back(data):
        response[FALLBACK_HEADER] = settings.LANGUAGE_CODE
    return response


def cors(response, methods):
    """The headers a browser needs on every answer of the API (errors included)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if response.status_code == 405 or "Allow" not in response:
        response["Allow"] = ", ".join(methods)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def preflight(methods):
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ", ".join(methods)
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def not_allowed(request, methods):
    return error(
        405,
        _("The method %(method)s is not allowed here; use %(allowed)s.")
        % {"method": request.method, "allowed": " or ".join(method for method in methods if method != "OPTIONS")},
    )


def _with_body_parameters(request):
    """POST list operations: the body's parameters (JSON object or form) join the query string's."""
    merged = request.GET.copy()
    content_type = request.content_type or ""
    if request.body:
        if "json" in content_type or request.body.lstrip()[:1] == b"{":
            try:
                body = json.loads(request.body)
            except ValueError:
                raise BadParameter("body", _("The request body is not a JSON object.")) from None
            if not isinstance(body, dict):
                raise BadParameter("body", _("The request body is not a JSON object."))
            for key, value in body.items():
                merged.setlist(key, [_plain(item) for item in (value if isinstance(value, list) else [value])])
        else:  # form-encoded or multipart: Django parses both
            for key, values in request.POST.lists():
                merged.setlist(key, values)
    request.GET = merged


def _plain(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def api_view(handler=None, *, post=False):
    """GET (and HEAD, OPTIONS; POST for list operations): the language chosen, BadParameter ->
    JSON 400, Http404 -> JSON 404, CORS headers on every answer."""
    if handler is None:
        return lambda handler: api_view(handler, post=post)
    methods = [*READ_METHODS, *(["POST"] if post else []), "OPTIONS"]

    @csrf_exempt  # read-only: a POST here is a query (HSDS 3.1), it changes nothing
    def view(request, *args, **kwargs):
        request.urlconf = "open_data.api_urlconf"  # a JSON 404 stays a 404 (see api_urlconf)
        asked = accepted_language(request)
        with translation.override(asked):
            if request.method == "OPTIONS":
                response = preflight(methods)
            elif request.method not in methods:
                response = not_allowed(request, methods)
            else:
                response = _answer(handler, request, asked, args, kwargs)
        return cors(response, methods)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


def _answer(handler, request, asked, args, kwargs):
    try:
        if request.method == "POST":
            _with_body_parameters(request)
        language = language_param(request, asked)
        with translation.override(language):
            response = handler(request, language, *args, **kwargs)
            response["Content-Language"] = language
            return response
    except BadParameter as bad:
        return error(400, bad.message, bad.parameter)
    except Http404 as missing:
        return error(404, str(missing) or _("Not found."))


# -- parameters ------------------------------------------------------------------------------------


def portal_languages():
    return [code for code, _name in settings.LANGUAGES]


def accepted_language(request):
    """The best portal language of the Accept-Language header (German when none fits)."""
    codes = portal_languages()
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        tag = tag.lower()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in codes:
                return candidate
    return settings.LANGUAGE_CODE


def language_param(request, asked=None):
    """`lang` when given (it overrides the header), else the Accept-Language match."""
    raw = request.GET.get("lang")
    if raw is None or not raw.strip():
        return asked or settings.LANGUAGE_CODE
    language = raw.strip()
    codes = portal_languages()
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


FORMATS = ("json", "ndjson")


def format_param(request):
    """`json` (a Page) or `ndjson` (every record, one per line, streamed without paging)."""
    value = request.GET.get("format", "json") or "json"
    if value not in FORMATS:
        raise BadParameter("format", _("format must be json or ndjson."))
    return value


UNENCODED_OFFSET = re.compile(r"^(.*T?\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d(?::?\d\d)?)$")


def datetime_param(request, name):
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    unencoded = UNENCODED_OFFSET.match(raw)  # `+01:00` unencoded in a URL arrives as " 01:00"
    if unencoded:
        raw = f"{unencoded.group(1)}+{unencoded.group(2)}"
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
    """The term of `taxonomy_term_id`: its id here, or an id an import mapped to it."""
    term_id = uuid_param(request, "taxonomy_term_id")
    if term_id is None:
        return None, False
    return resolve_alias(Term, term_alias_key(term_id), term_id), True


def taxonomy_from(request):
    raw = text_param(request, "taxonomy_id")
    if not raw:
        return None, False
    try:
        key = str(uuid.UUID(raw))
    except ValueError:
        return Taxonomy.objects.filter(code=raw).first(), True  # our taxonomy codes work too
    return resolve_alias(Taxonomy, taxonomy_alias_key(key), key), True


# -- paging ----------------------------------------------------------------------------------------


def paged(request, queryset_or_list, most=MAX_PER_PAGE):
    """(items on the requested page, Page fields) in HSDS's Page shape. The spec's integers are
    all valid: `page` below 1 is the first page, `per_page` is clamped to 1..MAX_PER_PAGE (to `most`
    for a dear listing); `page_number`, `size` and `total_pages` say what was served (documented
    in our OpenAPI). Whole listings: `format=ndjson`."""
    page = min(max(int_param(request, "page", 1, -math.inf), 1), 10**6)  # page 0 or below: the first
    per_page = min(max(int_param(request, "per_page", DEFAULT_PER_PAGE, -math.inf), 1), MAX_PER_PAGE, most)
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
        offers = changes.changed_since(offers, modified_after)
    places = places_asked(request)
    if places is not None:
        offers = offers.filter(places__place__in=places)
    return offers.distinct()


def places_asked(request):
    """The places `postcode` (and `proximity`) select, or None when neither is given.

    `proximity` (metres) selects the places within that distance of the postcode's centre (the
    mean position of the directory's places with that postcode)."""
    postcode = postcode_param(request)
    proximity = proximity_param(request)
    if proximity is not None and not postcode:
        raise BadParameter("proximity", _("proximity needs a postcode to measure from."))
    if not postcode:
        return None
    if proximity is None:
        return list(Place.objects.filter(postcode=postcode).values_list("pk", flat=True))
    points = list(
        Place.objects.filter(postcode=postcode, latitude__isnull=False, longitude__isnull=False).values_list(
            "latitude", "longitude"
        )
    )
    if not points:
        raise BadParameter("postcode", _("No place with this postcode has a known position to measure proximity from."))
    centre = (sum(float(lat) for lat, _lon in points) / len(points), sum(float(lon) for _lat, lon in points) / len(points))
    chosen = []
    for pk, latitude, longitude in Place.objects.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "pk", "latitude", "longitude"
    ):
        if metres_between(centre, (float(latitude), float(longitude))) <= proximity:
            chosen.append(pk)
    return chosen


EARTH_RADIUS = 6_371_000  # metres


def metres_between(a, b):
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(math.sqrt(h))


def proximity_param(request):
    raw = text_param(request, "proximity")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise BadParameter("proximity", _("proximity must be a distance in metres (a number from 0)."))
    return value


class Listing:
    """Documents for offers, with what they share loaded once (providers, change stamps)."""

    def __init__(self):
        self.lookup = queries.ProviderLookup()
        self.stamps = changes.Stamps()

    def service(self, offer, provider, id_map, *, full):
        programme = offer.programme if offer.programme_id else None
        modified = changes.isoformat(self.stamps.last_modified(offer, provider, programme))
        return serializers.service_document(offer, provider, id_map, full=full, last_modified=modified)

    def services(self, offers, id_map, *, full):
        return [
            self.service(offer, provider, id_map, full=full)
            for offer, provider in queries.offers_with_live_provider(offers, self.lookup)
        ]


def service_docs(offers, id_map, *, full, listing=None):
    listing = listing or Listing()
    return keeping.served_all("service", listing.services(offers, id_map, full=full), nested=full)


def minimal_document(document):
    """`minimal=true`: id and last_modified (and the name and status the list schema requires)."""
    return {key: document[key] for key in ("id", "name", "status", "last_modified") if key in document}


def streamed(request, language, items, build, chunk=100):
    """`format=ndjson`: every item, one JSON document per line, built `chunk` at a time."""

    def lines():
        with translation.override(language):
            batch = []
            for item in items.iterator(chunk_size=chunk) if hasattr(items, "iterator") else items:
                batch.append(item)
                if len(batch) == chunk:
                    yield from _lines(build, batch)
                    batch = []
            if batch:
                yield from _lines(build, batch)

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Language"] = language
    return response


def _lines(build, batch):
    for document in scoped(lambda id_map: build(batch, id_map)):
        yield json.dumps(document, ensure_ascii=False) + "\n"


# -- endpoints ---------------------------------------------------------------------------------------


@api_view
def api_root(request, language):
    """Version, profile and where the OpenAPI description lives."""
    return answer(
        {
            "version": serializers.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("open_data:profile_json")),
            "openapi_url": request.build_absolute_uri(reverse("open_data:openapi")),
            "profile_documentation": request.build_absolute_uri(reverse("open_data:profile")),
            "portal_openapi_url": request.build_absolute_uri(reverse("api_schema")),
        }
    )


@api_view
def profile_json(request, language):
    """The profile as data: Open Referral's profile layout (open_data.profile)."""
    return answer(profile.profile_document(request.build_absolute_uri))


@api_view
def official_openapi(request, language):
    """The official HSDS 3.1 openapi.json this API implements (as published; one known bug in
    it, GET /service_at_locations/{id} naming the service schema, is fixed upstream in
    openreferral/specification PR #574: the intended service_at_location is served)."""
    return FileResponse((schema_dir() / "openapi.json").open("rb"), content_type="application/json")


def profile_markdown(request):
    """How the portal's directory and vocabulary map onto HSDS (PROFILE.md)."""
    path = profile_file()
    request.urlconf = "open_data.api_urlconf"
    if request.method == "OPTIONS":
        return cors(preflight(READ_METHODS), READ_METHODS)
    if request.method not in READ_METHODS:
        return cors(not_allowed(request, READ_METHODS), READ_METHODS)
    if not path.exists():
        return cors(error(404, _("The profile document is not available.")), READ_METHODS)
    return cors(FileResponse(path.open("rb"), content_type="text/markdown; charset=utf-8"), READ_METHODS)


@api_view
def not_found(request, language, rest=""):
    """Any other path under /api/hsds/: a JSON 404 (with CORS), never the site's HTML page."""
    raise Http404(_("There is no such endpoint in this API; see the API root for the endpoints."))


@api_view(post=True)
@cached_listing
def service_list(request, language):
    output = format_param(request)
    full = bool_param(request, "full")
    minimal = bool_param(request, "minimal")
    offers = filtered_offers(request, language)
    listing = Listing()

    def build(items, id_map):
        documents = service_docs(items, id_map, full=full, listing=listing)
        return [minimal_document(document) for document in documents] if minimal else documents

    if output == "ndjson":
        return streamed(request, language, offers, build)
    items, meta = paged(request, offers)
    return page_answer(meta, scoped(lambda id_map: build(items, id_map)))


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


def _organization_full(provider, id_map, full_service, listing=None):
    offers = queries.live_offers().child_of(provider)
    services = service_docs(offers, id_map, full=full_service, listing=listing)
    return keeping.served("organization", serializers.full_organization_document(provider, id_map, services))


@api_view(post=True)
@cached_listing
def organization_list(request, language):
    output = format_param(request)
    full = bool_param(request, "full")
    full_service = bool_param(request, "full_service")
    most = MAX_NESTED_PER_PAGE if full or full_service else MAX_PER_PAGE
    providers = _organizations(request, language)
    listing = Listing() if full or full_service else None

    def build(items, id_map):
        if full or full_service:
            return [_organization_full(provider, id_map, full_service, listing) for provider in items]
        return keeping.served_all(
            "organization", [serializers.organization_document(provider, id_map) for provider in items], nested=False
        )

    if output == "ndjson":
        return streamed(request, language, providers, build, chunk=MAX_NESTED_PER_PAGE)
    items, meta = paged(request, providers, most)
    return page_answer(meta, scoped(lambda id_map: build(items, id_map)))


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


@api_view(post=True)
@cached_listing
def taxonomy_list(request, language):
    output = format_param(request)
    taxonomies = queries.taxonomies()
    search = text_param(request, "search")
    if search:
        taxonomies = taxonomies.filter(code__icontains=search) | taxonomies.filter(
            **{f"name_{language}__icontains": search}
        )
    taxonomies = taxonomies.distinct().order_by("sort_order", "code")
    if output == "ndjson":
        return streamed(request, language, taxonomies, lambda items, _ids: [serializers.taxonomy_document(t) for t in items])
    items, meta = paged(request, taxonomies)
    return page_answer(meta, [serializers.taxonomy_document(taxonomy) for taxonomy in items])


@api_view
def taxonomy_detail(request, language, hsds_id):
    taxonomy = _by_hsds_id(queries.taxonomies(), hsds_id, taxonomy_alias_key)
    if taxonomy is None:
        raise Http404(_("No taxonomy has this id."))
    return answer(serializers.taxonomy_document(taxonomy))


@api_view(post=True)
@cached_listing
def taxonomy_term_list(request, language):
    output = format_param(request)
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
    terms = terms.distinct().order_by("taxonomy__sort_order", "sort_order", "code")

    def build(items, _id_map):
        return [serializers.taxonomy_term_document(term, language) for term in items]

    if output == "ndjson":
        return streamed(request, language, terms, build)
    items, meta = paged(request, terms)
    return page_answer(meta, build(items, None))


@api_view
def taxonomy_term_detail(request, language, hsds_id):
    term = _by_hsds_id(queries.terms(), hsds_id, term_alias_key)
    if term is None:
        raise Http404(_("No taxonomy term has this id."))
    return answer(serializers.taxonomy_term_document(term, language))


def _by_hsds_id(queryset, hsds_id, alias_key):
    """By id, or by an id an import mapped to the record (the portal's own id is served)."""
    try:
        key = str(uuid.UUID(hsds_id))
    except ValueError:
        return None
    return resolve_alias(queryset, alias_key(key), key)


def _sal_documents(links, id_map, *, full, listing=None):
    offers = {offer.pk: offer for offer in queries.live_offers().filter(pk__in={link.offer_id for link in links})}
    listing = listing or Listing()
    documents = []
    for link in links:
        offer = offers.get(link.offer_id)
        provider = listing.lookup.for_offer(offer) if offer else None
        if provider is None:
            continue
        if offer.programme_id and not offer.programme.live:
            offer.unserved_programme_id = offer.programme_id
            offer.programme = None
        # use the prefetched link so the schedules and location come from one query set
        link = next((item for item in offer.places.all() if item.pk == link.pk), link)
        service = keeping.served("service", listing.service(offer, provider, id_map, full=full))
        documents.append(
            serializers.service_at_location_document(
                offer, link, id_map, list(offer.opening_slots.all()), with_service=service
            )
        )
    return documents


@api_view(post=True)
@cached_listing
def service_at_location_list(request, language):
    output = format_param(request)
    full = bool_param(request, "full")
    offers = filtered_offers(request, language)
    links = OfferPlace.objects.filter(offer__in=offers.values("pk")).order_by("offer__hsds_id", "sort_order", "pk")
    places = places_asked(request)
    if places is not None:
        links = links.filter(place__in=places)
    listing = Listing()

    def build(items, id_map):
        return _sal_documents(items, id_map, full=full, listing=listing)

    if output == "ndjson":
        return streamed(request, language, links, build)
    items, meta = paged(request, links)
    return page_answer(meta, scoped(lambda id_map: build(items, id_map)))


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
