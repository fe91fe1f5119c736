#!/usr/bin/env python
"""Search latency at scale: our database backend against Wagtail's built-in search, same data.

    python bench/search_bench.py --offers 20000

Creates N synthetic offers in a throwaway SQLite database (pages inserted in bulk: no
revisions, no per-page publishing), builds both indexes, runs ANALYZE, and measures in-process
p50/p95 (no HTTP, no templates) of representative queries: text + two facet filters + every
facet count.

Our path: `search.service.search(SearchQuery)` (one page of hits, the count and all ten facets).
Wagtail's obvious path for the same question: `OfferPage.objects.live().filter(cost=…).search(q)`
with relevance order, the first 20 hits, `.count()`, `.facet("cost")`, and — since Wagtail's
search cannot filter or facet on many-to-many fields — the other filter and the facet counts
with the ORM over the ids of the (unordered) search result.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "Beratung Sozialberatung Jobberatung Migrationsberatung Wohnungssuche Wohnung Unterkunft Deutschkurs "
    "Sprachkurs Integrationskurs Sprachcafé Bewerbungstraining Anerkennung Abschluss Ausbildung Schule Kita "
    "Familie Eltern Frauen Jugendliche Gesundheit Arzt Psychologische Begleitung Asyl Aufenthalt Duldung "
    "Arbeit Job Praktikum Ehrenamt Nachbarschaft Treffpunkt Hausaufgabenhilfe Behörden Jobcenter Bürgergeld "
    "Schulden Mietvertrag Nebenkosten Kinderbetreuung Begleitung Dolmetschen Übersetzung Computerkurs "
    "Frühstück Sport Musik Kunst Theater Garten Fahrrad Nähen Kochen Mentoring Patenschaft Qualifizierung"
).split()
FILLER = "und für mit bei der die das in zur zum Hilfe Angebot Köln kostenlos persönlich offen".split()
LANGUAGES = ["de", "en", "ar", "fa", "tr", "uk", "ru", "ro", "bg", "pl", "ku", "ti", "so", "fr", "es"]


def setup_django(database: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "true"
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
    import django

    django.setup()
    from django.conf import settings

    settings.LOGGING_CONFIG = None


def _encode(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        out = alphabet[digit] + out
    return out


def generate(count: int, seed: int = 4):
    """Providers with add_child; offers as bulk-inserted page rows plus one child row each."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from services_directory.models import (
        DirectoryIndexPage,
        OfferLanguage,
        OfferPage,
        OfferPlace,
        Place,
        ProgrammePage,
        ProviderPage,
        Term,
    )

    rng = random.Random(seed)
    directory = DirectoryIndexPage.objects.get()
    terms = {code: list(Term.objects.of(code)) for code in ("field-of-action", "target-group", "delivery", "legal-scope", "residence-status", "funding-level")}
    stadtteile = list(Term.objects.stadtteile())
    with transaction.atomic():
        providers = []
        for number in range(max(20, count // 100)):
            provider = ProviderPage(title=f"Träger {rng.choice(WORDS)} {number}", slug=f"traeger-{number}")
            directory.add_child(instance=provider)
            providers.append(provider)
        programmes = []
        for number in range(30):
            programme = ProgrammePage(
                title=f"Programm {rng.choice(WORDS)} {number}", slug=f"programm-{number}",
                funding_level=rng.choice(terms["funding-level"]), short_name=f"P{number}",
            )
            directory.add_child(instance=programme)
            programmes.append(programme)
        places = [
            Place.objects.create(
                name=f"{rng.choice(WORDS)}haus {number}", street=f"Straße {number}", postcode="50667",
                district=rng.choice(stadtteile),
                latitude=round(rng.uniform(50.87, 51.05), 6), longitude=round(rng.uniform(6.80, 7.12), 6),
            )
            for number in range(max(50, count // 40))
        ]
        content_type = ContentType.objects.get_for_model(OfferPage)
        locale = Locale.get_default()
        children: dict[int, int] = {}
        pages, specifics = [], []
        now = timezone.now()
        for number in range(count):
            provider = rng.choice(providers)
            children[provider.pk] = children.get(provider.pk, 0) + 1
            words = rng.sample(WORDS, 3)
            title = f"{words[0]} {rng.choice(FILLER)} {words[1]} {number}"
            slug = f"angebot-{number}"
            url_path = f"{provider.url_path}{slug}/"
            pages.append(
                Page(
                    title=title, title_de=title, draft_title=title, slug=slug, slug_de=slug,
                    url_path=url_path, url_path_de=url_path, path=provider.path + _encode(children[provider.pk]),
                    depth=provider.depth + 1, numchild=0, live=True, content_type=content_type, locale=locale,
                    translation_key=uuid.uuid4(), first_published_at=now, last_published_at=now,
                )
            )
            summary = " ".join(rng.choice(WORDS + FILLER) for _ in range(14))
            description = " ".join(rng.choice(WORDS + FILLER) for _ in range(60))
            specifics.append(
                dict(
                    summary=summary, summary_de=summary, description=f"<p>{description}</p>",
                    description_de=f"<p>{description}</p>",
                    cost=rng.choice(["free", "free", "free", "fee", "unknown"]), fee_description="5 €",
                    minimum_age=rng.choice([None, None, 16, 18]), maximum_age=rng.choice([None, None, 27, 65]),
                    programme=rng.choice(programmes + [None] * 60),
                    last_verified_at=(now - timezone.timedelta(days=rng.randint(0, 700))).date(),
                )
            )
        created = Page.objects.bulk_create(pages, batch_size=500)
        for provider in providers:
            Page.objects.filter(pk=provider.pk).update(numchild=children.get(provider.pk, 0))
        through = {name: getattr(OfferPage, name).through for name in ("fields_of_action", "target_groups", "delivery_forms", "legal_scopes", "residence_statuses")}
        links = {name: [] for name in through}
        offer_places, offer_languages = [], []
        fields = [field for field in OfferPage._meta.local_concrete_fields]
        offers = []
        for page, values in zip(created, specifics, strict=True):
            offers.append(OfferPage(page_ptr_id=page.pk, **values))
            if len(offers) >= 200:  # one INSERT of the child table rows per batch
                OfferPage.objects._insert(offers, fields=fields)
                offers = []
            for name, taxonomy, most in (
                ("fields_of_action", "field-of-action", 2), ("target_groups", "target-group", 2),
                ("delivery_forms", "delivery", 2), ("legal_scopes", "legal-scope", 1), ("residence_statuses", "residence-status", 2),
            ):
                for term in rng.sample(terms[taxonomy], rng.randint(0 if name in ("legal_scopes", "residence_statuses") else 1, most)):
                    links[name].append(through[name](offerpage_id=page.pk, term_id=term.pk))
            for order, place in enumerate(rng.sample(places, rng.randint(1, 2))):
                offer_places.append(OfferPlace(offer_id=page.pk, place=place, sort_order=order))
            for order, code in enumerate(rng.sample(LANGUAGES, rng.randint(1, 3))):
                offer_languages.append(OfferLanguage(offer_id=page.pk, code=code, sort_order=order))
        if offers:
            OfferPage.objects._insert(offers, fields=fields)
        for name, rows in links.items():
            through[name].objects.bulk_create(rows, batch_size=2000)
        OfferPlace.objects.bulk_create(offer_places, batch_size=2000)
        OfferLanguage.objects.bulk_create(offer_languages, batch_size=2000)


QUERIES = [
    {"q": "Beratung", "district": ["ehrenfeld", "kalk", "innenstadt"], "free": ["true"]},
    {"q": "Deutschkurs", "field_of_action": ["sprache"], "language": ["ar"]},
    {"q": "Wohnung", "target_group": ["gefluechtete"], "district": ["nippes"]},
    {"q": "Bewerbungstraining Arbeit", "field_of_action": ["arbeit"], "free": ["true"]},
]


def ours(spec):
    from search.query import SearchQuery
    from search.service import search

    filters = {key: tuple(value) for key, value in spec.items() if key != "q"}
    result = search(SearchQuery(text=spec["q"], language="de", filters=filters))
    return result.count


def wagtails(spec):
    from django.db.models import Count

    from services_directory.models import OfferPage, Term

    free = spec.get("free") == ["true"]
    queryset = OfferPage.objects.live()
    if free:
        queryset = queryset.filter(cost="free")
    results = queryset.search(spec["q"], order_by_relevance=True)
    list(results[:20])  # the first page by relevance
    results.count()
    # the whole matching set (unordered) for the filters and counts Wagtail's search cannot do
    ids = [page.pk for page in queryset.search(spec["q"], order_by_relevance=False)]
    other = {key: value for key, value in spec.items() if key not in ("q", "free")}
    narrowed = OfferPage.objects.filter(pk__in=ids)
    for key, codes in other.items():
        if key == "district":
            stadtteile = Term.objects.filter(parent__code__in=codes).values_list("code", flat=True)
            narrowed = narrowed.filter(places__place__district__code__in=[*codes, *stadtteile])
        elif key == "language":
            narrowed = narrowed.filter(languages__code__in=codes)
        else:
            relation = {"field_of_action": "fields_of_action", "target_group": "target_groups"}[key]
            narrowed = narrowed.filter(**{f"{relation}__code__in": codes})
    narrowed_ids = list(narrowed.values_list("pk", flat=True).distinct())
    list(narrowed.filter(pk__in=narrowed_ids)[:20])
    count = len(narrowed_ids)
    results.facet("cost")
    for relation in ("offers_by_field", "offers_by_target_group", "offers_by_delivery", "offers_by_legal_scope"):
        list(Term.objects.filter(**{f"{relation}__in": narrowed_ids}).annotate(n=Count("pk")).values("code", "n"))
    list(OfferPage.objects.filter(pk__in=narrowed_ids).values("places__place__district__code").annotate(n=Count("pk")))
    list(OfferPage.objects.filter(pk__in=narrowed_ids).values("languages__code").annotate(n=Count("pk")))
    return count


def measure(function, runs):
    timings = []
    for run in range(runs + 1):
        spec = QUERIES[run % len(QUERIES)]
        started = time.perf_counter()
        function(spec)
        if run:  # the first run warms caches
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=40, help="measured runs of our search (default 40)")
    parser.add_argument("--wagtail-runs", type=int, default=4, help="measured runs of Wagtail's search")
    parser.add_argument("--skip-wagtail", action="store_true")
    parser.add_argument("--database", help="SQLite file to use (default: a throwaway temporary file)")
    args = parser.parse_args()
    database = Path(args.database) if args.database else Path(tempfile.mkdtemp(prefix="kim-bench-")) / "bench.sqlite3"
    fresh = not database.exists()
    setup_django(database)

    from django.core.management import call_command
    from django.db import connection

    def step(label, function):
        started = time.perf_counter()
        print(f"{label} …", end=" ", flush=True)
        value = function()
        print(f"{time.perf_counter() - started:.1f} s", flush=True)
        return value

    if fresh:
        from portal.structure import ensure_structure
        from services_directory.vocabulary import load_taxonomies

        step("migrate", lambda: call_command("migrate", verbosity=0, interactive=False))
        step("vocabulary and page structure", lambda: (load_taxonomies(), ensure_structure()))
        step(f"generate {args.offers} offers", lambda: generate(args.offers))
        step("our index (rebuild_search_index)", lambda: call_command("rebuild_search_index", stdout=open(os.devnull, "w")))
        if not args.skip_wagtail:
            step("Wagtail's index (update_index)", lambda: call_command("update_index", stdout=open(os.devnull, "w")))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from search.backends.memory import get_index

    step("load our index into memory", get_index)
    counts = [ours(spec) for spec in QUERIES]
    print(f"offers: {args.offers}; results of the benchmark queries: {counts}")
    our_p50, our_p95 = measure(ours, args.runs)
    print(f"ours    (database backend): p50 {our_p50:8.1f} ms   p95 {our_p95:8.1f} ms   ({args.runs} runs)")
    if not args.skip_wagtail:
        wagtail_p50, wagtail_p95 = measure(wagtails, args.wagtail_runs)
        print(f"Wagtail (search + facet):   p50 {wagtail_p50:8.1f} ms   p95 {wagtail_p95:8.1f} ms   ({args.wagtail_runs} runs)")
        print(f"ratio Wagtail/ours: p50 {wagtail_p50 / our_p50:.0f}×, p95 {wagtail_p95 / our_p95:.0f}×")
    print(f"database: {database}")


if __name__ == "__main__":
    main()
