"""The database backend's working copy of the index, compiled in memory from `SearchDocument`.

Why in memory: facet counts for ten multi-select facets and forgiving text matching
(compounds, stems, typos) are a handful of big-integer bit operations here, the same on SQLite
and PostgreSQL, where SQL would need a dozen grouped queries per page (see
shared/notes/search-performance.md). The database stays the source of truth: each search asks
it for the index state (one tiny query) and fetches only documents changed since.

Each offer gets a slot number; sets of offers are Python ints used as bitsets.

The words are a frozen **base** (per language a few flat buffers: sorted words, postings,
stems, words by length; `FrozenLexicon`) built by a full build and saved as one raw binary file
that a new process maps in (`save_snapshot`, `_load_snapshot`), plus a small mutable **delta**
of what changed since (dicts as before, forked on write). Why: per-word Python objects (a dict
entry, an array, a set entry, a str, derived stems and lists) cost ~400 bytes a word, 155 MB
per process at 20,000 offers in ten languages, and pickling them made a new process wait
seconds. Compaction rebuilds the base in the background once the delta or the removed slots grow.
"""

import bisect
import datetime
import fcntl
import itertools
import json
import logging
import mmap
import os
import pickle
import subprocess
import sys
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
TYPO_MIN_LENGTH = 4  # shorter words are never typo candidates
TYPO_MAX_LENGTH = 64  # nor are longer ones (no real word; keeps the length table small)
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
    ~3 KB per distinct word): rapidfuzz scans the words of nearby length in C.

    Holds the index's delta (words new since the base) and the sql engine's label words: both
    small. The bulk of the words is a `FrozenLexicon`."""

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
                if len(word) >= TYPO_MIN_LENGTH:
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
        return _similar(word, candidates)


def _similar(word: str, candidates: list[str]) -> set[str]:
    found = process.extract(word, candidates, scorer=Indel.distance, score_cutoff=2, limit=None)
    return {known for known, _distance, _position in found if known != word}


class _Sorted:
    """The i-th entry of a "\\n"-joined sorted text, as a sequence for `bisect`."""

    __slots__ = ("text", "starts")

    def __init__(self, joined: str, starts):
        self.text, self.starts = joined, starts

    def __len__(self):
        return len(self.starts) - 1

    def __getitem__(self, index):
        return self.text[self.starts[index] : self.starts[index + 1] - 1]

    def find(self, key: str) -> int:
        """The position of `key`, or -1."""
        index = bisect.bisect_left(self, key)
        return index if index < len(self) and self[index] == key else -1


class FrozenLexicon:
    """One language's words with their postings and stems in a few flat buffers (the base).

    - `text`: the sorted words joined by "\\n"; `starts`: where word i starts (n + 1 entries);
    - `postings[posting_starts[i]:posting_starts[i + 1]]`: word i's postings (slot * 4 + field);
    - `stem_text`/`stem_starts`: the sorted stems that differ from their word;
      `stem_ids[stem_ranges[k]:stem_ranges[k + 1]]`: the words of stem k (computed at build time);
    - `length_text[length_bounds[n]:length_bounds[n + 1]]`: the words of n letters ("\\n" after
      each), the typo candidates.
    A few objects per language instead of several per word; immutable, so every snapshot and
    thread shares it. The arrays are `array('I')` after a build and views into the mapped file
    after a load."""

    TEXTS = ("text", "stem_text", "length_text")
    ARRAYS = ("starts", "postings", "posting_starts", "stem_starts", "stem_ranges", "stem_ids", "length_bounds")
    __slots__ = ("language", *TEXTS, *ARRAYS, "words", "stems")

    def __init__(self, language: str, parts: dict):
        self.language = language
        for name in (*self.TEXTS, *self.ARRAYS):
            setattr(self, name, parts[name])
        self.words = _Sorted(self.text, self.starts)
        self.stems = _Sorted(self.stem_text, self.stem_starts)

    @classmethod
    def build(cls, language: str, words, postings: dict[str, array]) -> "FrozenLexicon":
        ordered = sorted(words)
        starts, position = array("I", [0]), 0
        posting_data, posting_starts = array("I"), array("I", [0])
        for word in ordered:
            position += len(word) + 1
            starts.append(position)
            entry = postings.get(word)
            if entry:
                posting_data.extend(entry)
            posting_starts.append(len(posting_data))
        pairs = sorted(
            (word_stem, number)
            for number, (word, word_stem) in enumerate(zip(ordered, text.stems(ordered, language), strict=True))
            if word_stem != word
        )
        stem_list, stem_starts, stem_ranges, stem_ids = [], array("I", [0]), array("I", [0]), array("I")
        for word_stem, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
            stem_list.append(word_stem)
            stem_starts.append(stem_starts[-1] + len(word_stem) + 1)
            stem_ids.extend(number for _stem, number in group)
            stem_ranges.append(len(stem_ids))
        by_length = defaultdict(list)
        for word in ordered:
            if TYPO_MIN_LENGTH <= len(word) <= TYPO_MAX_LENGTH:
                by_length[len(word)].append(word)
        length_parts, length_bounds, position = [], array("I", [0]), 0
        for size in range(TYPO_MAX_LENGTH + 1):
            group = by_length.get(size)
            if group:
                length_parts.append("\n".join(group) + "\n")
                position += len(length_parts[-1])
            length_bounds.append(position)
        return cls(
            language,
            {
                "text": "".join(word + "\n" for word in ordered),
                "starts": starts,
                "postings": posting_data,
                "posting_starts": posting_starts,
                "stem_text": "".join(word_stem + "\n" for word_stem in stem_list),
                "stem_starts": stem_starts,
                "stem_ranges": stem_ranges,
                "stem_ids": stem_ids,
                "length_text": "".join(length_parts),
                "length_bounds": length_bounds,
            },
        )

    def __len__(self):
        return len(self.starts) - 1

    def __contains__(self, word: str) -> bool:
        return self.words.find(word) >= 0

    def postings_of(self, word: str):
        number = self.words.find(word)
        if number < 0:
            return ()
        return self.postings[self.posting_starts[number] : self.posting_starts[number + 1]]

    def stem_words(self, stem: str) -> tuple[str, ...]:
        number = self.stems.find(stem)
        found = () if number < 0 else tuple(
            self.words[word] for word in self.stem_ids[self.stem_ranges[number] : self.stem_ranges[number + 1]]
        )
        own = stem in self and text.stem(stem, self.language) == stem
        return (stem, *found) if own else found

    def containing(self, fragment: str, limit: int = 400) -> list[str]:
        joined, starts = self.text, self.starts
        found, position = [], joined.find(fragment)
        while position != -1 and len(found) < limit:
            number = bisect.bisect_right(starts, position) - 1
            found.append(joined[starts[number] : starts[number + 1] - 1])
            position = joined.find(fragment, starts[number + 1])
        return found

    def similar(self, word: str) -> set[str]:
        low = max(0, min(len(word) - 1, TYPO_MAX_LENGTH + 1))
        high = max(0, min(len(word) + 2, TYPO_MAX_LENGTH + 1))
        chunk = self.length_text[self.length_bounds[low] : self.length_bounds[high]]
        return _similar(word, chunk.split("\n")[:-1]) if chunk else set()


class Words:
    """One language's words as a reader sees them: the frozen base and the delta together."""

    __slots__ = ("base", "delta")

    def __init__(self, base: FrozenLexicon | None, delta: Lexicon | None):
        self.base, self.delta = base, delta

    def __contains__(self, word: str) -> bool:
        return (self.delta is not None and word in self.delta.words) or (self.base is not None and word in self.base)

    def stem_words(self, stem: str) -> tuple[str, ...]:
        found = self.base.stem_words(stem) if self.base is not None else ()
        if self.delta is not None and self.delta.words:
            found = tuple(dict.fromkeys((*found, *self.delta.stem_words(stem))))
        return found

    def containing(self, fragment: str, limit: int = 400) -> list[str]:
        found = self.base.containing(fragment, limit) if self.base is not None else []
        if self.delta is not None and self.delta.words and len(found) < limit:
            found += self.delta.containing(fragment, limit - len(found))
        return found

    def similar(self, word: str) -> set[str]:
        found = self.base.similar(word) if self.base is not None else set()
        if self.delta is not None and self.delta.words:
            found |= self.delta.similar(word)
        return found


class Phrase:
    """A name that belongs to many offers at once: a vocabulary label, a provider, a place."""

    __slots__ = ("kind", "key", "words")

    def __init__(self, kind, key):
        self.kind = kind  # "facet" (key = (facet, code)), "residence" (code), "place" (place id)
        self.key = key
        self.words: dict[str, set[str]] = {}


class CompiledIndex:
    """One immutable snapshot of the index at one database state (`state`).

    A published snapshot is never changed: an update forks it (the frozen base shared, delta
    containers copied, posting arrays copied on first write) and the fork replaces it in one
    assignment, so a reader keeps a consistent view for its whole search while writers move on."""

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
        self.base: dict[str, FrozenLexicon] = {}  # the frozen words, shared by every fork
        self.base_slots = 0  # slots whose words are all in the base
        self.postings: dict[str, dict[str, array]] = {}  # delta: postings added since the base
        self.lexicons: dict[str, Lexicon] = {}  # delta: words not in the base
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

    def lexicon(self, language) -> Words:
        """The words of one language (base and delta)."""
        return Words(self.base.get(language), self.lexicons.get(language))

    def _add_word(self, language, word):
        lexicon = self.lexicons.get(language)
        if lexicon is not None and word in lexicon.words:
            return
        base = self.base.get(language)
        if base is not None and word in base:
            return
        if lexicon is None:
            lexicon = self.lexicons[language] = Lexicon(language)
        lexicon.add(word)

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
            for word in words:
                self._add_word(language, word)
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
                encoded = slot * 4 + field
                for word in set(text.tokens(value)):
                    entry = postings.get(word)
                    if entry is None:
                        postings[word] = entry = array("I")
                        self._owned.add(id(entry))
                        self._add_word(language, word)
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

    def freeze(self):
        """Move the delta's words and postings into a new frozen base (after a full build, when
        the base is still empty), one language at a time to keep the peak small."""
        if self.base:
            raise ValueError("freeze() folds a full build's delta; compaction builds anew")
        for language in sorted(set(self.lexicons) | set(self.postings)):
            lexicon = self.lexicons.pop(language, None)
            postings = self.postings.pop(language, {})
            self.base[language] = FrozenLexicon.build(language, lexicon.words if lexicon else postings, postings)
            del lexicon, postings
        self.base_slots = len(self.offer_ids)
        self._owned = set()

    def delta_size(self) -> int:
        """Slots added since the base was built (their words live in the delta)."""
        return len(self.offer_ids) - self.base_slots

    def postings_of(self, language: str, word: str):
        """The word's postings: the base's, then the delta's."""
        base = self.base.get(language)
        found = base.postings_of(word) if base is not None else ()
        extra = self.postings.get(language, {}).get(word)
        if extra:
            return itertools.chain(found, extra) if found else extra
        return found

    def posting_count(self, language: str, word: str) -> int:
        base = self.base.get(language)
        return (len(base.postings_of(word)) if base is not None else 0) + len(self.postings.get(language, {}).get(word, ()))

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
        base = self.base.get(language)
        found = base.postings_of(word) if base is not None else ()
        extra = self.postings.get(language, {}).get(word, ())

        def compute():
            slots = ([], [], [])
            for encoded in itertools.chain(found, extra):
                slots[encoded & 3].append(encoded >> 2)
            return tuple(bits_from(field_slots) & self.alive for field_slots in slots)

        if len(found) + len(extra) < CACHED_POSTINGS:  # cheap to recompute; caching would hold n/8 bytes each
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
SNAPSHOTS_KEPT = 3
SNAPSHOT_SUFFIX = ".idx"
# A snapshot file: MAGIC, the header's offset (8 bytes, little-endian), the base's sections
# (UTF-8 texts and raw native arrays, each 8-byte aligned), then the header: a pickle of the
# small per-offer and per-label part and the section table. A new process maps the file
# (pages shared by every worker) and decodes three texts per language: no object per word.
MAGIC = b"KIMIDX2\n"
FORMAT = {"format": 2, "byteorder": sys.byteorder, "itemsize": array("I").itemsize}
_SMALL = (
    "generation", "seq", "synonyms_version", "vocabulary_version", "alive", "dead", "base_slots", "version",
    "sort_title", "facet_bits", "residence_bits", "residence_open", "place_bits", "place_district",
    "postings", "lexicons", "phrases", "phrase_words", "names", "synonyms",
)  # fmt: skip


def snapshot_dir() -> Path:
    """Where compiled snapshots are kept for new processes (SEARCH_INDEX_DIR, else var/search-index)."""
    configured = os.environ.get("SEARCH_INDEX_DIR") or getattr(settings, "SEARCH_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "search-index"


def _snapshot_files(generation: str) -> list[tuple[int, Path]]:
    directory = snapshot_dir()
    if not generation or not directory.is_dir():
        return []
    found = []
    for path in directory.glob(f"{generation}.*{SNAPSHOT_SUFFIX}"):
        try:
            found.append((int(path.name.split(".")[1]), path))
        except (IndexError, ValueError):
            continue
    return sorted(found)


def _header(index: CompiledIndex) -> dict:
    """The small part: per-slot values as flat arrays, labels, places, synonyms, the delta."""
    header = {name: getattr(index, name) for name in _SMALL}
    header["offer_ids"] = array("q", index.offer_ids)
    header["min_age"] = array("i", [-1 if age is None else age for age in index.min_age])
    header["max_age"] = array("i", [-1 if age is None else age for age in index.max_age])
    header["verified"] = array("I", index.verified)
    header["coordinate_counts"] = array("I", [len(pairs) for pairs in index.coordinates])
    header["coordinates"] = array("d", [value for pairs in index.coordinates for pair in pairs for value in pair])
    return header


def _write(stream, index: CompiledIndex):
    stream.write(MAGIC + bytes(8))
    sections: dict[str, dict[str, tuple[int, int]]] = {}
    for language, base in index.base.items():
        table = sections[language] = {}
        for name in (*FrozenLexicon.TEXTS, *FrozenLexicon.ARRAYS):
            value = getattr(base, name)
            data = value.encode() if isinstance(value, str) else value
            stream.write(bytes(-stream.tell() % 8))
            table[name] = (stream.tell(), memoryview(data).nbytes)
            stream.write(data)
    header_offset = stream.tell()
    pickle.dump({**FORMAT, "header": _header(index), "sections": sections}, stream, protocol=5)
    stream.seek(len(MAGIC))
    stream.write(header_offset.to_bytes(8, "little"))


def _read(path: Path) -> CompiledIndex:
    with path.open("rb") as stream:
        mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[: len(MAGIC)] != MAGIC:
        raise ValueError("not a search index snapshot")
    header_offset = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
    content = pickle.loads(mapped[header_offset:])  # noqa: S301 - our own file, see _load_snapshot
    if any(content.get(key) != value for key, value in FORMAT.items()):
        raise ValueError(f"written by another format or machine: {[content.get(key) for key in FORMAT]}")
    header = content["header"]
    index = CompiledIndex()
    for name in _SMALL:
        setattr(index, name, header[name])
    index.offer_ids = header["offer_ids"].tolist()
    index.slot_of = {offer_id: slot for slot, offer_id in enumerate(index.offer_ids)}
    if index.dead:  # a removed offer's slot stays in offer_ids: only live slots are findable
        index.slot_of = {offer_id: slot for offer_id, slot in index.slot_of.items() if index.alive >> slot & 1}
    index.min_age = [None if age < 0 else age for age in header["min_age"]]
    index.max_age = [None if age < 0 else age for age in header["max_age"]]
    index.verified = header["verified"].tolist()
    flat, position, coordinates = header["coordinates"], 0, []
    for count in header["coordinate_counts"]:
        coordinates.append([(flat[at], flat[at + 1]) for at in range(position, position + 2 * count, 2)])
        position += 2 * count
    index.coordinates = coordinates
    view = memoryview(mapped)
    for language, table in content["sections"].items():
        parts = {}
        for name, (offset, size) in table.items():
            if name in FrozenLexicon.TEXTS:
                parts[name] = str(mapped[offset : offset + size], "utf-8")
            else:
                parts[name] = view[offset : offset + size].cast("I")
        index.base[language] = FrozenLexicon(language, parts)
    return index


def save_snapshot(index: CompiledIndex) -> Path | None:
    """Write the snapshot for new processes (atomically: a reader never sees half a file) and
    drop older ones. A failure only costs the next process a full build."""
    directory = snapshot_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{index.generation}.{index.seq}{SNAPSHOT_SUFFIX}"
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "w+b") as stream:
                _write(stream, index)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        keep = {path for _seq, path in _snapshot_files(index.generation)[-SNAPSHOTS_KEPT:]}
        for path in [*directory.glob(f"*{SNAPSHOT_SUFFIX}"), *directory.glob("*.pickle")]:  # .pickle: before 2026-11-28
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
            index = _read(path)
        except Exception:  # noqa: BLE001 - a damaged or outdated file: build instead
            logger.warning("Ignoring the unreadable search index snapshot %s", path, exc_info=True)
            continue
        if index.generation == generation and index.seq == file_seq:
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
    index.freeze()
    index.generation, index.seq = generation, seq
    index.synonyms_version, index.vocabulary_version = synonyms_version, vocabulary_version
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
    """Removed slots and the delta (words outside the frozen base) both cost memory and time."""
    return index.dead + index.delta_size() > max(100, len(index.offer_ids) // 5)


CHILD_TIMEOUT = 1800  # seconds a child build may take (100,000 offers: minutes on a busy machine)
_CHILD_CODE = "import django; django.setup(); from search.backends.memory import _build_in_child; _build_in_child()"
_DATABASE_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


def _build_in_child():
    """The child's side of `_fresh`: build from the database named by the parent, save, say where."""
    connection.settings_dict.update(json.loads(os.environ["KIM_SEARCH_BUILD_DATABASE"]))
    index = _build(current_state())
    if save_snapshot(index) is None:
        raise SystemExit("could not save the search index snapshot")
    print(json.dumps({"generation": index.generation, "seq": index.seq}))


def _fresh(state) -> CompiledIndex:
    """A newly built index for `state` (or later), saved for new processes.

    Built by a child process where possible, which this process then maps in like a saved
    snapshot: a build's peak (its per-word dicts, about three times the frozen index) and the
    memory it fragments stay out of the serving process (~300 MB at 20,000 offers otherwise).
    One build at a time per snapshot folder: a worker that waited for another one's build uses
    its file. Built here inside a transaction (a test's data is invisible to a child), on an
    in-memory database, or when the child fails."""
    if connection.in_atomic_block:
        return _build(state)
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        index = _build(state)
        save_snapshot(index)
        return index
    directory = snapshot_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "build.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            state = current_state()
            waited = _load_snapshot(state[0], state[1])
            if waited is not None:
                waited = _advance(waited, state) if waited.state != state else waited
                if not _needs_compaction(waited):
                    return waited
            env = {
                **os.environ,
                # (overridden settings, as in tests, name no module: the environment does)
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE,
                "SEARCH_INDEX_DIR": str(directory),
                "KIM_SEARCH_BUILD_DATABASE": json.dumps({key: connection.settings_dict.get(key) for key in _DATABASE_KEYS}),
            }
            done = subprocess.run(
                [sys.executable, "-c", _CHILD_CODE], cwd=settings.BASE_DIR, env=env,
                capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False,
            )  # fmt: skip
            if done.returncode == 0:
                built = json.loads(done.stdout.strip().splitlines()[-1])
                index = _load_snapshot(built["generation"], built["seq"])
                if index is not None:
                    return index
            logger.warning("Building the search index in a child process failed (%s); building here", done.stderr[-2000:])
    except Exception:  # noqa: BLE001 - the index is built here instead
        logger.warning("Building the search index in a child process failed; building here", exc_info=True)
    index = _build(state)
    save_snapshot(index)
    return index


def _compact_in_background():
    """Rebuild without the removed slots and the delta while this process keeps answering."""
    if _compacting.is_set():
        return
    _compacting.set()

    def run():
        global _index
        try:
            fresh = _fresh(current_state())
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
                index = _fresh(state)  # may stand for a later state than `state`
                state = (generation, max(seq, index.seq), *state[2:])
            if index.state != state:
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
