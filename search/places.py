"""Place words in a query: Cologne itself and its Stadtbezirke and Stadtteile, in the script of
any portal language ("كالك", "Кальк", "Kalk"; "كولن", "Кёльн", "Köln").

The words are vocabulary data, never code: the district terms' labels in every language and the
city's names (`city_names` in taxonomies.json). The city's name tells the search nothing (every
offer is in Cologne), so the search service drops it from the text instead of finding nothing
in a language whose offer texts do not name the city; a district's name stays in the text (its
label in the index favours offers there) and the search page offers it as a filter ("Kalk?").
"""

import re
from dataclasses import dataclass
from functools import cache

from portal.languages import load_vocabulary
from search import text as search_text
from services_directory.models.vocabulary import LEVEL_STADTBEZIRK

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_PLACE_LETTERS = 3  # shorter labels would turn ordinary words into place suggestions


@cache
def city_words() -> frozenset[str]:
    """The city's names in every portal language, folded ("koln", "cologne", "كولن", …)."""
    names = load_vocabulary().get("city_names", {})
    return frozenset(
        token for words in names.values() for word in words for token in search_text.tokens(word)
    )


def split_city(text: str) -> tuple[str, list[str]]:
    """(the text without the city's names, the names it contained as typed)."""
    dropped: list[str] = []
    cities = city_words()

    def drop(match):
        if search_text.fold(match.group()) in cities:
            dropped.append(match.group())
            return " "
        return match.group()

    remaining = _WORD.sub(drop, text) if cities else text
    if not dropped:
        return text, []
    # What is left between the words ("Köln-Kalk" -> "-Kalk") is punctuation; keep the words.
    return " ".join(_WORD.findall(remaining)), dropped


@dataclass(frozen=True)
class PlaceMention:
    code: str  # the district term's code (a Stadtbezirk where a Stadtteil has the same name)
    words: tuple[str, ...]  # the folded query words that named it


def _phrases(district_terms) -> dict[tuple[str, ...], str]:
    """Folded label words -> district code, over the labels in every language. A Stadtbezirk
    wins over its Stadtteil of the same name ("Kalk"): the wider filter loses no offer."""
    phrases: dict[tuple[str, ...], str] = {}
    ordered = sorted(district_terms, key=lambda term: term.level != LEVEL_STADTBEZIRK)
    for term in ordered:
        for field in term._meta.get_fields():
            name = getattr(field, "attname", "")
            if not (name == "name" or name.startswith("name_")):
                continue
            label = getattr(term, name, "") or ""
            # "Innenstadt (city centre)": the name before the explanation; "Esch/Auweiler": each part.
            for part in re.split(r"[/(]", label.split(" (")[0]):
                words = tuple(search_text.tokens(part))
                if words and sum(len(word) for word in words) >= MIN_PLACE_LETTERS:
                    phrases.setdefault(words, term.code)
    return phrases


def district_mentions(text: str, district_terms) -> list[PlaceMention]:
    """The districts a query names, longest phrase first, each once, in query order."""
    tokens = search_text.tokens(text)
    if not tokens:
        return []
    phrases = _phrases(district_terms)
    longest = max((len(words) for words in phrases), default=0)
    mentions: list[PlaceMention] = []
    position = 0
    while position < len(tokens):
        for size in range(min(longest, len(tokens) - position), 0, -1):
            words = tuple(tokens[position : position + size])
            code = phrases.get(words)
            if code:
                if all(mention.code != code for mention in mentions):
                    mentions.append(PlaceMention(code=code, words=words))
                position += size
                break
        else:
            position += 1
    return mentions


def without_words(text: str, words) -> str:
    """The query text without the (folded) words of a place mention."""
    remove = set(words)
    return " ".join(word for word in _WORD.findall(text) if search_text.fold(word) not in remove)
