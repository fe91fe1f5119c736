"""Groupings for the directory index: providers A–Z and programmes by funding level.

Kept out of the page model so the grouping rules (umlauts file under their base letter, anything
not a Latin letter under "#") can be tested and reused without rendering a page.
"""

import unicodedata
from dataclasses import dataclass, field

OTHER = "#"


@dataclass
class LetterGroup:
    letter: str
    providers: list = field(default_factory=list)

    @property
    def anchor(self):
        """A fragment id that is valid and unique on the page ("providers-a", "providers-other")."""
        return "providers-other" if self.letter == OTHER else f"providers-{self.letter.lower()}"


@dataclass
class LevelGroup:
    level: object  # a funding-level Term
    programmes: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"programmes-{self.level.code}"


def _base_letters(text):
    """"Ökumenisches Zentrum" -> "OKUMENISCHES ZENTRUM": accents dropped, for filing and sorting."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).upper()


def filing_letter(title):
    """The A–Z letter a title is filed under, or "#" for digits, quotes and non-Latin scripts."""
    for char in _base_letters(title.strip()):
        if char.isalnum():
            return char if "A" <= char <= "Z" else OTHER
        if not char.isspace() and char not in "\"'„“”‚‘’«»(":
            return OTHER
    return OTHER


def sort_key(title):
    return (_base_letters(title).casefold(), title.casefold())


def providers_by_letter(queryset):
    """[LetterGroup(letter="A", providers=[...]), ...] in A–Z order, "#" last; empty letters left out."""
    groups = {}
    for provider in sorted(queryset, key=lambda page: sort_key(page.title)):
        letter = filing_letter(provider.title)
        groups.setdefault(letter, LetterGroup(letter)).providers.append(provider)
    return sorted(groups.values(), key=lambda group: (group.letter == OTHER, group.letter))


def programmes_by_funding_level(queryset):
    """[LevelGroup(level=<Term eu>, programmes=[...]), ...] in the vocabulary's order of levels."""
    groups = {}
    for programme in queryset:
        level = programme.funding_level
        groups.setdefault(level.pk, LevelGroup(level)).programmes.append(programme)
    for group in groups.values():
        group.programmes.sort(key=lambda page: sort_key(page.title))
    return sorted(groups.values(), key=lambda group: (group.level.sort_order, group.level.code))
