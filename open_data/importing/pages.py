"""Apply (shared by every kind): translated texts, slugs and saving a page as a revision."""

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from open_data.importing.report import RecordError

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


class PageSteps:
    """Mixin of the importer: `self.language` and `self.draft` decide what is written how."""

    def _text(self, name):
        """The field a text goes into: this language's column."""
        return f"{name}_{self.language}"

    def _texts(self, instance, values, creating, fallback=False):
        """Set translated texts for this language (and the German fallback on new records).

        `fallback`: the document says some of its texts are German fallback (our own
        `x-fallback-language`): a text equal to the German one is no translation and stays empty."""
        result = {}
        for name, value in values.items():
            if fallback and not creating and self.language != DEFAULT_LANGUAGE and value and value == getattr(
                instance, f"{name}_{DEFAULT_LANGUAGE}", None
            ):
                value = ""
            result[f"{name}_{self.language}"] = value
            if creating and self.language != DEFAULT_LANGUAGE and not getattr(instance, f"{name}_{DEFAULT_LANGUAGE}", ""):
                result[f"{name}_{DEFAULT_LANGUAGE}"] = value
        return result

    @property
    def structural(self):
        """Only the default-language feed changes anything but texts of existing records."""
        return self.language == DEFAULT_LANGUAGE

    @staticmethod
    def _unique_slug(parent, title, language, exclude_pk=None):
        base = slugify(title)[:200] or "angebot"
        siblings = parent.get_children().exclude(pk=exclude_pk) if exclude_pk else parent.get_children()
        taken = set(siblings.values_list(f"slug_{language}", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _shortfall(self, reason):
        """The record lacks something the profile needs: refused in strict mode, else noted and
        the service saved as a draft for an editor to review."""
        if self.strict:
            raise RecordError(reason)
        self.review.append(reason)

    def _aside(self, where, reason):
        """A part the directory cannot hold: kept with the imported document, given back on export."""
        self.notes.append(f"{where}: {reason} (kept for export, not shown on the portal)")

    def _save_page(self, page, parent, creating, review=False):
        if creating:
            page.live = False
            page.slug_de = self._unique_slug(parent, page.title_de or page.title, "de")
            page.slug = page.slug_de
            if "en" in dict(settings.LANGUAGES):
                page.slug_en = self._unique_slug(parent, getattr(page, "title_en", "") or page.title_de, "en")
            with translation.override(DEFAULT_LANGUAGE):
                parent.add_child(instance=page)
        revision = page.save_revision()
        if not self.draft and not review:
            revision.publish()
        return page
