"""Apply (shared by every kind): translated texts, slugs and saving a page as a revision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from carriers import translations
from open_data.importing.batch import current as deferred_batch
from open_data.importing.report import RecordError
from services_directory.models import OfferPage, ProgrammePage, ProviderPage

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
# Set by the tree, by Wagtail or below: not the record's to get right.
UNCHECKED_PAGE_FIELDS = [
    "path", "depth", "numchild", "url_path", "slug", "draft_title", "locale", "translation_key", "content_type",
    "latest_revision", "live_revision",
]
PUBLISHED_FIELDS = (
    "live", "has_unpublished_changes", "expired", "live_revision", "latest_revision", "last_published_at", "first_published_at",
)


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
        # only the slugs this one could clash with (base, base-2 …): not every sibling's, which
        # made each new offer of a provider with many offers slower than the one before
        taken = set(siblings.filter(**{f"slug_{language}__startswith": base}).values_list(f"slug_{language}", flat=True))
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
        """Save the page with one revision: published, or a draft when asked for or for review.

        What `add_child` + `save_revision().publish()` leave behind (the page, its revision, live
        or not, a "wagtail.publish" log entry) in one page write: Wagtail's way saved every page
        three to four times, each time re-validating slugs in ten languages and refreshing two
        indexes. The upkeep after a save is done once per batch (importing.batch). A draft of a
        live page stays in its revision, as with `save_revision()`; the live content is kept."""
        publish = not self.draft and not review
        now = timezone.now()
        page.draft_title = page.title
        page.latest_revision_created_at = now
        if creating:
            page.live, page.has_unpublished_changes = False, True
            page.slug_de = self._unique_slug(parent, page.title_de or page.title, "de")
            page.slug = page.slug_de
            if "en" in dict(settings.LANGUAGES):
                page.slug_en = self._unique_slug(parent, getattr(page, "title_en", "") or page.title_de, "en")
        try:
            page.clean_fields(exclude=UNCHECKED_PAGE_FIELDS)
            if not creating and not isinstance(page, OfferPage):  # its own rules (an offer's: _save_service)
                page.clean()
        except ValidationError as problem:
            named = problem.message_dict.items() if hasattr(problem, "error_dict") else [("", problem.messages)]
            raise RecordError("; ".join(f"{name}: {' '.join(errors)}".lstrip(": ") for name, errors in named)) from None
        if creating:
            with translation.override(DEFAULT_LANGUAGE):
                parent.add_child(instance=page)
        revision = Revision.objects.create(
            content_object=page, base_content_type=page.get_base_content_type(), content=page.serializable_data(),
            object_str=str(page), created_at=now, user=self.user,
        )
        page.latest_revision = revision
        if publish:
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.live_revision, page.last_published_at = revision, now
            page.first_published_at = page.first_published_at or now
            if creating:  # written by add_child a moment ago: only what publishing changes
                Page.objects.filter(pk=page.pk).update(**{name: getattr(page, name) for name in PUBLISHED_FIELDS})
            else:
                page.save(clean=False)
            log(instance=page, action="wagtail.publish", user=self.user, revision=revision, content_changed=True)
        else:  # as save_revision(): only the page's metadata, the content waits in the revision
            page.has_unpublished_changes = True
            Page.objects.filter(pk=page.pk).update(
                draft_title=page.draft_title, latest_revision=revision, latest_revision_created_at=now,
                has_unpublished_changes=True,
            )
        self._after_page_saved(page, creating, publish)
        return page

    def _after_page_saved(self, page, creating, publish):
        """What other apps did on `page_published`, for this batch: search (batch.flush) and
        the carriers' translation statuses (new offers get theirs when first asked, as demo offers)."""
        batch = deferred_batch()
        if batch is None or not publish:
            return
        if isinstance(page, OfferPage):
            batch.offers.append(page.pk)
            if not creating:
                translations.record(page)
        elif not creating and isinstance(page, ProviderPage):
            batch.offers += OfferPage.objects.descendant_of(page).values_list("pk", flat=True)
        elif not creating and isinstance(page, ProgrammePage):
            batch.offers += OfferPage.objects.filter(programme=page).values_list("pk", flat=True)
