"""Every UI string is translated into every portal language (no empty or fuzzy entries)."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_catalogue_translates_every_string(language):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {language}"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    untranslated = [
        message.id for message in catalog
        if message.id and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    assert len(catalog) > 300
    assert not untranslated, f"{language}: {len(untranslated)} untranslated or fuzzy, e.g. {untranslated[:3]}"
