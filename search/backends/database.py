"""The embedded search backend: SQLite or PostgreSQL, no search server.

Documents live in `SearchDocument` (search.store); queries run on an immutable in-memory
snapshot compiled from them (search.backends.memory).

Why in-process rather than FTS5/tsvector (decided on issue 11 after measuring, see README
"Search"): the matching rules the contract suite and the judged relevance set rely on
(compounds by substring, stems per reader language, typo and inflection fallbacks, synonyms,
label and place phrases, per-field quality levels) live in this module once and behave the same
on SQLite and PostgreSQL; porting them to two SQL dialects would have to re-earn recall 0.95
twice. What made the old index unfit for production was its upkeep, not its answers: it is now
an immutable snapshot swapped atomically (thread-safe), without the typo deletion index
(memory), saved to disk so a new process loads it instead of compiling (cold start), stemmed
with PyStemmer, and warmed before a worker takes traffic (`memory.warm_up`).

Ranking: every query word that matches adds 100 points plus its
field weight times the match quality, so offers matching more words come first, then title
matches before label, summary and description matches; offers not verified for a year lose
points.
"""

import heapq
import html
import math
import re
from collections import defaultdict

from django.db import connection
from django.db.models.fields.json import KeyTransform
from rapidfuzz.distance import Indel

from search import facets as facet_labels
from search import text
from search.backends.memory import (
    FIELD_DESCRIPTION,
    FIELD_SUMMARY,
    FIELD_TITLE,
    get_index,
    languages_for,
    reset,
    slots_of,
    warm_up,
)
from search.backends.stored import StoredDocumentsBackend
from search.documents import hit_from_document, localized
from search.models import SearchDocument
from search.query import SearchQuery, SearchResult

FIELD_WEIGHTS = {FIELD_TITLE: 80, FIELD_SUMMARY: 30, FIELD_DESCRIPTION: 10}
PHRASE_WEIGHTS = {"facet": 50, "residence": 40, "place": 30}
NAME_FACETS = {"provider", "programme"}
NAME_WEIGHT = 40
MATCH_POINTS = 100
STALE_PENALTY = 40
Q_EXACT, Q_STEM, Q_PREFIX, Q_INFIX, Q_SYNONYM, Q_TYPO = 1.0, 0.9, 0.75, 0.6, 0.8, 0.5
MAX_EXPANSIONS = 300


def expand(index, word: str, language: str, allow_typos: bool = True, query_language: str = "") -> dict[str, float]:
    """Index words a query word stands for in one language, each with a match quality."""
    query_language = query_language or language

    def compute():
        lexicon = index.lexicon(language)
        found: dict[str, float] = {}

        def put(candidate, quality):
            if found.get(candidate, 0) < quality:
                found[candidate] = quality

        def literal(term, factor):
            if term in lexicon:
                put(term, Q_EXACT * factor)
            stem = text.stem(term, language)
            for candidate in lexicon.stem_words(stem):
                put(candidate, Q_STEM * factor)
            if len(term) >= 4:
                # The whole word inside a compound ("beratung" in "jobberatung"); its stem only
                # at a word's start: a stem inside another word is mostly another word
                # ("ألمانية" must not find "الرومانية").
                for fragment in {term, stem} if len(stem) >= 4 else {term}:
                    for candidate in lexicon.containing(fragment, MAX_EXPANSIONS):
                        if candidate.startswith(fragment):
                            put(candidate, Q_PREFIX * factor)
                        elif fragment == term:
                            put(candidate, Q_INFIX * factor)

        literal(word, 1.0)
        synonyms = (
            index.synonyms.get(word)
            or index.synonyms.get(text.stem(word, query_language))
            or index.synonyms.get(text.stem(word, "de"))
            or ()
        )
        for synonym in synonyms:
            literal(synonym, Q_SYNONYM)
        if not found and allow_typos and len(word) >= 5:
            for candidate in nearest(word, lexicon.similar(word)):
                literal(candidate, Q_TYPO)
            # An unknown inflection in a language without a stemmer ("борги" for "боргів").
            for cut in range(len(word) - 2, max(4, len(word) - 5), -1):
                if found:
                    break
                for candidate in lexicon.containing(word[:cut], MAX_EXPANSIONS):
                    if candidate.startswith(word[:cut]):
                        put(candidate, Q_TYPO)
        return found

    return index.cached(("expand", word, language, allow_typos, query_language), compute)


def nearest(word: str, candidates) -> set[str]:
    """Of a misspelt word's candidate real words, only the closest: a typo never reaches a word
    farther away than another real word."""
    distances = {candidate: Indel.distance(word, candidate) for candidate in candidates}
    best = min(distances.values(), default=None)
    return {candidate for candidate, distance in distances.items() if distance == best}


def _term_levels(index, word: str, languages: list[str]) -> tuple[list[tuple[int, int]], set[str]]:
    """For one query word: [(points, bitset)] with each offer in the best-scoring set only."""
    pieces: dict[int, int] = defaultdict(int)
    matched_words: set[str] = set()
    expansions = {language: expand(index, word, language, query_language=languages[0]) for language in languages}
    if not any(expansions.values()):
        return [], matched_words
    for language, found in expansions.items():
        phrase_words = index.phrase_words.get(language, {})
        for candidate, quality in found.items():
            matched_words.add(candidate)
            field_bits = index.field_bits(language, candidate)
            for field, bits in enumerate(field_bits):
                if bits:
                    pieces[round(FIELD_WEIGHTS[field] * quality)] |= bits
            for key in phrase_words.get(candidate, ()):
                kind, value = key
                weight = NAME_WEIGHT if kind == "facet" and value[0] in NAME_FACETS else PHRASE_WEIGHTS[kind]
                bits = index.phrase_bits(key)
                if bits:
                    pieces[round(weight * quality)] |= bits
    levels, covered = [], 0
    for points in sorted(pieces, reverse=True):
        new = pieces[points] & ~covered
        if new:
            levels.append((MATCH_POINTS + points, new))
            covered |= new
    return levels, matched_words


def _score_groups(index, words, languages, universe) -> tuple[dict[int, int], set[str], int]:
    """score -> offers, the matched index words, and how many query words matched anything.
    A score is MATCH_POINTS per matched word plus less than that for its field, so
    `score // MATCH_POINTS` is the number of query words an offer matches."""
    groups = {0: universe}
    matched_words: set[str] = set()
    matching = 0
    for word in words:
        levels, found = _term_levels(index, word, languages)
        matched_words |= found
        if not levels:
            continue
        matching += 1
        new_groups: dict[int, int] = defaultdict(int)
        for score, bits in groups.items():
            rest = bits
            for points, level_bits in levels:
                both = bits & level_bits
                if both:
                    new_groups[score + points] |= both
                    rest &= ~level_bits
            if rest:
                new_groups[score] |= rest
        groups = new_groups
    groups.pop(0, None)
    return groups, matched_words, matching


def _selection(index, query: SearchQuery) -> dict[str, int]:
    selected = {}
    for facet, codes in query.filters.items():
        if codes:
            bits = 0
            for code in codes:
                bits |= index.facet_bits.get((facet, code), 0)
            selected[facet] = bits
    return selected


def _eligible(index, query: SearchQuery) -> int:
    bits = index.alive
    if query.age is not None:
        bits &= index.age_bits(query.age)
    if query.residence_status:
        allowed = index.residence_open
        for code in query.residence_status:
            allowed |= index.residence_bits.get(code, 0)
        bits &= allowed
    return bits


def _distance(a, b) -> float:
    lat = math.radians((a[0] + b[0]) / 2)
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * math.cos(lat))


def _order(index, query: SearchQuery, groups: dict[int, int], matches: int, has_text: bool) -> list[tuple[int, float]]:
    """(slot, score) for the requested page."""
    start = (query.page - 1) * query.page_size
    end = start + query.page_size
    rank = index.name_rank()
    sort = query.sort
    if sort == "relevance" and not has_text:
        sort = "name"
    if sort == "relevance":
        # More matched words first, then points (stale offers lose some), then offers written in
        # the reader's language (when it is not German), then the name.
        stale = index.stale_bits()
        scored: dict[tuple[int, int], int] = defaultdict(int)
        for score, bits in groups.items():
            if bits & stale:
                scored[(score // MATCH_POINTS, score - STALE_PENALTY)] |= bits & stale
            if bits & ~stale:
                scored[(score // MATCH_POINTS, score)] |= bits & ~stale
        own = index.facet_bits.get(("translated", query.language), 0) if query.language != "de" else 0
        page, seen = [], 0
        for key in sorted(scored, reverse=True):
            bits, score = scored[key], key[1]
            size = bits.bit_count()
            if seen + size <= start:
                seen += size
                continue
            ordered = sorted(slots_of(bits), key=lambda slot: (not own >> slot & 1, rank[slot]))
            for slot in ordered:
                if start <= seen < end:
                    page.append((slot, float(score)))
                seen += 1
            if seen >= end:
                break
        return page
    slots = slots_of(matches)
    if sort == "verified":
        key = lambda slot: (-index.verified[slot], rank[slot])  # noqa: E731
    elif sort == "distance":
        centre = index.district_centre(query.near) if query.near else None
        if centre is None:
            key = rank.__getitem__
        else:
            def key(slot):
                points = index.coordinates[slot]
                nearest = min((_distance(centre, point) for point in points), default=math.inf)
                return (nearest, rank[slot])
    else:
        key = rank.__getitem__
    return [(slot, 0.0) for slot in heapq.nsmallest(end, slots, key=key)[start:end]]


_WORD = re.compile(r"\w+", re.UNICODE)


def highlight(document: dict, language: str, matched: set[str], width: int = 180) -> str:
    """An HTML-escaped snippet of the summary or description with matched words in <mark>."""
    if not matched:
        return ""
    for field in ("summary", "description"):
        value = localized(document.get(field) or {}, language)
        hits = [m for m in _WORD.finditer(value) if text.fold(m.group()) in matched]
        if not hits:
            continue
        first = hits[0].start()
        begin = max(0, first - width // 3)
        if begin:
            space = value.rfind(" ", 0, begin)
            begin = space + 1 if space != -1 else begin
        finish = min(len(value), begin + width)
        parts, cursor = [], begin
        for match in hits:
            if match.start() < begin or match.end() > finish:
                continue
            parts.append(html.escape(value[cursor : match.start()]))
            parts.append(f"<mark>{html.escape(match.group())}</mark>")
            cursor = match.end()
        parts.append(html.escape(value[cursor:finish]))
        return ("… " if begin else "") + "".join(parts) + (" …" if finish < len(value) else "")
    return ""


def _suggestions(index, words: list[str], languages: list[str]) -> list[str]:
    changed, corrected = False, []
    for word in words:
        best = word
        if not any(expand(index, word, language, allow_typos=False) for language in languages):
            candidates = []
            for language in languages:
                for candidate in index.lexicon(language).similar(word):
                    candidates.append((-index.posting_count(language, candidate), candidate))
            if candidates:
                best = min(candidates)[1]
                changed = True
        corrected.append(best)
    return [" ".join(corrected)] if changed else []


ATTEMPTS = 5  # a page that keeps changing under a reader (busy writers) is answered from a newer snapshot
# What a hit and its highlight need: the document without descriptions in other languages.
HIT_KEYS = ("offer_id", "hsds_id", "url", "title", "summary", "provider", "districts", "languages", "free", "version")


def page_documents(offer_ids: list[int], language: str, seq: int | None) -> dict[int, dict] | None:
    """The (partial) documents of one page of hits; None when `seq` is given and one of them
    changed or went away after that index state."""
    if not offer_ids:
        return {}
    fields = {f"hit_{key}": KeyTransform(key, "document") for key in HIT_KEYS}
    facets = KeyTransform("facets", "document")
    fields["hit_field_of_action"] = KeyTransform("field_of_action", facets)
    fields["hit_target_group"] = KeyTransform("target_group", facets)
    for code in {language, "de"}:
        fields[f"hit_description_{code}"] = KeyTransform(code, KeyTransform("description", "document"))
    rows = SearchDocument.objects.filter(offer_id__in=offer_ids).values("offer_id", "live", "seq", **fields)
    documents = {}
    for row in rows:
        if seq is not None and (not row["live"] or row["seq"] > seq):
            return None
        if not row["live"]:
            continue
        document = {key: row[f"hit_{key}"] for key in HIT_KEYS if row[f"hit_{key}"] is not None}
        document["facets"] = {"field_of_action": row["hit_field_of_action"] or [], "target_group": row["hit_target_group"] or []}
        document["description"] = {
            code: row[f"hit_description_{code}"] for code in {language, "de"} if row[f"hit_description_{code}"]
        }
        documents[row["offer_id"]] = document
    if seq is not None and len(documents) != len(set(offer_ids)):
        return None
    return documents


class DatabaseBackend(StoredDocumentsBackend):
    name = "database"

    def warm(self) -> None:
        warm_up()

    def search(self, query: SearchQuery) -> SearchResult:
        # Count, facets and hits come from one snapshot; a page whose documents changed after
        # the snapshot was taken is answered again from a newer one, so every answer shows one
        # committed state.
        for _attempt in range(ATTEMPTS - 1):
            result = self._search(query, get_index(), strict=True)
            if result is not None:
                return result
        return self._search(query, get_index(), strict=False)

    def _search(self, query: SearchQuery, index, strict: bool) -> SearchResult | None:
        languages = languages_for(query.language)
        words = text.query_terms(query.text, query.language)
        eligible = _eligible(index, query)
        matched_words: set[str] = set()
        matching = 0
        if words:
            groups, matched_words, matching = _score_groups(index, words, languages, eligible)
            text_bits = 0
            for bits in groups.values():
                text_bits |= bits
        else:
            groups, text_bits = {}, eligible
        selection = _selection(index, query)
        matches = text_bits
        for bits in selection.values():
            matches &= bits
        if selection and groups:
            groups = {score: bits & matches for score, bits in groups.items() if bits & matches}
        facet_counts = {}
        for facet, options in index.facet_options().items():
            base = text_bits
            for other, bits in selection.items():
                if other != facet:
                    base &= bits
            # Every code the index holds, 0 included: search.facets shows those greyed.
            counts = {}
            for code, bits in options:
                if bits & index.alive:
                    counts[code] = (base & bits).bit_count()
            facet_counts[facet] = counts
        page = _order(index, query, groups, matches, bool(words))
        documents = page_documents([index.offer_ids[slot] for slot, _score in page], query.language, index.seq)
        if documents is None:
            if strict:
                return None
            documents = page_documents([index.offer_ids[slot] for slot, _score in page], query.language, None)
        hits = []
        for slot, score in page:
            document = documents.get(index.offer_ids[slot])
            if document:
                hits.append(
                    hit_from_document(document, query.language, score, highlight(document, query.language, matched_words))
                )
        count = matches.bit_count()
        all_words = 0
        for score, bits in groups.items():
            if score // MATCH_POINTS >= matching:
                all_words += (bits & matches).bit_count()
        return SearchResult(
            query=query,
            count=count,
            hits=hits,
            facets=facet_labels.build_options(query, facet_counts, index.names, cache_key=index.state),
            suggestions=_suggestions(index, words, languages) if words and not count else [],
            backend=self.name,
            all_words_total=all_words if words else None,
        )

    def nearest_words(self, word: str, languages: list[str], limit: int = 5) -> list[str]:
        """Real words of the index nearest to a folded word that matches nothing, most frequent
        first (the same question as search.backends.sql.SqlBackend.nearest_words)."""
        index = get_index()
        candidates: dict[str, int] = {}
        for language in languages:
            for candidate in nearest(word, index.lexicon(language).similar(word)):
                candidates[candidate] = max(candidates.get(candidate, 0), index.posting_count(language, candidate))
        return [known for known, _count in sorted(candidates.items(), key=lambda item: (-item[1], item[0]))][:limit]

    def after_rebuild(self) -> None:
        reset()
        if not connection.in_atomic_block:  # compile and save the snapshot new processes load
            get_index()
