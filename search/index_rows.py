"""The database-native engine's index rows, written from the one document (search.documents).

`search.store` calls `write` / `delete` / `clear` inside its own transaction, under the index
state lock, so the rows always agree with `SearchDocument` and every process sees a change the
moment it commits: no process holds a copy (search.backends.sql reads them).

Rows per offer: its words per text field (`kim_search_posting`, against the lexicon
`kim_search_word`), its facet codes (`kim_search_facet`, every key of the document's "facets"
plus residence statuses, so a facet another issue adds to the document needs no change here)
and its place coordinates (`kim_search_point`).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import connection

from search import text

# Text fields and the points a query word earns there (before its match quality).
FIELD_TITLE, FIELD_SUMMARY, FIELD_DESCRIPTION, FIELD_NAMES, FIELD_PLACES = range(5)
FIELD_WEIGHTS = {FIELD_TITLE: 80, FIELD_SUMMARY: 30, FIELD_DESCRIPTION: 10, FIELD_NAMES: 40, FIELD_PLACES: 30}
TEXT_FIELDS = {"title": FIELD_TITLE, "summary": FIELD_SUMMARY, "description": FIELD_DESCRIPTION}
RESIDENCE = "residence_status"  # facet rows for residence statuses (eligibility, label matches)
MAX_WORD = 100
BATCH = 900  # rows per INSERT / ids per IN (...): below SQLite's 999-parameter floor on old builds


def enabled() -> bool:
    """Whether index writes keep these rows: only for the engine that reads them (they cost the
    in-process engine's writes about ten times their time). Switching SEARCH_ENGINE to "sql"
    therefore needs one `rebuild_search_index`."""
    return getattr(settings, "SEARCH_ENGINE", "sql") == "sql"


def chunks(items: list, size: int = BATCH):
    """`items` in slices of `size` (itertools.batched, which Python 3.11 does not have)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _word_sets(document: dict) -> dict[tuple[str, int], set[str]]:
    """(language, field) -> folded words of that field in that language."""
    words: dict[tuple[str, int], set[str]] = {}
    for name, field in TEXT_FIELDS.items():
        for language, value in (document.get(name) or {}).items():
            words.setdefault((language, field), set()).update(text.tokens(value))
    provider = document.get("provider") or {}
    programme = document.get("programme") or {}
    names = " ".join(filter(None, [provider.get("name"), programme.get("name"), programme.get("short_name")]))
    if names:
        words.setdefault(("de", FIELD_NAMES), set()).update(text.tokens(names))
    for place in document.get("places") or []:
        for language, value in (place.get("name") or {}).items():
            words.setdefault((language, FIELD_PLACES), set()).update(text.tokens(value))
    return {key: {word[:MAX_WORD] for word in found if word} for key, found in words.items() if found}


def word_ids(pairs: set[tuple[str, str]], create: bool = True) -> dict[tuple[str, str], int]:
    """Ids of (language, word) pairs in the lexicon, adding the missing ones (the caller holds
    the index state lock, so no other writer adds the same word meanwhile)."""
    found: dict[tuple[str, str], int] = {}
    by_language: dict[str, list[str]] = {}
    for language, word in pairs:
        by_language.setdefault(language, []).append(word)
    with connection.cursor() as cursor:
        for language, words in by_language.items():
            for chunk in chunks(sorted(words)):
                cursor.execute(
                    f"SELECT id, word FROM kim_search_word WHERE language = %s AND word IN ({', '.join(['%s'] * len(chunk))})",
                    [language, *chunk],
                )
                for word_id, word in cursor.fetchall():
                    found[(language, word)] = word_id
        missing = sorted(pairs - set(found))
        if not missing or not create:
            return found
        for language in {language for language, _word in missing}:
            words = [word for code, word in missing if code == language]
            stems = text.stems(words, language)
            rows = [(language, word, stem[:MAX_WORD], len(word)) for word, stem in zip(words, stems, strict=True)]
            for chunk in chunks(rows, BATCH // 4):
                cursor.execute(
                    "INSERT INTO kim_search_word (language, word, stem, length) VALUES "
                    + ", ".join(["(%s, %s, %s, %s)"] * len(chunk)),
                    [value for row in chunk for value in row],
                )
            for chunk in chunks(words):
                cursor.execute(
                    f"SELECT id, word FROM kim_search_word WHERE language = %s AND word IN ({', '.join(['%s'] * len(chunk))})",
                    [language, *chunk],
                )
                new = cursor.fetchall()
                for word_id, word in new:
                    found[(language, word)] = word_id
                if connection.vendor == "sqlite" and new:
                    cursor.execute(
                        "INSERT INTO kim_search_word_trigram (rowid, word) VALUES "
                        + ", ".join(["(%s, %s)"] * len(new)),
                        [value for row in new for value in row],
                    )
    return found


def _insert(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]):
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for chunk in chunks(rows, max(1, BATCH // len(columns))):
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(chunk))}",
            [value for row in chunk for value in row],
        )


def delete(offer_ids: Iterable[int]) -> None:
    """Remove the rows of these offers (their SearchDocument rows are handled by search.store)."""
    offer_ids = sorted(set(offer_ids))
    with connection.cursor() as cursor:
        for chunk in chunks(offer_ids):
            marks = ", ".join(["%s"] * len(chunk))
            for table in ("kim_search_posting", "kim_search_facet", "kim_search_point"):
                cursor.execute(f"DELETE FROM {table} WHERE offer_id IN ({marks})", chunk)


def clear() -> None:
    """Empty the index rows (a full rebuild); the lexicon is emptied too, so it holds only words
    of current text again."""
    with connection.cursor() as cursor:
        for table in ("kim_search_posting", "kim_search_facet", "kim_search_point", "kim_search_word"):
            cursor.execute(f"DELETE FROM {table}")
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM kim_search_word_trigram")


def columns(document: dict) -> dict:
    """The SearchDocument columns the engine filters and sorts by."""
    verified = document.get("last_verified_at")
    return {
        "min_age": document.get("min_age"),
        "max_age": document.get("max_age"),
        "verified_on": datetime.date.fromisoformat(verified) if verified else None,
        "sort_title": (document.get("sort_title") or "")[:300],
        "residence_open": not document.get("residence_status"),
    }


def write(documents: list[dict], replace: bool = True) -> None:
    """Write the rows of these documents (replacing their old rows unless `replace` is False:
    a rebuild into empty tables)."""
    if not documents:
        return
    if replace:
        delete(document["offer_id"] for document in documents)
    per_document = [(document, _word_sets(document)) for document in documents]
    ids = word_ids({(language, word) for _doc, sets in per_document for (language, _f), words in sets.items() for word in words})
    postings, facets, points = [], [], []
    for document, sets in per_document:
        offer_id = document["offer_id"]
        seen = set()
        for (language, field), words in sets.items():
            for word in words:
                key = (ids[(language, word)], field)
                if key not in seen:
                    seen.add(key)
                    postings.append((key[0], offer_id, field))
        names = {
            "provider": (document.get("provider") or {}).get("name") or "",
            "programme": (document.get("programme") or {}).get("name") or "",
        }
        values = {(facet, str(code)) for facet, codes in (document.get("facets") or {}).items() for code in codes}
        values |= {(RESIDENCE, code) for code in document.get("residence_status") or []}
        facets.extend((offer_id, facet, code[:100], names.get(facet, "")[:300]) for facet, code in sorted(values))
        for place in document.get("places") or []:
            if place.get("latitude") is not None and place.get("longitude") is not None:
                points.append((offer_id, place.get("id") or 0, place.get("district") or "", place["latitude"], place["longitude"]))
    with connection.cursor() as cursor:
        _insert(cursor, "kim_search_posting", ("word_id", "offer_id", "field"), postings)
        _insert(cursor, "kim_search_facet", ("offer_id", "facet", "code", "label"), facets)
        _insert(cursor, "kim_search_point", ("offer_id", "place_id", "district", "latitude", "longitude"), points)
