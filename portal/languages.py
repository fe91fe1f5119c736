"""The portal languages, read once from the controlled vocabulary.

The vocabulary file (`services_directory/vocabulary/taxonomies.json` in the repository, or the file
`KIM_VOCABULARY_FILE` names) is the single source of truth for which languages the portal speaks
and which of them are written right to left.
"""

import json
import os
from functools import cache
from pathlib import Path

from babel import Locale

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_VOCABULARY_FILE = BASE_DIR / "services_directory" / "vocabulary" / "taxonomies.json"


def vocabulary_file() -> Path:
    return Path(os.environ.get("KIM_VOCABULARY_FILE") or DEFAULT_VOCABULARY_FILE)


@cache
def load_vocabulary() -> dict:
    path = vocabulary_file()
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise SystemExit(
            f"Configuration error: KIM_VOCABULARY_FILE {path} does not exist "
            f"(unset it to use the repository's {DEFAULT_VOCABULARY_FILE.relative_to(BASE_DIR)})"
        ) from None
    except json.JSONDecodeError as error:
        raise SystemExit(f"Configuration error: KIM_VOCABULARY_FILE {path} is not valid JSON ({error})") from None


def portal_language_codes() -> list[str]:
    return [entry["code"] for entry in load_vocabulary()["portal_languages"]]


def rtl_language_codes() -> set[str]:
    return {entry["code"] for entry in load_vocabulary()["portal_languages"] if entry.get("rtl")}


@cache
def native_name(code: str) -> str:
    """A language named in itself ("Deutsch", "العربية"), as a language switcher shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def language_name(code: str, in_language: str) -> str:
    """Any ISO 639 language named in the reader's language, falling back to English, then the code."""
    for locale_code in (in_language, "en"):
        try:
            name = Locale.parse(locale_code).languages.get(code)
        except (ValueError, TypeError):
            name = None
        if name:
            return name[:1].upper() + name[1:]
    return code
