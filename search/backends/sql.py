"""The database-native search engine: SQLite or PostgreSQL answer every query themselves.

Why (issue 11, measured in bench/search_bench.py and README "Search"): the in-process index
(search.backends.memory) cost 155 MB and a 2 s first query per process at 20,000 offers; here
nothing lives in a process but small caches of the vocabulary labels and synonyms, so every
worker answers from the first request, shares one transactional index and sees a commit at once.

The index is plain tables (search.index_rows, written by search.store): a lexicon of distinct
words per language (stem column; a trigram index for compounds: SQLite FTS5 `trigram`,
PostgreSQL `pg_trgm`), postings (word, offer, field), a narrow (offer, facet, code) table and
per-offer columns on `SearchDocument`. A query word is expanded in Python against the lexicon
(exact, stem, compound, synonym, typo) exactly as before; then ONE statement scores the offers,
applies eligibility and the facet selection, counts every facet disjunctively and returns the
requested page, so count, facets and hits always come from one committed state.

Ranking: each matched query word earns 100 points plus its best field weight times the match
quality; offers matching more of the query's words come first, then higher scores; offers not
verified for a year lose points; in a reader language other than German an offer written in
that language wins a tie.
"""

import datetime
import math
import threading
from collections import OrderedDict

from django.db import connection
from django.utils import timezone
from rapidfuzz import process
from rapidfuzz.distance import Indel

from search import facets as facet_labels
from search import index_rows, store, text
from search.backends.database import highlight, page_documents
from search.backends.memory import Lexicon, languages_for
from search.backends.stored import StoredDocumentsBackend
from search.documents import (
    hit_from_document,
    term_labels,
)
from search.index_rows import FIELD_WEIGHTS, RESIDENCE
from search.models import SearchSynonym
from search.query import FACETS, SearchQuery, SearchResult
from services_directory.models import Term

Q_EXACT, Q_STEM, Q_PREFIX, Q_INFIX, Q_SYNONYM, Q_TYPO = 1.0, 0.9, 0.75, 0.6, 0.8, 0.5
MATCH_POINTS = 100
LABEL_WEIGHTS = {"facet": 50, "residence": 40}
STALE_PENALTY = 40
STALE_AFTER_DAYS = 365
MAX_EXPANSIONS = 300
ATTEMPTS = 5
CACHE_SIZE = 4000


class _Cache:
    """Small per-process caches, all keyed by the index state they were computed from, so a
    commit anywhere makes every process recompute on its next search (no invalidation)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.labels = (None, None)  # (vocabulary_version, Labels)
        self.synonyms = (None, {})
        self.held = (None, {})  # ((generation, seq), facet -> {code: label})
        self.expansions: OrderedDict = OrderedDict()

    def expansion(self, key, compute):
        with self.lock:
            if key in self.expansions:
                self.expansions.move_to_end(key)
                return self.expansions[key]
        value = compute()
        with self.lock:
            self.expansions[key] = value
            while len(self.expansions) > CACHE_SIZE:
                self.expansions.popitem(last=False)
        return value


_cache = _Cache()


def reset():
    """Forget the per-process caches (tests)."""
    global _cache
    _cache = _Cache()


class Labels:
    """Vocabulary labels of every language as words pointing at (facet, code) keys: "السكن"
    finds the offers tagged with housing although no offer text is Arabic."""

    def __init__(self):
        taxonomy_facet = {taxonomy: facet for facet, taxonomy in FACETS.items() if taxonomy}
        self.words: dict[str, dict[str, set]] = {}  # language -> word -> {(kind, facet, code)}
        self.lexicons: dict[str, Lexicon] = {}
        for term in Term.objects.select_related("taxonomy"):
            taxonomy = term.taxonomy.code
            if taxonomy == "residence-status":
                key = ("residence", RESIDENCE, term.code)
            elif taxonomy in taxonomy_facet:
                key = ("facet", taxonomy_facet[taxonomy], term.code)
            else:
                continue
            for language, label in term_labels(term).items():
                lexicon = self.lexicons.setdefault(language, Lexicon(language))
                for word in text.tokens(label):
                    lexicon.add(word)
                    self.words.setdefault(language, {}).setdefault(word, set()).add(key)
        for lexicon in self.lexicons.values():
            lexicon.derived()

    def lexicon(self, language) -> Lexicon:
        return self.lexicons.get(language) or Lexicon(language)


def labels(state) -> Labels:
    version, cached = _cache.labels
    if version != state[3] or cached is None:
        cached = Labels()
        _cache.labels = (state[3], cached)
    return cached


def synonyms(state) -> dict[str, list[str]]:
    """word (and its stem in every stemmed language) -> the other words of its groups."""
    version, cached = _cache.synonyms
    if version != state[2]:
        groups: dict[str, list[str]] = {}
        for synonym in SearchSynonym.objects.all():
            words = [" ".join(text.tokens(word)) for word in synonym.words()]
            words = [word for word in words if word and " " not in word]
            for word in words:
                for key in {word} | {text.stem(word, language) for language in text.STEMMER_NAMES}:
                    others = groups.setdefault(key, [])
                    others.extend(other for other in words if other != word and other not in others)
        cached = groups
        _cache.synonyms = (state[2], cached)
    return cached


# -- the lexicon in the database ---------------------------------------------------------------


def _fetch(sql, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class WordTable:
    """The lexicon of one language in `kim_search_word` (the same questions as memory.Lexicon)."""

    def __init__(self, language):
        self.language = language

    def known(self, words) -> set[str]:
        words = sorted(set(words))
        if not words:
            return set()
        marks = ", ".join(["%s"] * len(words))
        rows = _fetch(f"SELECT word FROM kim_search_word WHERE language = %s AND word IN ({marks})", [self.language, *words])
        return {row[0] for row in rows}

    def stem_words(self, stem: str) -> list[str]:
        return [row[0] for row in _fetch("SELECT word FROM kim_search_word WHERE language = %s AND stem = %s", [self.language, stem])]

    def matching(self, pattern: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        """Words matching a LIKE pattern ("%beratung%", "borg%") through the trigram index."""
        if connection.vendor == "sqlite":
            # The FTS5 trigram look-up first (sub-millisecond), then the language: a join let
            # SQLite probe the virtual table once per word of the language (seconds).
            sql = (
                "SELECT word FROM kim_search_word WHERE id IN "
                "(SELECT rowid FROM kim_search_word_trigram WHERE word LIKE %s) AND language = %s LIMIT %s"
            )
            return [row[0] for row in _fetch(sql, [pattern, self.language, limit])]
        sql = "SELECT word FROM kim_search_word WHERE word LIKE %s AND language = %s LIMIT %s"
        return [row[0] for row in _fetch(sql, [pattern, self.language, limit])]

    def containing(self, fragment: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        if "%" in fragment or "_" in fragment:
            return []
        return self.matching(f"%{fragment}%", limit)

    def starting(self, prefix: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        if "%" in prefix or "_" in prefix or len(prefix) < 3:
            return []
        return self.matching(f"{prefix}%", limit)

    def of_length(self, low: int, high: int) -> list[str]:
        sql = "SELECT word FROM kim_search_word WHERE language = %s AND length BETWEEN %s AND %s"
        return [row[0] for row in _fetch(sql, [self.language, low, high])]


def _nearest(word: str, candidates) -> set[str]:
    """The candidates closest to `word` (insert/delete distance at most 2, lengths within one):
    only those at the smallest distance, so a typo never reaches a word farther away than
    another real word ("ألمانية" must not become "الرومانية")."""
    candidates = [known for known in candidates if abs(len(known) - len(word)) <= 1 and known != word]
    found = process.extract(word, candidates, scorer=Indel.distance, score_cutoff=2, limit=None)
    if not found:
        return set()
    best = min(distance for _known, distance, _position in found)
    return {known for known, distance, _position in found if distance == best}


def similar(word: str, language: str, state) -> set[str]:
    """Real words (offer text or vocabulary labels) a misspelt word most likely means."""
    table = WordTable(language)
    candidates = table.of_length(len(word) - 1, len(word) + 1)
    candidates += [known for known in labels(state).lexicon(language).words if abs(len(known) - len(word)) <= 1]
    return _nearest(word, candidates)


def expand(word: str, language: str, state, allow_typos: bool = True, query_language: str = "") -> dict[str, float]:
    """The words of one language a query word stands for, each with a match quality: exact,
    same stem, compounds containing it, synonyms, and (only when nothing else matches, the word
    being no real word) the nearest real words."""
    query_language = query_language or language
    key = ("expand", state, word, language, allow_typos, query_language)

    def compute():
        table = WordTable(language)
        label_lexicon = labels(state).lexicon(language)
        found: dict[str, float] = {}

        def put(candidate, quality):
            if found.get(candidate, 0) < quality:
                found[candidate] = quality

        def literal(term, factor):
            stem = text.stem(term, language)
            for candidate in table.known([term]) | ({term} & label_lexicon.words):
                put(candidate, Q_EXACT * factor)
            for candidate in [*table.stem_words(stem), *label_lexicon.stem_words(stem)]:
                put(candidate, Q_STEM * factor)
            if len(term) >= 4:
                # The whole word inside a compound ("beratung" in "jobberatung"); its stem only
                # at a word's start: a stem inside another word is mostly another word.
                for candidate in [*table.containing(term), *label_lexicon.containing(term, MAX_EXPANSIONS)]:
                    put(candidate, (Q_PREFIX if candidate.startswith(term) else Q_INFIX) * factor)
                if len(stem) >= 4 and stem != term:
                    for candidate in [*table.starting(stem), *label_lexicon.containing(stem, MAX_EXPANSIONS)]:
                        if candidate.startswith(stem):
                            put(candidate, Q_PREFIX * factor)

        literal(word, 1.0)
        groups = synonyms(state)
        for synonym in (
            groups.get(word) or groups.get(text.stem(word, query_language)) or groups.get(text.stem(word, "de")) or ()
        ):
            literal(synonym, Q_SYNONYM)
        if not found and allow_typos and len(word) >= 5:
            for candidate in similar(word, language, state):
                literal(candidate, Q_TYPO)
            # An unknown inflection in a language without a stemmer ("борги" for "боргів").
            for cut in range(len(word) - 2, max(4, len(word) - 5), -1):
                if found:
                    break
                for candidate in [*table.starting(word[:cut]), *label_lexicon.containing(word[:cut], MAX_EXPANSIONS)]:
                    if candidate.startswith(word[:cut]):
                        put(candidate, Q_TYPO)
        return found

    return _cache.expansion(key, compute)


def _word_ids(language: str, words) -> dict[str, int]:
    found = index_rows.word_ids({(language, word) for word in words}, create=False)
    return {word: word_id for (_language, word), word_id in found.items()}


class _Plan:
    """What the query words match: posting candidates and label keys per query word."""

    def __init__(self):
        self.postings: list[tuple[int, int, float]] = []  # (query word, word id, quality)
        self.labels: list[tuple[int, str, str, float]] = []  # (query word, facet, code, points)
        self.matched: set[str] = set()  # folded words to highlight
        self.words = 0  # query words that match anything


def plan(words: list[str], languages: list[str], state) -> _Plan:
    result = _Plan()
    label_words = labels(state).words
    for position, word in enumerate(words):
        matches = False
        for language in languages:
            found = expand(word, language, state, query_language=languages[0])
            if not found:
                continue
            ids = _word_ids(language, found)
            for candidate, word_id in ids.items():
                result.postings.append((position, word_id, found[candidate]))
                matches = True
            best: dict[tuple[str, str], float] = {}
            for candidate, quality in found.items():
                for kind, facet, code in label_words.get(language, {}).get(candidate, ()):
                    points = LABEL_WEIGHTS[kind] * quality
                    if best.get((facet, code), 0) < points:
                        best[(facet, code)] = points
            for (facet, code), points in best.items():
                result.labels.append((position, facet, code, points))
                matches = True
            result.matched |= set(found)
        result.words += matches
    return result


# -- the one statement ---------------------------------------------------------------------------


def _values(rows: list[tuple], casts: tuple[str, ...]) -> tuple[str, list]:
    row = "(" + ", ".join(f"CAST(%s AS {cast})" for cast in casts) + ")"
    return ", ".join([row] * len(rows)), [value for item in rows for value in item]


def _field_points() -> str:
    cases = " ".join(f"WHEN {field} THEN {weight}" for field, weight in FIELD_WEIGHTS.items())
    return f"CASE p.field {cases} ELSE 0 END"


def district_centre(code: str):
    """The mean of the known place coordinates in a Stadtteil (or a Stadtbezirk's Stadtteile)."""
    codes = [code, *Term.objects.of("district").filter(parent__code=code).values_list("code", flat=True)]
    marks = ", ".join(["%s"] * len(codes))
    rows = _fetch(
        "SELECT AVG(latitude), AVG(longitude) FROM (SELECT DISTINCT place_id, latitude, longitude "
        f"FROM kim_search_point WHERE district IN ({marks})) places",
        codes,
    )
    if not rows or rows[0][0] is None:
        parent = Term.objects.of("district").filter(code=code).values_list("parent__code", flat=True).first()
        return district_centre(parent) if parent else None
    return rows[0]


def build_statement(query: SearchQuery, text_plan: _Plan | None, today: datetime.date):
    """(sql, params) of the statement that answers a query: rows ("c", total, all words),
    ("f", facet, code, count) and ("p", offer id, score, position)."""
    params: list = []
    ctes: list[str] = []
    if text_plan is not None:
        parts = []
        if text_plan.postings:
            values, values_params = _values(text_plan.postings, ("integer", "integer", "double precision"))
            ctes.append(f"cand(q, word_id, quality) AS (VALUES {values})")
            params += values_params
            parts.append(
                f"SELECT p.offer_id, c.q, MAX(c.quality * {_field_points()}) AS pts "
                "FROM kim_search_posting p JOIN cand c ON c.word_id = p.word_id GROUP BY p.offer_id, c.q"
            )
        if text_plan.labels:
            values, values_params = _values(text_plan.labels, ("integer", "varchar(40)", "varchar(100)", "double precision"))
            ctes.append(f"lab(q, facet, code, points) AS (VALUES {values})")
            params += values_params
            parts.append(
                "SELECT f.offer_id, l.q, MAX(l.points) AS pts FROM kim_search_facet f "
                "JOIN lab l ON l.facet = f.facet AND l.code = f.code GROUP BY f.offer_id, l.q"
            )
        if not parts:
            parts.append("SELECT offer_id, 0 AS q, 0.0 AS pts FROM kim_search_searchdocument WHERE 1 = 0")
        ctes.append(f"m(offer_id, q, pts) AS ({' UNION ALL '.join(parts)})")
        ctes.append(
            "t(offer_id, score, nwords) AS (SELECT offer_id, SUM(best), COUNT(*) FROM "
            f"(SELECT offer_id, q, {MATCH_POINTS} + ROUND(MAX(pts)) AS best FROM m GROUP BY offer_id, q) x "
            "GROUP BY offer_id)"
        )
    conditions = ["d.live = %s"]
    params_e: list = [True]
    if query.age is not None:
        conditions.append("(d.min_age IS NULL OR d.min_age <= %s) AND (d.max_age IS NULL OR d.max_age >= %s)")
        params_e += [query.age, query.age]
    if query.residence_status:
        marks = ", ".join(["%s"] * len(query.residence_status))
        conditions.append(
            "(d.residence_open = %s OR EXISTS (SELECT 1 FROM kim_search_facet r WHERE r.offer_id = d.offer_id "
            f"AND r.facet = %s AND r.code IN ({marks})))"
        )
        params_e += [True, RESIDENCE, *query.residence_status]
    stale_limit = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    stale = "(d.verified_on IS NULL OR d.verified_on < %s)"
    if text_plan is not None:
        select = f"d.offer_id, d.sort_title, d.verified_on, t.score - CASE WHEN {stale} THEN {STALE_PENALTY} ELSE 0 END AS score, t.nwords"
        source = "t JOIN kim_search_searchdocument d ON d.offer_id = t.offer_id"
        params_h = [stale_limit]
    else:
        select = "d.offer_id, d.sort_title, d.verified_on, 0 AS score, 0 AS nwords"
        source = "kim_search_searchdocument d"
        params_h = []
    selected = [(facet, codes) for facet, codes in query.filters.items() if codes]
    flags = []
    for position, (facet, codes) in enumerate(selected):
        marks = ", ".join(["%s"] * len(codes))
        flags.append(
            f"CASE WHEN EXISTS (SELECT 1 FROM kim_search_facet s WHERE s.offer_id = d.offer_id AND s.facet = %s "
            f"AND s.code IN ({marks})) THEN 1 ELSE 0 END AS s{position}"
        )
        params_h += [facet, *codes]
    ctes.append(
        f"hs AS MATERIALIZED (SELECT {', '.join([select, *flags])} FROM {source} WHERE {' AND '.join(conditions)})"
    )
    params += params_h + params_e

    def all_but(skip=None) -> str:
        terms = [f"s{position} = 1" for position in range(len(selected)) if position != skip]
        return " AND ".join(terms) or "1 = 1"

    everything = all_but()
    # Facet counts: each facet ignores its own selection (values within a facet combine with OR).
    if selected:
        whens = " ".join(f"WHEN %s THEN {all_but(position)}" for position in range(len(selected)))
        facet_filter = f"CASE f.facet {whens} ELSE {everything} END"
        facet_params = [facet for facet, _codes in selected]
    else:
        facet_filter, facet_params = "1 = 1", []
    facet_names = list(FACETS)
    facet_sql = (
        f"SELECT 'f' AS kind, f.facet AS facet, f.code AS code, COUNT(*) FILTER (WHERE {facet_filter}) AS n, "
        "0.0 AS score, 0 AS pos FROM kim_search_facet f JOIN hs ON hs.offer_id = f.offer_id "
        f"WHERE f.facet IN ({', '.join(['%s'] * len(facet_names))}) GROUP BY f.facet, f.code"
    )
    all_words = text_plan.words if text_plan is not None else 0
    count_sql = (
        f"SELECT 'c', NULL, NULL, COUNT(*) FILTER (WHERE {everything}), 0.0, "
        f"COUNT(*) FILTER (WHERE {everything} AND nwords >= %s) FROM hs"
    )
    order, order_params = _order(query, text_plan is not None)
    start = (query.page - 1) * query.page_size
    page_sql = (
        f"SELECT 'p', NULL, NULL, offer_id, score, pos FROM (SELECT hs.offer_id, hs.score, "
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS pos FROM hs WHERE {everything}) ranked "
        "WHERE pos > %s AND pos <= %s"
    )
    sql = (
        f"WITH {', '.join(ctes)} {facet_sql} UNION ALL {count_sql} UNION ALL {page_sql}"
    )
    params += facet_params + facet_names + [all_words] + order_params + [start, start + query.page_size]
    return sql, params


def _order(query: SearchQuery, has_text: bool) -> tuple[str, list]:
    sort = query.sort
    if sort == "relevance" and not has_text:
        sort = "name"
    name = "hs.sort_title, hs.offer_id"
    if sort == "relevance":
        own, params = "", []
        if query.language != "de":  # an offer written in the reader's language wins a tie
            own = (
                "CASE WHEN EXISTS (SELECT 1 FROM kim_search_facet o WHERE o.offer_id = hs.offer_id "
                "AND o.facet = 'translated' AND o.code = %s) THEN 0 ELSE 1 END, "
            )
            params = [query.language]
        return f"hs.nwords DESC, hs.score DESC, {own}{name}", params
    if sort == "verified":
        return f"CASE WHEN hs.verified_on IS NULL THEN 1 ELSE 0 END, hs.verified_on DESC, {name}", []
    if sort == "distance" and query.near:
        centre = district_centre(query.near)
        if centre is not None:
            lat, lon = centre
            scale = math.cos(math.radians(lat))
            nearest = (
                "(SELECT MIN((pt.latitude - %s) * (pt.latitude - %s) + (pt.longitude - %s) * (pt.longitude - %s) * %s) "
                "FROM kim_search_point pt WHERE pt.offer_id = hs.offer_id)"
            )
            return (
                f"CASE WHEN {nearest} IS NULL THEN 1 ELSE 0 END, {nearest}, {name}",
                [lat, lat, lon, lon, scale * scale] * 2,
            )
    return name, []


def held_codes(state) -> dict[str, dict[str, str]]:
    """facet -> {code: label} of every code the index holds (options shown with 0 results)."""
    key = (state[0], state[1])
    cached_key, cached = _cache.held
    if cached_key != key:
        cached = {}
        facet_names = list(FACETS)
        marks = ", ".join(["%s"] * len(facet_names))
        rows = _fetch(
            f"SELECT facet, code, MAX(label) FROM kim_search_facet WHERE facet IN ({marks}) GROUP BY facet, code",
            facet_names,
        )
        for facet, code, label in rows:
            cached.setdefault(facet, {})[code] = label or ""
        _cache.held = (key, cached)
    return cached


class SqlBackend(StoredDocumentsBackend):
    """The embedded search without an in-process index (see the module docstring)."""

    name = "database"
    write_rows = True

    def search(self, query: SearchQuery) -> SearchResult:
        for _attempt in range(ATTEMPTS - 1):
            result = self._search(query, strict=True)
            if result is not None:
                return result
        return self._search(query, strict=False)

    def _search(self, query: SearchQuery, strict: bool) -> SearchResult | None:
        state = store.current_state()
        languages = languages_for(query.language)
        words = text.query_terms(query.text, query.language)
        text_plan = plan(words, languages, state) if words else None
        sql, params = build_statement(query, text_plan, timezone.localdate())
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        page: list[tuple[int, float, int]] = []
        total = all_words = 0
        for kind, facet, code, number, score, position in _fetch(sql, params):
            if kind == "f":
                counts.setdefault(facet, {})[code] = number
            elif kind == "c":
                total, all_words = number, position
            else:
                page.append((position, int(number), float(score)))
        page.sort()
        held = held_codes(state)
        names = {}
        for facet in ("provider", "programme"):
            for code, label in held.get(facet, {}).items():
                names[(facet, code)] = label
        for facet, codes in held.items():
            for code in codes:
                counts.setdefault(facet, {}).setdefault(code, 0)
        offer_ids = [offer_id for _position, offer_id, _score in page]
        documents = page_documents(offer_ids, query.language, state[1] if strict else None)
        if documents is None:
            return None
        matched = text_plan.matched if text_plan else set()
        hits = [
            hit_from_document(documents[offer_id], query.language, score, highlight(documents[offer_id], query.language, matched))
            for _position, offer_id, score in page
            if offer_id in documents
        ]
        return SearchResult(
            query=query,
            count=total,
            hits=hits,
            facets=facet_labels.build_options(query, counts, names, cache_key=state),
            suggestions=self._suggestions(words, languages, state) if words and not total else [],
            backend=self.name,
            all_words_total=all_words if words else None,
        )

    def _suggestions(self, words, languages, state) -> list[str]:
        changed, corrected = False, []
        for word in words:
            best = word
            if not any(expand(word, language, state, allow_typos=False) for language in languages):
                nearest = self.nearest_words(word, languages, state)
                if nearest:
                    best, changed = nearest[0], True
            corrected.append(best)
        return [" ".join(corrected)] if changed else []

    def nearest_words(self, word: str, languages: list[str], state=None, limit: int = 5) -> list[str]:
        """Real words of the index (offer text and vocabulary labels) nearest to a folded word
        that matches nothing, most frequent first: for "did you mean" and zero-result help."""
        state = state or store.current_state()
        candidates: dict[str, int] = {}
        for language in languages:
            found = similar(word, language, state)
            ids = _word_ids(language, found)
            frequency = {}
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                rows = _fetch(
                    f"SELECT word_id, COUNT(DISTINCT offer_id) FROM kim_search_posting WHERE word_id IN ({marks}) GROUP BY word_id",
                    list(ids.values()),
                )
                by_id = dict(rows)
                frequency = {candidate: by_id.get(word_id, 0) for candidate, word_id in ids.items()}
            for candidate in found:
                candidates[candidate] = max(candidates.get(candidate, 0), frequency.get(candidate, 0))
        return [word for word, _count in sorted(candidates.items(), key=lambda item: (-item[1], item[0]))][:limit]

    def after_rebuild(self) -> None:
        reset()
