#!/usr/bin/env python
"""Search at scale: latency, cold start, memory, build time and label-edit delay of our
embedded search engine, on realistic multilingual text.

    python bench/search_bench.py --offers 2000 20000 100000            # the default engine (memory)
    python bench/search_bench.py --offers 20000 --engine sql           # the database-native engine

For each size: a throwaway SQLite database with N synthetic offers (page rows, translations and
relations inserted in bulk: no revisions, no per-page publishing). Their text is drawn from a
Zipf-distributed vocabulary of tens of thousands of made-up words per language (in each
language's script) seeded with real German words, German on every offer and each other portal
language on a realistic share of them. Then it prints:

- index build: `rebuild_search_index` (documents and, for `sql`, the lexicon, postings and facet
  rows; for `memory`, then compiling + saving the in-memory snapshot);
- p50/p95 in-process (no HTTP, no templates) of representative queries: text in several
  languages + facet filters + all ten facet counts;
- the first query in a new process (with the saved snapshot, and without it), and that
  process's memory attributable to search (resident size after warm-up and queries minus
  before the first search);
- a worker's whole warm-up in a new process (`search.service.warm`: the index, then one search
  per portal language), what gunicorn's `post_fork` waits for before the worker takes traffic;
- how long a vocabulary label edit takes until a search finds the new label.

`--wagtail` also times Wagtail's built-in `search()` + `facet()` path on the same data (slow).
"""

import argparse
import itertools
import json
import os
import random
import secrets
import statistics
import subprocess
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
# Real words per language at the top of each vocabulary, so representative queries hit real text.
SEED_WORDS = {
    "de": WORDS + "und für mit bei der die das in zur zum Hilfe Angebot Köln kostenlos persönlich offen".split(),
    "en": "counselling housing language course job application help family children health advice free".split(),
    "ar": "استشارة سكن دورة لغة عمل مساعدة عائلة أطفال صحة مجاني اللغة الألمانية".split(),
    "fa": "مشاوره مسکن کلاس زبان کار کمک خانواده کودکان سلامت رایگان".split(),
    "tr": "danışmanlık konut dil kursu iş başvuru yardım aile çocuklar sağlık ücretsiz".split(),
    "uk": "консультація житло мовний курс робота допомога сімʼя діти здоровʼя безкоштовно".split(),
    "ru": "консультация жильё языковой курс работа помощь семья дети здоровье бесплатно".split(),
    "ro": "consiliere locuință curs limbă muncă ajutor familie copii sănătate gratuit".split(),
    "bg": "консултация жилище езиков курс работа помощ семейство деца здраве безплатно".split(),
    "pl": "doradztwo mieszkanie kurs językowy praca pomoc rodzina dzieci zdrowie bezpłatny".split(),
}
# Letters (and a few letter pairs) each language's made-up words are built from.
ALPHABETS = {
    "de": "a e i o u ä ö ü b d f g h k l m n p r s t w z ch sch ei au ie ß",
    "en": "a e i o u y b c d f g h k l m n p r s t v w th sh ee oo",
    "ar": "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ع غ ف ق ك ل م ن ه و ي ة ى أ",
    "fa": "ا ب پ ت ج چ ح خ د ر ز ژ س ش ع ف ق ک گ ل م ن و ه ی",
    "tr": "a e ı i o ö u ü b c ç d f g ğ h k l m n p r s ş t v y z",
    "uk": "а е и і ї о у ю я б в г ґ д ж з к л м н п р с т ф х ц ч ш щ ь є",
    "ru": "а е ё и о у ы э ю я б в г д ж з к л м н п р с т ф х ц ч ш щ ь",
    "ro": "a ă â e i î o u b c d f g h j l m n p r s ș t ț v z",
    "bg": "а е и о у ъ ю я б в г д ж з к л м н п р с т ф х ц ч ш щ ь",
    "pl": "a ą e ę i o ó u y b c ć d f g h j k l ł m n ń p r s ś t w z ź ż",
}
# Share of offers with text in each language (German everywhere: it is the fallback).
LANGUAGE_SHARE = {"de": 1.0, "en": 0.45, "ar": 0.2, "tr": 0.15, "uk": 0.15, "ru": 0.15, "fa": 0.1, "ro": 0.08, "bg": 0.06, "pl": 0.08}
VOCABULARY_SIZE = 40_000  # distinct words per language
ZIPF_EXPONENT = 1.07
FILLER = "und für mit bei der die das in zur zum Hilfe Angebot Köln kostenlos persönlich offen".split()
LANGUAGES = ["de", "en", "ar", "fa", "tr", "uk", "ru", "ro", "bg", "pl", "ku", "ti", "so", "fr", "es"]


class Vocabulary:
    """Made-up words of one language drawn by Zipf's law (rank r with weight 1/r^s)."""

    def __init__(self, language, rng, size=VOCABULARY_SIZE):
        letters = ALPHABETS[language].split()
        words = list(dict.fromkeys(SEED_WORDS[language]))
        seen = set(words)
        while len(words) < size:
            word = "".join(rng.choice(letters) for _ in range(rng.choice((3, 4, 5, 6, 6, 7, 8, 9, 10, 12))))
            if word not in seen:
                seen.add(word)
                words.append(word)
        rng.shuffle(words[len(SEED_WORDS[language]) :])
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, size + 1)))

    def text(self, rng, count) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.cumulative, k=count))


def setup_django(database: Path, engine: str = "sql"):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["SEARCH_ENGINE"] = engine
    os.environ["DEBUG"] = "false"  # DEBUG keeps every SQL query in memory
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("PORTAL_BASE_URL", "http://localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("CACHE_URL", "locmem://")
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
        vocabularies = {language: Vocabulary(language, random.Random(f"{seed}-{language}")) for language in LANGUAGE_SHARE}
        for number in range(count):
            provider = rng.choice(providers)
            children[provider.pk] = children.get(provider.pk, 0) + 1
            words = rng.sample(WORDS, 3)
            german = vocabularies["de"]
            title = f"{words[0]} {rng.choice(FILLER)} {words[1]} {german.text(rng, 2)} {number}"
            slug = f"angebot-{number}"
            url_path = f"{provider.url_path}{slug}/"
            translated = {}  # field_xx -> text for the languages this offer is translated into
            for language, share in LANGUAGE_SHARE.items():
                if language == "de" or rng.random() >= share:
                    continue
                vocabulary = vocabularies[language]
                translated[f"title_{language}"] = vocabulary.text(rng, rng.randint(3, 7))
                translated[f"summary_{language}"] = vocabulary.text(rng, rng.randint(10, 20))
                translated[f"description_{language}"] = f"<p>{vocabulary.text(rng, rng.randint(30, 90))}</p>"
            pages.append(
                Page(
                    title=title, title_de=title, draft_title=title, slug=slug, slug_de=slug,
                    url_path=url_path, url_path_de=url_path, path=provider.path + _encode(children[provider.pk]),
                    depth=provider.depth + 1, numchild=0, live=True, content_type=content_type, locale=locale,
                    translation_key=uuid.uuid4(), first_published_at=now, last_published_at=now,
                    **{key: value for key, value in translated.items() if key.startswith("title_")},
                )
            )
            summary = f"{' '.join(rng.choice(WORDS) for _ in range(3))} {german.text(rng, rng.randint(10, 20))}"
            description = f"{' '.join(rng.choice(WORDS) for _ in range(6))} {german.text(rng, rng.randint(40, 120))}"
            specifics.append(
                dict(
                    summary=summary, summary_de=summary, description=f"<p>{description}</p>",
                    description_de=f"<p>{description}</p>",
                    cost=rng.choice(["free", "free", "free", "fee", "unknown"]), fee_description="5 €",
                    minimum_age=rng.choice([None, None, 16, 18]), maximum_age=rng.choice([None, None, 27, 65]),
                    programme=rng.choice(programmes + [None] * 60),
                    last_verified_at=(now - timezone.timedelta(days=rng.randint(0, 700))).date(),
                    **{key: value for key, value in translated.items() if not key.startswith("title_")},
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
    {"q": "Beratung", "lang": "de", "district": ["ehrenfeld", "kalk", "innenstadt"], "free": ["true"]},
    {"q": "Deutschkurs", "lang": "de", "field_of_action": ["sprache"], "language": ["ar"]},
    {"q": "Wohnung", "lang": "de", "target_group": ["gefluechtete"], "district": ["nippes"]},
    {"q": "Bewerbungstraining Arbeit", "lang": "de", "field_of_action": ["arbeit"], "free": ["true"]},
    {"q": "housing counselling", "lang": "en", "free": ["true"]},
    {"q": "سكن", "lang": "ar", "district": ["kalk"]},
    {"q": "мовний курс", "lang": "uk"},
    {"q": "konut danışmanlık", "lang": "tr", "field_of_action": ["wohnen"]},
    {"q": "Wohnugn", "lang": "de"},  # typo
    {"q": "", "lang": "ru", "field_of_action": ["arbeit"], "district": ["kalk"]},  # facets only
]


def ours(spec):
    from search.query import SearchQuery
    from search.service import search

    filters = {key: tuple(value) for key, value in spec.items() if key not in ("q", "lang")}
    result = search(SearchQuery(text=spec["q"], language=spec.get("lang", "de"), filters=filters))
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


def measure(function, runs, queries=None):
    queries = [spec for spec in (queries or QUERIES)]
    for spec in queries:  # the first run of each query fills its caches
        function(spec)
    timings = []
    for run in range(runs):
        spec = queries[run % len(queries)]
        started = time.perf_counter()
        function(spec)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95 + 0.5) - 1)]


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def probe(engine: str):
    """In a new process: the first search, then memory after warm-up and every query."""
    from django.db import connection

    from search.backends.memory import warm_up

    if engine != "memory":
        warm_up = lambda: None  # noqa: E731 - nothing to warm: the database answers
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    import gc

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    ours(QUERIES[0])
    first = time.perf_counter() - started
    warm_up()
    for spec in QUERIES:
        ours(spec)
    gc.collect()
    print(json.dumps({"first_query_s": first, "search_mb": rss_mb() - before, "rss_mb": rss_mb()}))


def probe_warm_up():
    """In a new process: what a worker does before it takes traffic (search.service.warm: load
    the index, one search per portal language)."""
    from django.db import connection

    from search.service import warm

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    print(json.dumps({"warm_up_s": warm()}))


def run_probe(database: Path, snapshot_dir: str | None, engine: str, kind: str = "--probe") -> dict:
    env = dict(os.environ)
    if snapshot_dir:
        env["SEARCH_INDEX_DIR"] = snapshot_dir
    output = subprocess.run(
        [sys.executable, __file__, kind, "--database", str(database), "--engine", engine],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def label_edit_delay(timeout=120.0) -> tuple[float, float]:
    """(seconds until a search in another thread finds a new label of a field of action,
    seconds the editor's save takes including what it does after the commit)."""
    import threading

    from django.db import connection, transaction

    from search.query import SearchQuery
    from search.service import search
    from services_directory.models import Term

    term = Term.objects.of("field-of-action").get(code="wohnen")
    expected = term.offers_by_field.count()
    word = f"Wohnraumhilfe{uuid.uuid4().hex[:6]}"
    found = {}

    def poll():
        try:
            while time.perf_counter() - started < timeout:
                result = search(SearchQuery(text=word, language="de", page_size=1))
                if result.count and result.count == expected:
                    found["seconds"] = time.perf_counter() - started
                    return
                time.sleep(0.01)
        finally:
            connection.close()

    started = time.perf_counter()
    poller = threading.Thread(target=poll)
    poller.start()
    with transaction.atomic():
        term.name_de = f"{word} und Wohnen"
        term.save()
    saved = time.perf_counter() - started
    poller.join()
    if "seconds" not in found:
        raise RuntimeError(f"the label {word!r} was not found after {timeout} s")
    return found["seconds"], saved


def bench_one(args, count: int) -> dict:
    """Everything for one size, in this process (its own database)."""
    database = Path(tempfile.mkdtemp(prefix=f"kim-bench-{count}-")) / "bench.sqlite3"
    if args.reuse:  # a database kept (--keep) by an earlier run of the same size: skip generating
        import shutil

        shutil.copyfile(args.reuse, database)
    snapshots = str(database.parent / "search-index")
    os.environ["SEARCH_INDEX_DIR"] = snapshots
    setup_django(database, args.engine)
    from django.core.management import call_command
    from django.db import connection

    from portal.structure import ensure_structure
    from search.backends import memory
    from services_directory.vocabulary import load_taxonomies

    figures: dict = {"offers": count}

    def step(label, function):
        started = time.perf_counter()
        print(f"  {label} …", end=" ", flush=True)
        value = function()
        seconds = time.perf_counter() - started
        print(f"{seconds:.1f} s", flush=True)
        return value, seconds

    with open(os.devnull, "w") as quiet:  # modeltranslation prints its column sync
        step("migrate", lambda: call_command("migrate", verbosity=0, interactive=False, stdout=quiet))
    if args.reuse:
        figures["generate_s"] = 0.0
    else:
        step("vocabulary and page structure", lambda: (load_taxonomies(), ensure_structure()))
        _value, figures["generate_s"] = step(f"generate {count} offers", lambda: generate(count))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if args.reuse and args.reuse_documents:
        figures["documents_s"] = None  # the kept database's documents, not rebuilt
    else:
        _value, figures["documents_s"] = step(
            "rebuild_search_index", lambda: call_command("rebuild_search_index", stdout=open(os.devnull, "w"))
        )
    if args.engine == "memory":
        memory.reset()
        for path in Path(snapshots).glob(f"*{memory.SNAPSHOT_SUFFIX}"):
            path.unlink()
        _value, figures["compile_s"] = step("compile and save the snapshot", memory.get_index)
        index = memory.get_index()
        figures["words"] = sum(len(base) for base in index.base.values()) + sum(
            len(lexicon.words) for lexicon in index.lexicons.values()
        )
        figures["snapshot_mb"] = sum(path.stat().st_size for path in Path(snapshots).glob(f"*{memory.SNAPSHOT_SUFFIX}")) / 2**20
    else:
        from search.models import SearchWord

        figures["compile_s"] = figures["snapshot_mb"] = 0.0
        figures["words"] = SearchWord.objects.count()
    figures["database_mb"] = database.stat().st_size / 2**20
    if args.wagtail:
        step("Wagtail's index (update_index)", lambda: call_command("update_index", stdout=open(os.devnull, "w")))
    connection.close()
    warm = run_probe(database, snapshots, args.engine)
    cold = run_probe(database, str(database.parent / "no-snapshots"), args.engine) if args.engine == "memory" else warm
    figures.update(
        first_query_s=warm["first_query_s"], first_query_unsaved_s=cold["first_query_s"],
        search_mb=warm["search_mb"], rss_mb=warm["rss_mb"],
        warm_up_s=run_probe(database, snapshots, args.engine, "--probe-warm-up")["warm_up_s"],
    )
    counts = [ours(spec) for spec in QUERIES]
    print(f"  results of the benchmark queries: {counts}")
    figures["p50_ms"], figures["p95_ms"] = measure(ours, args.runs)
    figures["label_edit_s"], figures["label_save_s"] = label_edit_delay()
    if args.wagtail:
        german = [spec for spec in QUERIES if spec["lang"] == "de" and spec["q"]]
        figures["wagtail_p50_ms"], figures["wagtail_p95_ms"] = measure(wagtails, args.wagtail_runs, german)
    print(f"  {json.dumps(figures)}", flush=True)
    if not args.keep:
        import shutil

        connection.close()
        shutil.rmtree(database.parent, ignore_errors=True)
    return figures


def table(rows: list[dict]) -> str:
    columns = [
        ("offers", "offers", "{:,}"),
        ("distinct words", "words", "{:,}"),
        ("p50 ms", "p50_ms", "{:.1f}"),
        ("p95 ms", "p95_ms", "{:.1f}"),
        ("first query, new process", "first_query_s", "{:.2f} s"),
        ("… without saved snapshot", "first_query_unsaved_s", "{:.1f} s"),
        ("worker warm-up", "warm_up_s", "{:.2f} s"),
        ("search memory / process", "search_mb", "{:.0f} MB"),
        ("snapshot file", "snapshot_mb", "{:.0f} MB"),
        ("database file", "database_mb", "{:.0f} MB"),
        ("documents build", "documents_s", "{:.1f} s"),
        ("compile + save", "compile_s", "{:.1f} s"),
        ("label edit → found", "label_edit_s", "{:.2f} s"),
        ("editor's save", "label_save_s", "{:.1f} s"),
        ("generate offers", "generate_s", "{:.1f} s"),
    ]
    lines = ["| " + " | ".join(title for title, _key, _format in columns) + " |"]
    lines.append("|" + " --- |" * len(columns))
    for row in rows:
        lines.append("| " + " | ".join("–" if row[key] is None else form.format(row[key]) for _title, key, form in columns) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, nargs="+", default=[2000, 20000, 100000])
    parser.add_argument("--runs", type=int, default=100, help="measured runs of our search (default 100)")
    parser.add_argument("--wagtail", action="store_true", help="also time Wagtail's search (slow)")
    parser.add_argument("--wagtail-runs", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--engine", choices=["sql", "memory"], default="memory", help="embedded engine (default memory)")
    parser.add_argument("--reuse", help="start from a copy of this kept bench database (one size only)")
    parser.add_argument(
        "--reuse-documents", action="store_true", help="with --reuse: keep its search documents (no rebuild_search_index)"
    )
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe-warm-up", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe or args.probe_warm_up:
        setup_django(Path(args.database), args.engine)
        probe(args.engine) if args.probe else probe_warm_up()
        return
    if args.single:
        print(json.dumps(bench_one(args, args.offers[0])))
        return
    rows = []
    for count in args.offers:  # each size in its own process: its own database and settings
        print(f"{count} offers:", flush=True)
        command = [sys.executable, __file__, "--single", "--offers", str(count), "--runs", str(args.runs), "--engine", args.engine]
        command += ["--reuse", args.reuse] if args.reuse else []
        command += ["--reuse-documents"] if args.reuse_documents else []
        command += ["--wagtail", "--wagtail-runs", str(args.wagtail_runs)] if args.wagtail else []
        command += ["--keep"] if args.keep else []
        process = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
        lines = process.stdout.strip().splitlines()
        print("\n".join(lines[:-1]), flush=True)
        rows.append(json.loads(lines[-1]))
    print()
    print(table(rows))
    if args.wagtail:
        for row in rows:
            print(f"{row['offers']} offers, Wagtail search + facet: p50 {row['wagtail_p50_ms']:.0f} ms, p95 {row['wagtail_p95_ms']:.0f} ms")


if __name__ == "__main__":
    main()
