"""The database backend's working copy of the index, compiled in memory from `SearchDocument`.

Why in memory: facet counts for ten multi-select facets and forgiving text matching
(compounds, stems, typos) are a handful of big-integer bit operations here, the same on SQLite
and PostgreSQL, where SQL would need a dozen grouped queries per page (see
shared/notes/search-performance.md). The database stays the source of truth: each search asks
it for the index state (one tiny query) and fetches only documents changed since.

Each offer gets a slot number; sets of offers are Python ints used as bitsets.
"""

import bisect
import datetime
import threading
from array import array
from collections import defaultdict

from django.utils import timezone

from search import text
from search.documents import portal_languages
from search.models import SearchDocument, SearchSynonym
from search.query import FACETS
from search.store import current_state

FIELD_TITLE, FIELD_SUMMARY, FIELD_DESCRIPTION = 0, 1, 2
TEXT_FIELDS = {"title": FIELD_TITLE, "summary": FIELD_SUMMARY, "description": FIELD_DESCRIPTION}

_BYTE_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def bits_from(slots) -> int:
    """A bitset (int) of slot numbers."""
    slots = list(slots)
    if not slots:
        return 0
    buffer = bytearray(max(slots) // 8 + 1)
    for slot in slots:
        buffer[slot >> 3] |= 1 << (slot & 7)
    return int.from_bytes(buffer, "little")


def slots_of(bits: int) -> list[int]:
    """The slot numbers in a bitset, ascending."""
    if not bits:
        return []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    out = []
    for index, byte in enumerate(data):
        if byte:
            base = index * 8
            out.extend(base + bit for bit in _BYTE_BITS[byte])
    return out


class Lexicon:
    """The words of one language: exact, by stem, by substring (compounds) and by typo."""

    def __init__(self, language):
        self.language = language
        self.words: set[str] = set()
        self._stems: dict[str, set[str]] | None = None
        self._joined: str | None = None
        self._starts: list[int] = []
        self._sorted: list[str] = []
        self._deletes: dict[str, set[str]] | None = None

    def add(self, word):
        if word not in self.words:
            self.words.add(word)
            self._stems = self._joined = self._deletes = None

    def stems(self):
        if self._stems is None:
            stems = defaultdict(set)
            for word in self.words:
                stems[text.stem(word, self.language)].add(word)
            self._stems = stems
        return self._stems

    def containing(self, fragment: str, limit: int = 400) -> list[str]:
        """Words that contain `fragment` (German compounds: "beratung" in "jobberatung")."""
        if self._joined is None:
            self._sorted = sorted(self.words)
            starts, position = [], 0
            for word in self._sorted:
                starts.append(position)
                position += len(word) + 1
            self._starts = starts
            self._joined = "\n".join(self._sorted)
        found, position = [], self._joined.find(fragment)
        while position != -1 and len(found) < limit:
            index = bisect.bisect_right(self._starts, position) - 1
            word = self._sorted[index]
            found.append(word)
            position = self._joined.find(fragment, self._starts[index] + len(word) + 1)
        return found

    def similar(self, word: str) -> set[str]:
        """Words one deletion apart on either side (covers one typo or a swapped pair)."""
        if self._deletes is None:
            deletes = defaultdict(set)
            for known in self.words:
                if len(known) >= 4:
                    deletes[known].add(known)
                    for index in range(len(known)):
                        deletes[known[:index] + known[index + 1 :]].add(known)
            self._deletes = deletes
        candidates = set(self._deletes.get(word, ()))
        for index in range(len(word)):
            candidates |= self._deletes.get(word[:index] + word[index + 1 :], set())
        candidates.discard(word)
        return {candidate for candidate in candidates if abs(len(candidate) - len(word)) <= 1}


class Phrase:
    """A name that belongs to many offers at once: a vocabulary label, a provider, a place."""

    __slots__ = ("kind", "key", "words")

    def __init__(self, kind, key):
        self.kind = kind  # "facet" (key = (facet, code)), "residence" (code), "place" (place id)
        self.key = key
        self.words: dict[str, set[str]] = {}


class CompiledIndex:
    def __init__(self):
        self.generation = ""
        self.seq = 0
        self.synonyms_version = -1
        self.offer_ids: list[int] = []
        self.slot_of: dict[int, int] = {}
        self.alive = 0
        self.dead = 0
        self.min_age: list = []
        self.max_age: list = []
        self.verified: list[int] = []  # date ordinal, 0 when never verified
        self.sort_title: list[str] = []
        self.coordinates: list = []
        self.facet_bits: dict[tuple[str, str], int] = defaultdict(int)
        self.residence_bits: dict[str, int] = defaultdict(int)
        self.residence_open = 0
        self.place_bits: dict[int, int] = defaultdict(int)
        self.place_district: dict[int, tuple[str, list]] = {}
        self.postings: dict[str, dict[str, array]] = defaultdict(dict)
        self.lexicons: dict[str, Lexicon] = {}
        self.phrases: dict[tuple, Phrase] = {}
        self.phrase_words: dict[str, dict[str, set[tuple]]] = defaultdict(lambda: defaultdict(set))
        self.names: dict[tuple[str, str], str] = {}  # ("provider", hsds_id) -> name
        self.synonyms: dict[str, list[str]] = {}
        self.version = 0  # grows with every change: caches key on it
        self._caches: dict = {}

    # -- building ------------------------------------------------------------------------------

    def lexicon(self, language) -> Lexicon:
        if language not in self.lexicons:
            self.lexicons[language] = Lexicon(language)
        return self.lexicons[language]

    def _add_phrase(self, kind, key, texts: dict[str, str]):
        phrase = Phrase(kind, key)
        old = self.phrases.get((kind, key))
        if old:
            for language, words in old.words.items():
                for word in words:
                    self.phrase_words[language][word].discard((kind, key))
        for language, value in texts.items():
            words = set(text.tokens(value))
            phrase.words[language] = words
            lexicon = self.lexicon(language)
            for word in words:
                lexicon.add(word)
                self.phrase_words[language][word].add((kind, key))
        self.phrases[(kind, key)] = phrase

    def add_document(self, document: dict):
        offer_id = document["offer_id"]
        if offer_id in self.slot_of:
            self.remove(offer_id)
        slot = len(self.offer_ids)
        self.offer_ids.append(offer_id)
        self.slot_of[offer_id] = slot
        bit = 1 << slot
        self.alive |= bit
        self.min_age.append(document.get("min_age"))
        self.max_age.append(document.get("max_age"))
        verified = document.get("last_verified_at")
        self.verified.append(datetime.date.fromisoformat(verified).toordinal() if verified else 0)
        self.sort_title.append(document.get("sort_title") or text.fold(document["title"].get("de", "")))
        self.coordinates.append([tuple(pair) for pair in document.get("coordinates") or []])
        for facet, codes in document["facets"].items():
            for code in codes:
                self.facet_bits[(facet, code)] |= bit
        statuses = document.get("residence_status") or []
        for code in statuses:
            self.residence_bits[code] |= bit
        if not statuses:
            self.residence_open |= bit
        for place in document.get("places") or []:
            place_id = place.get("id")
            if place_id is None:
                continue
            self.place_bits[place_id] |= bit
            if place.get("latitude") is not None:
                self.place_district[place_id] = (place["district"], [place["latitude"], place["longitude"]])
            self._add_phrase("place", place_id, place["name"])
        provider = document.get("provider") or {}
        if provider.get("hsds_id"):
            self.names[("provider", provider["hsds_id"])] = provider["name"]
            self._add_phrase("facet", ("provider", provider["hsds_id"]), {"de": provider["name"]})
        programme = document.get("programme")
        if programme:
            self.names[("programme", programme["hsds_id"])] = programme["name"]
            name = f"{programme['name']} {programme.get('short_name') or ''}"
            self._add_phrase("facet", ("programme", programme["hsds_id"]), {"de": name})
        for field_name, field in TEXT_FIELDS.items():
            for language, value in (document.get(field_name) or {}).items():
                postings = self.postings[language]
                lexicon = self.lexicon(language)
                encoded = slot * 4 + field
                for word in set(text.tokens(value)):
                    entry = postings.get(word)
                    if entry is None:
                        postings[word] = entry = array("I")
                        lexicon.add(word)
                    entry.append(encoded)
        self.version += 1

    def remove(self, offer_id: int):
        slot = self.slot_of.pop(offer_id, None)
        if slot is not None:
            self.alive &= ~(1 << slot)
            self.dead += 1
            self.version += 1

    def load_labels(self):
        """Vocabulary labels (every portal language) as phrases pointing at facet bitsets."""
        from search.documents import term_labels
        from services_directory.models import Term

        taxonomy_facet = {taxonomy: facet for facet, taxonomy in FACETS.items() if taxonomy}
        for term in Term.objects.select_related("taxonomy"):
            taxonomy = term.taxonomy.code
            if taxonomy == "residence-status":
                self._add_phrase("residence", term.code, term_labels(term))
            elif taxonomy in taxonomy_facet:
                self._add_phrase("facet", (taxonomy_facet[taxonomy], term.code), term_labels(term))

    def load_synonyms(self):
        """word (and its stem in every stemmed language) -> the other words of its groups."""
        groups: dict[str, list[str]] = {}
        for synonym in SearchSynonym.objects.all():
            words = [" ".join(text.tokens(word)) for word in synonym.words()]
            words = [word for word in words if word and " " not in word]
            for word in words:
                keys = {word} | {text.stem(word, language) for language in text.STEMMER_NAMES}
                for key in keys:
                    others = groups.setdefault(key, [])
                    others.extend(other for other in words if other != word and other not in others)
        self.synonyms = groups

    # -- derived, cached per version -------------------------------------------------------------

    def cached(self, key, compute):
        entry = self._caches.get(key)
        if entry is None or entry[0] != self.version:
            entry = (self.version, compute())
            self._caches[key] = entry
            if len(self._caches) > 4000:
                self._caches.clear()
        return entry[1]

    def field_bits(self, language: str, word: str) -> tuple[int, int, int]:
        def compute():
            slots = ([], [], [])
            for encoded in self.postings[language].get(word, ()):
                slots[encoded & 3].append(encoded >> 2)
            return tuple(bits_from(field_slots) & self.alive for field_slots in slots)

        return self.cached(("field", language, word), compute)

    def phrase_bits(self, key) -> int:
        kind, value = key
        if kind == "facet":
            return self.facet_bits.get(value, 0)
        if kind == "residence":
            return self.residence_bits.get(value, 0)
        return self.place_bits.get(value, 0)

    def stale_bits(self) -> int:
        today = timezone.localdate()
        limit = (today - datetime.timedelta(days=365)).toordinal()

        def compute():
            return bits_from(slot for slot, ordinal in enumerate(self.verified) if ordinal < limit) & self.alive

        return self.cached(("stale", today), compute)

    def age_bits(self, age: int) -> int:
        def compute():
            return bits_from(
                slot
                for slot in range(len(self.offer_ids))
                if (self.min_age[slot] is None or age >= self.min_age[slot])
                and (self.max_age[slot] is None or age <= self.max_age[slot])
            ) & self.alive

        return self.cached(("age", age), compute)

    def name_rank(self) -> list[int]:
        def compute():
            order = sorted(range(len(self.offer_ids)), key=lambda slot: (self.sort_title[slot], self.offer_ids[slot]))
            rank = [0] * len(order)
            for position, slot in enumerate(order):
                rank[slot] = position
            return rank

        return self.cached(("name_rank",), compute)

    def district_centre(self, code: str):
        """The mean of the known place coordinates in a Stadtteil (or Stadtbezirk)."""
        def compute():
            from services_directory.models import Term

            parent = dict(Term.objects.of("district").values_list("code", "parent__code"))
            sums: dict[str, list[float]] = {}
            for district, (lat, lon) in self.place_district.values():
                for key in (district, parent.get(district)):
                    if key:
                        total = sums.setdefault(key, [0.0, 0.0, 0])
                        total[0] += lat
                        total[1] += lon
                        total[2] += 1
            centres = {key: (lat / n, lon / n) for key, (lat, lon, n) in sums.items()}
            return centres, parent

        centres, parent = self.cached(("centres",), compute)
        return centres.get(code) or centres.get(parent.get(code) or "")


_lock = threading.Lock()
_index: CompiledIndex | None = None


def _load_full(generation, seq, synonyms_version) -> CompiledIndex:
    index = CompiledIndex()
    rows = SearchDocument.objects.filter(live=True).order_by("seq").values_list("document", "seq")
    top = 0
    for document, row_seq in rows.iterator(chunk_size=2000):
        index.add_document(document)
        top = max(top, row_seq)
    index.load_labels()
    index.load_synonyms()
    index.generation, index.seq, index.synonyms_version = generation, max(seq, top), synonyms_version
    return index


def get_index() -> CompiledIndex:
    """The current compiled index, refreshed from the database when anything changed."""
    global _index
    generation, seq, synonyms_version = current_state()
    index = _index
    if index is not None and (index.generation, index.seq, index.synonyms_version) == (
        generation,
        seq,
        synonyms_version,
    ):
        return index
    with _lock:
        index = _index
        if (
            index is None
            or index.generation != generation
            or seq < index.seq
            or index.dead > max(100, len(index.offer_ids) // 5)
        ):
            _index = _load_full(generation, seq, synonyms_version)
            return _index
        if seq > index.seq:
            changed = SearchDocument.objects.filter(seq__gt=index.seq).order_by("seq")
            for row in changed.iterator():
                if row.live:
                    index.add_document(row.document)
                else:
                    index.remove(row.offer_id)
                index.seq = max(index.seq, row.seq)
            index.seq = max(index.seq, seq)
            index.load_labels()
            index.version += 1
        if synonyms_version != index.synonyms_version:
            index.load_synonyms()
            index.synonyms_version = synonyms_version
            index.version += 1
        return index


def reset():
    """Forget the in-memory copy (tests; after a rebuild in this process)."""
    global _index
    with _lock:
        _index = None


def languages_for(query_language: str) -> list[str]:
    languages = [query_language] if query_language in portal_languages() else []
    if "de" not in languages:
        languages.append("de")
    return languages
