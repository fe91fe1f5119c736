"""Whether a page has its own text in the reader's language or falls back to German.

A module of its own, importing nothing of the portal's apps: every app's page models use the
mixin, and `portal.models` (home page tiles) in turn uses the directory. Migrations still
name it `portal.models.TranslatedPageMixin`, which `portal.models` imports.
"""

from django.utils import translation


class TranslatedPageMixin:
    """Tells whether the reader's language has its own text or falls back to German."""

    # The fields whose emptiness in a language means "not yet translated".
    translation_check_fields: tuple[str, ...] = ()

    def is_translated(self, language=None):
        language = language or translation.get_language() or "de"
        if language == "de":
            return True
        for name in self.translation_check_fields:
            german = getattr(self, f"{name}_de", None)
            local = getattr(self, f"{name}_{language}", None)
            if _has_content(german) and not _has_content(local):
                return False
        return True


def _has_content(value):
    if value is None:
        return False
    if hasattr(value, "raw_data"):  # StreamValue
        return len(value.raw_data) > 0
    return bool(str(value).strip())
