"""Text normalisation shared by indexing and querying: folding, tokens, stems, stop words.

The same functions run on both sides, so "Gefluechtete", "Geflüchtete" and "GEFLÜCHTETE" all
become "gefluchtete", and a stem computed for a document word equals the stem of the same word
typed in a query.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer  # PyStemmer: the Snowball stemmers compiled, ~30x faster than pure Python

# Snowball stemmers for the portal languages that have one (uk, bg: none; prefix and compound
# matching still apply).
STEMMER_NAMES = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "fa": "persian",
    "tr": "turkish",
    "ru": "russian",
    "ro": "romanian",
    "pl": "polish",
}

_CHAR_MAP = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ı": "i",
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        # Arabic and Persian letter variants
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ك": "ک",
        "ة": "ه",
        "ـ": "",  # tatweel
        "\u200c": " ",  # zero-width non-joiner separates Persian word parts
        "\u200d": "",
        "’": "'",
        "ё": "е",
    }
)
# German transliterations of umlauts fold the same way as the umlauts themselves.
_TRANSLITERATIONS = re.compile(r"(?<=[a-z])(ae|oe|ue)")
_TOKEN = re.compile(r"\w+", re.UNICODE)


# Every combining mark (accents, Arabic harakat) in the planes that have them: one C-level
# translate instead of a Python loop over each character of each indexed text.
_COMBINING = dict.fromkeys(code for code in range(0x20000) if unicodedata.combining(chr(code)))


def _untransliterate(match):
    return match.group(1)[0]


def _fold(text: str) -> str:
    text = text.casefold().translate(_CHAR_MAP)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_COMBINING)
    return _TRANSLITERATIONS.sub(_untransliterate, text)


_fold_short = lru_cache(maxsize=20000)(_fold)


def fold(text: str) -> str:
    """Lower case without diacritics, umlauts folded (ü, ue -> u; ß -> ss)."""
    if not text:
        return ""
    # Words, labels and queries repeat; whole descriptions do not and would only fill the cache.
    return _fold_short(text) if len(text) <= 64 else _fold(text)


def tokens(text: str) -> list[str]:
    """Folded word tokens of a text (digits kept: "SGB II", "§ 24")."""
    return _TOKEN.findall(fold(text)) if text else []


_local = threading.local()


def _stemmer(language: str):
    """This thread's stemmer for a language: PyStemmer objects must not be shared by threads."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        name = STEMMER_NAMES.get(language)
        stemmers[language] = Stemmer.Stemmer(name, 0) if name else None  # 0: no internal cache
    return stemmers[language]


@lru_cache(maxsize=20000)
def stem(token: str, language: str) -> str:
    """The stem of a folded token in a language (the token itself where no stemmer exists)."""
    stemmer = _stemmer(language)
    if stemmer is None or len(token) < 4:
        return token
    return stemmer.stemWord(token) or token


def stems(tokens: list[str], language: str) -> list[str]:
    """`stem` for many tokens in one call (index building: one C call per language)."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return list(tokens)
    stemmed = stemmer.stemWords(tokens)
    return [token if len(token) < 4 else (result or token) for token, result in zip(tokens, stemmed, strict=True)]


STOP_WORDS = {
    "de": "der die das den dem des ein eine einer eines einem einen und oder in im ins an am auf "
    "aus bei mit nach von vom zu zum zur fur uber unter ich mich mir mein meine du sie er es wir "
    "ihr ist sind wie was wo wer wann gibt es kann konnen will mochte brauche suche suchen finden "
    "fur furs nicht kein keine auch noch",
    "en": "the a an and or of in on at to for from with by my me i you we is are be how what where "
    "who when can need want help find get do does about",
    "tr": "ve ile bir bu da de icin mi mu ne nasil nerede ben benim",
    "ru": "и в на с по для от о к как где что мне мой моя я",
    "uk": "і й в у на з за для від про як де що мені мій моя я",
    "ar": "في من على الى إلى عن مع او أو و ما كيف اين أين انا لي",
    "fa": "و در از به با برای که را این آن من چگونه کجا",
    "ro": "si in la de cu pentru din un o ce cum unde eu meu mea",
    "bg": "и в на с за от по как къде какво аз мой моя",
    "pl": "i w na z do dla od o jak gdzie co ja moj moja",
}
_STOP_WORDS = {language: {fold(word) for word in words.split()} for language, words in STOP_WORDS.items()}


def is_stop_word(token: str, language: str) -> bool:
    return token in _STOP_WORDS.get(language, ()) or token in _STOP_WORDS["de"] or token in _STOP_WORDS["en"]


def query_terms(text: str, language: str) -> list[str]:
    """The content words of a query, in order and without repeats; stop words only when the
    query has nothing else (so "in" alone still searches)."""
    words = []
    for token in tokens(text):
        if token not in words:
            words.append(token)
    content = [word for word in words if not is_stop_word(word, language)]
    return content or words


def normalise_query(text: str) -> str:
    """The form a query is logged in: folded words separated by single spaces."""
    return " ".join(tokens(text))[:200]
