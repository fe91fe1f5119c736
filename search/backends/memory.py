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
import logging
import os
import pickle
import tempfile
import threading
from array import array
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from rapidfuzz import process
from rapidfuzz.distance import Indel

from search import text
from search.documents import portal_languages, term_labels
from search.models import SearchDocument, SearchSynonym
from search.query import FACETS
from search.store import current_state
from services_directory.models import Term

logger = logging.getLogger("kim.search")

FIELD_TITLE, FIELD_SUMMARY, FIELD_DESCRIPTION = 0, 1, 2
TEXT_FIELDS = {"title": FIELD_TITLE, "summary": FIELD_SUMMARY, "description": FIELD_DESCRIPTION}

CACHED_POSTINGS = 200  # words with fewer postings get their bitsets computed on each use
MAX_CACHED = 2000  # derived values per snapshot (each bitset is offers/8 bytes)
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
    """The words of one language: exact, by stem, by substring (compounds) and by typo.

    Immutable once its index is published; `fork` gives a copy to extend. The derived lookups
    are built on first use and published in one assignment, so concurrent readers never see
    half of them. The typo lookup keeps no index of its own (the former one-deletion index cost
    ~3 KB per distinct word): rapidfuzz scans the words of nearby length in C."""

    def __init__(self, language):
        self.language = language
        self.words: set[str] = set()
        self._derived = None

    def __getstate__(self):
        return {"language": self.language, "words": self.words}

    def __setstate__(self, state):
        self.language = state["language"]
        self.words = state["words"]
        self._derived = None

    def fork(self) -> "Lexicon":
        copy = Lexicon(self.language)
        copy.words = set(self.words)
        copy._derived = self._derived
        return copy

    def add(self, word):
        if word not in self.words:
            self.words.add(word)
            self._derived = None

    def derived(self):
        """(stem -> words, sorted words, their offsets in the joined text, joined text, length -> words)."""
        derived = self._derived
        if derived is None:
            ordered = sorted(self.words)
            # stem -> its one word or a tuple of words, only for words that are not their own
            # stem (those are found in `words`): no entry at all for most words.
            stems: dict[str, str | tuple[str, ...]] = {}
            for word, word_stem in zip(ordered, text.stems(ordered, self.language), strict=True):
                if word_stem == word:
                    continue
                known = stems.get(word_stem)
                stems[word_stem] = word if known is None else (*((known,) if isinstance(known, str) else known), word)
            starts, position, by_length = array("I"), 0, defaultdict(list)
            for word in ordered:
                starts.append(position)
                position += len(word) + 1
                if len(word) >= 4:
                    by_length[len(word)].append(word)
            derived = self._derived = (stems, ordered, starts, "\n".join(ordered), dict(by_length))
        return derived

    def stem_words(self, stem: str) -> tuple[str, ...]:
        """The words of this language with this stem."""
        found = self.derived()[0].get(stem, ())
        found = (found,) if isinstance(found, str) else found
        own = stem in self.words and text.stem(stem, self.language) == stem
        return (stem, *found) if own else found

    def containing(self, fragment: str, limit: int = 400) -> list[str]:
        """Words that contain `fragment` (German compounds: "beratung" in "jobberatung")."""
        _stems, ordered, starts, joined, _by_length = self.derived()
        found, position = [], joined.find(fragment)
        while position != -1 and len(found) < limit:
            index = bisect.bisect_right(starts, position) - 1
            word = ordered[index]
            found.append(word)
            position = joined.find(fragment, starts[index] + len(word) + 1)
        return found

    def similar(self, word: str) -> set[str]:
        """Words one deletion apart on either side (one typo or a swapped pair): an insert/delete
        distance of at most 2 between words whose lengths differ by at most one."""
        by_length = self.derived()[4]
        candidates = [known for size in (len(word) - 1, len(word), len(word) + 1) for known in by_length.get(size, ())]
        found = process.extract(word, candidates, scorer=Indel.distance, score_cutoff=2, limit=None)
        return {known for known, _distance, _position in found if known != word}


class Phrase:
    """A name that belongs to many offers at once: a vocabulary label, a provider, a place."""

    __slots__ = ("kind", "key", "words")

    def __init__(self, kind, key):
        self.kind = kind  # "facet" (key = (facet, code)), "residence" (code), "place" (place id)
        self.key = key
        self.words: dict[str, set[str]] = {}


class CompiledIndex:
    """One immutable snapshot of the index at one database state (`state`).

    A published snapshot is never changed: an update forks it (containers copied, posting
    arrays copied on first write) and the fork replaces it in one assignment, so a reader keeps
    a consistent view for its whole search while writers move on."""

    def __init__(self):
        self.generation = ""
        self.seq = 0
        self.synonyms_version = -1
        self.vocabulary_version = -1
        self.offer_ids: list[int] = []
        self.slot_of: dict[int, int] = {}
        self.alive = 0
        self.dead = 0
        self.min_age: list = []
        self.max_age: list = []
        self.verified: list[int] = []  # date ordinal, 0 when never verified
        self.sort_title: list[str] = []
        self.coordinates: list = []
        self.facet_bits: dict[tuple[str, str], int] = {}
        self.residence_bits: dict[str, int] = {}
        self.residence_open = 0
        self.place_bits: dict[int, int] = {}
        self.place_district: dict[int, tuple[str, list]] = {}
        self.postings: dict[str, dict[str, array]] = {}
        self.lexicons: dict[str, Lexicon] = {}
        self.phrases: dict[tuple, Phrase] = {}
        self.phrase_words: dict[str, dict[str, frozenset[tuple]]] = {}
        self.names: dict[tuple[str, str], str] = {}  # ("provider", hsds_id) -> name
        self.synonyms: dict[str, list[str]] = {}
        self.version = 0  # grows with every change: caches key on it
        self._caches: dict = {}
        self._owned: set[int] = set()  # posting arrays this (unpublished) fork may append to

    @property
    def state(self) -> tuple:
        return (self.generation, self.seq, self.synonyms_version, self.vocabulary_version)

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_caches"], state["_owned"] = {}, set()
        return state

    def fork(self) -> "CompiledIndex":
        """A copy to apply changes to; shares what it will only replace, never mutate."""
        copy = CompiledIndex.__new__(CompiledIndex)
        copy.__dict__.update(self.__dict__)
        for name in ("offer_ids", "min_age", "max_age", "verified", "sort_title", "coordinates"):
            setattr(copy, name, list(getattr(self, name)))
        for name in ("slot_of", "facet_bits", "residence_bits", "place_bits", "place_district", "phrases", "names"):
            setattr(copy, name, dict(getattr(self, name)))
        copy.postings = {language: dict(words) for language, words in self.postings.items()}
        copy.phrase_words = {language: dict(words) for language, words in self.phrase_words.items()}
        copy.lexicons = {language: lexicon.fork() for language, lexicon in self.lexicons.items()}
        copy.version = self.version + 1
        copy._caches = {}
        copy._owned = set()
        return copy

    # -- building ------------------------------------------------------------------------------

    def lexicon(self, language) -> Lexicon:
        if language not in self.lexicons:
            self.lexicons[language] = Lexicon(language)
        return self.lexicons[language]

    def _phrase_word(self, language, word, key, add: bool):
        words = self.phrase_words.setdefault(language, {})
        keys = set(words.get(word, ()))
        if add:
            keys.add(key)
        else:
            keys.discard(key)
        words[word] = frozenset(keys)

    def _add_phrase(self, kind, key, texts: dict[str, str]):
        phrase = Phrase(kind, key)
        phrase.words = {language: set(text.tokens(value)) for language, value in texts.items()}
        old = self.phrases.get((kind, key))
        if old and old.words == phrase.words:  # the same place or provider on another offer
            return
        if old:
            for language, words in old.words.items():
                for word in words:
                    self._phrase_word(language, word, (kind, key), add=False)
        for language, words in phrase.words.items():
            lexicon = self.lexicon(language)
            for word in words:
                lexicon.add(word)
                self._phrase_word(language, word, (kind, key), add=True)
        self.phrases[(kind, key)] = phrase

    def _or_bit(self, bitsets: dict, key, bit: int):
        bitsets[key] = bitsets.get(key, 0) | bit

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
                self._or_bit(self.facet_bits, (facet, code), bit)
        statuses = document.get("residence_status") or []
        for code in statuses:
            self._or_bit(self.residence_bits, code, bit)
        if not statuses:
            self.residence_open |= bit
        for place in document.get("places") or []:
            place_id = place.get("id")
            if place_id is None:
                continue
            self._or_bit(self.place_bits, place_id, bit)
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
                postings = self.postings.setdefault(language, {})
                lexicon = self.lexicon(language)
                encoded = slot * 4 + field
                for word in set(text.tokens(value)):
                    entry = postings.get(word)
                    if entry is None:
                        postings[word] = entry = array("I")
                        self._owned.add(id(entry))
                        lexicon.add(word)
                    elif id(entry) not in self._owned:  # shared with a published snapshot
                        postings[word] = entry = array("I", entry)
                        self._owned.add(id(entry))
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
            if len(self._caches) > MAX_CACHED:
                self._caches.clear()
        return entry[1]

    def field_bits(self, language: str, word: str) -> tuple[int, int, int]:
        postings = self.postings.get(language, {}).get(word, ())

        def compute():
            slots = ([], [], [])
            for encoded in postings:
                slots[encoded & 3].append(encoded >> 2)
            return tuple(bits_from(field_slots) & self.alive for field_slots in slots)

        if len(postings) < CACHED_POSTINGS:  # cheap to recompute; caching would hold n/8 bytes each
            return compute()
        return self.cached(("field", language, word), compute)

    def facet_options(self) -> dict[str, list[tuple[str, int]]]:
        """facet -> [(code, bitset)], for counting every facet in one pass."""

        def compute():
            options: dict[str, list] = {facet: [] for facet in FACETS}
            for (facet, code), bits in self.facet_bits.items():
                if facet in options:
                    options[facet].append((code, bits))
            return options

        return self.cached(("facet_options",), compute)

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


# -- the process's current snapshot -----------------------------------------------------------

_lock = threading.Lock()  # one writer of `_index`; readers never take it when the index is current
_index: CompiledIndex | None = None
_compacting = threading.Event()
SNAPSHOT_PROTOCOL = 5
SNAPSHOTS_KEPT = 3


def snapshot_dir() -> Path:
    """Where compiled snapshots are kept for new processes (SEARCH_INDEX_DIR, else var/search-index)."""
    configured = os.environ.get("SEARCH_INDEX_DIR") or getattr(settings, "SEARCH_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "search-index"


def _snapshot_files(generation: str) -> list[tuple[int, Path]]:
    directory = snapshot_dir()
    if not generation or not directory.is_dir():
        return []
    found = []
    for path in directory.glob(f"{generation}.*.pickle"):
        try:
            found.append((int(path.name.split(".")[1]), path))
        except (IndexError, ValueError):
            continue
    return sorted(found)


def save_snapshot(index: CompiledIndex) -> Path | None:
    """Write the snapshot for new processes (atomically: a reader never sees half a file) and
    drop older ones. A failure only costs the next process a full build."""
    directory = snapshot_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{index.generation}.{index.seq}.pickle"
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(index, stream, protocol=SNAPSHOT_PROTOCOL)
        os.replace(temporary, target)
        keep = {path for _seq, path in _snapshot_files(index.generation)[-SNAPSHOTS_KEPT:]}
        for path in directory.glob("*.pickle"):
            if path not in keep:
                path.unlink(missing_ok=True)
        return target
    except OSError:
        logger.warning("Could not save the search index snapshot in %s", directory, exc_info=True)
        return None


def _load_snapshot(generation: str, seq: int) -> CompiledIndex | None:
    """The newest saved snapshot of this generation not ahead of the database, if any.

    The files are written by this application into its own var directory, like its database."""
    for file_seq, path in reversed(_snapshot_files(generation)):
        if file_seq > seq:
            continue
        try:
            with path.open("rb") as stream:
                index = pickle.load(stream)  # noqa: S301 - our own file, see above
        except Exception:  # noqa: BLE001 - a damaged or outdated file: build instead
            logger.warning("Ignoring the unreadable search index snapshot %s", path, exc_info=True)
            continue
        if isinstance(index, CompiledIndex) and index.generation == generation and index.seq == file_seq:
            return index
    return None


def _build(state) -> CompiledIndex:
    """A fresh index from every live document (seconds at 20,000 offers)."""
    generation, seq, synonyms_version, vocabulary_version = state
    index = CompiledIndex()
    # One statement reads every live row as committed now, possibly past `seq`: the index then
    # stands for that later state (`seq` = the newest row read).
    rows = SearchDocument.objects.filter(live=True).order_by("seq").values_list("document", "seq")
    for document, row_seq in rows.iterator(chunk_size=2000):
        index.add_document(document)
        seq = max(seq, row_seq)
    index.load_labels()
    index.load_synonyms()
    index.generation, index.seq = generation, seq
    index.synonyms_version, index.vocabulary_version = synonyms_version, vocabulary_version
    index._owned = set()
    return index


def _advance(index: CompiledIndex, state) -> CompiledIndex:
    """A new snapshot: `index` plus the documents changed up to `state` (the old one stays intact)."""
    generation, seq, synonyms_version, vocabulary_version = state
    new = index.fork()
    if seq > index.seq:
        changed = SearchDocument.objects.filter(seq__gt=index.seq, seq__lte=seq).order_by("seq")
        for offer_id, live, document in changed.values_list("offer_id", "live", "document").iterator():
            if live:
                new.add_document(document)
            else:
                new.remove(offer_id)
    if vocabulary_version != index.vocabulary_version:
        new.load_labels()
    if synonyms_version != index.synonyms_version:
        new.load_synonyms()
    new.seq, new.synonyms_version, new.vocabulary_version = seq, synonyms_version, vocabulary_version
    new._owned = set()
    return new


def _needs_compaction(index: CompiledIndex) -> bool:
    return index.dead > max(100, len(index.offer_ids) // 5)


def _compact_in_background():
    """Rebuild without the removed slots while this process keeps answering from its snapshot."""
    if _compacting.is_set():
        return
    _compacting.set()

    def run():
        global _index
        try:
            fresh = _build(current_state())
            save_snapshot(fresh)
            with _lock:
                if _index is not None and _index.generation == fresh.generation and _index.seq <= fresh.seq:
                    _index = fresh if _index.seq == fresh.seq else _advance(fresh, _index.state)
        except Exception:  # noqa: BLE001 - the old snapshot keeps answering
            logger.exception("Compacting the search index failed")
        finally:
            connection.close()
            _compacting.clear()

    threading.Thread(target=run, name="search-index-compaction", daemon=True).start()


def get_index() -> CompiledIndex:
    """The snapshot of the current database state: one tiny query when nothing changed; else the
    changed documents are applied to a fork, or (new process, rebuild) the saved snapshot is
    loaded and brought up to date, or the index is built and saved."""
    global _index
    state = current_state()
    index = _index
    if index is not None and index.state == state:
        return index
    with _lock:
        index = _index
        if index is not None and index.state != state:
            state = current_state()  # another thread may have advanced past the state read above
        if index is not None and index.state == state:
            return index
        generation, seq = state[0], state[1]
        if index is None or index.generation != generation or seq < index.seq:
            index = _load_snapshot(generation, seq)
            if index is None:
                index = _build(state)
                if not connection.in_atomic_block:  # a test transaction may still roll back
                    save_snapshot(index)
            elif index.state != state:
                index = _advance(index, state)
        else:
            index = _advance(index, state)
        _index = index
        if _needs_compaction(index) and not connection.in_atomic_block:
            _compact_in_background()
        return index


def warm_up() -> CompiledIndex:
    """Load the index and its lookups before the process takes traffic (see portal/wsgi.py)."""
    index = get_index()
    for lexicon in list(index.lexicons.values()):
        lexicon.derived()
    index.name_rank()
    index.stale_bits()
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
