"""Apply (shared by every kind): translated texts, slugs and saving a page as a revision."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation
from wagtail.models import Page, Revision

from open_data.importing import writes
from open_data.importing.batch import current as deferred_batch
from open_data.importing.report import RecordError
from services_directory.models import OfferPage, ProgrammePage, ProviderPage

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
# Set by the tree, by Wagtail or below: not the record's to get right.
UNCHECKED_PAGE_FIELDS = [
    "path", "depth", "numchild", "url_path", "slug", "draft_title", "locale", "translation_key", "content_type",
    "latest_revision", "live_revision",
]


@cache
def _foreign_keys(model):
    """A page's links to other rows: the import sets them to rows it read in its transaction (a
    provider, a programme), and the database refuses any other; Django's check of each is a query."""
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def page_rules(page):
    """The page type's own rules (ages, dates, fees, umbrellas …) without the checks that its
    slugs are free among its siblings (Wagtail's and wagtail-modeltranslation's, which read every
    sibling): an import never changes the slug of a page that exists, and a new page gets a free
    one (writes.Children). With no parent known, both checks pass, as for the root page."""
    parent = page.__dict__.get("_cached_parent_obj", _NOT_READ)
    page._cached_parent_obj = None
    try:
        page.clean()
    finally:
        if parent is _NOT_READ:
            del page._cached_parent_obj
        else:
            page._cached_parent_obj = parent


_NOT_READ = object()


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

    def _children(self):
        """What this batch knows of the children of the pages it adds to (importing.writes)."""
        if deferred_batch() is None:  # a record on its own: nothing to keep between transactions
            return writes.Children(self.slug_languages)
        if getattr(self, "_tree", None) is None:
            self._tree = writes.Children(self.slug_languages)
        return self._tree

    @property
    def slug_languages(self):
        return [code for code in (DEFAULT_LANGUAGE, "en") if code in dict(settings.LANGUAGES)]

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
        """Save the page: published, or as a draft revision when asked for or for review.

        What `add_child` + `save_revision().publish()` leave behind, in one write per table
        (importing.writes): Wagtail's way saved every page three to four times, each time
        re-validating slugs in ten languages, and each child row on its own. A published import
        keeps no revision: nothing waits for review, and Wagtail's editor reads the live page
        when it has no unpublished changes. A draft (asked for, or for review) is a revision, as
        with `save_revision()`: a live page keeps its live content. The upkeep after a save is
        done once per batch (importing.batch)."""
        publish = not self.draft and not review
        now = timezone.now()
        page.draft_title = page.title
        page.latest_revision_created_at = now
        if creating:
            children = self._children()
            for language in self.slug_languages:
                title = getattr(page, f"title_{language}", "") or page.title_de or page.title
                setattr(page, f"slug_{language}", children.unique_slug(parent, title, language))
            page.slug = page.slug_de
        try:
            # the fields the import set or changed (the others hold what was checked before); a set:
            # Django looks each of an offer page's 300 fields up in it (a list cost 0.4 ms a page)
            page.clean_fields(exclude={*UNCHECKED_PAGE_FIELDS, *_foreign_keys(type(page)), *writes.unchanged_fields(page)})
            if not creating and not isinstance(page, OfferPage):  # its own rules (an offer's: _save_service)
                page_rules(page)
        except ValidationError as problem:
            named = problem.message_dict.items() if hasattr(problem, "error_dict") else [("", problem.messages)]
            raise RecordError("; ".join(f"{name}: {' '.join(errors)}".lstrip(": ") for name, errors in named)) from None
        if publish:
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.last_published_at = now
            page.first_published_at = page.first_published_at or now
        # New child rows wait for the batch, but not those read back in this record: a draft's
        # revision, and a provider's document (made after the save; an offer's is made before).
        rows_now = not publish or not isinstance(page, OfferPage)
        if creating:
            if not publish:
                page.live, page.has_unpublished_changes = False, True
            children.place(parent, page)
            try:
                with translation.override(DEFAULT_LANGUAGE):
                    pending = writes.insert_page(page, parent)
            except IntegrityError:  # an editor added a page there meanwhile: read the children again
                children.forget(parent)
                raise
            writes.write_relations(page, pending, creating=True, now=rows_now)
            writes.log_later(page, "wagtail.create", user=self.user, revision=None, timestamp=now)
        elif publish:
            writes.write_relations(page, writes.update_page(page), creating=False, now=rows_now)
        if publish:
            writes.log_later(page, "wagtail.publish", user=self.user, revision=None, timestamp=now)
        else:  # as save_revision(): the content waits in the revision, the page notes it
            self._save_draft(page, now, creating)
        self._after_page_saved(page, creating, publish)
        return page

    def _save_draft(self, page, now, creating):
        revision = Revision.objects.create(
            content_object=page, base_content_type=page.get_base_content_type(), content=page.serializable_data(),
            object_str=str(page), created_at=now, user=self.user,
        )
        page.latest_revision, page.has_unpublished_changes = revision, True
        Page.objects.filter(pk=page.pk).update(
            draft_title=page.draft_title, latest_revision=revision, latest_revision_created_at=now, has_unpublished_changes=True,
        )
        if not creating:
            writes.log_later(page, "wagtail.edit", user=self.user, revision=revision, timestamp=now)

    def _after_page_saved(self, page, creating, publish):
        """What other apps did on `page_published`, for this batch: search (batch.flush) and
        the carriers' translation statuses (new offers get theirs when first asked, as demo offers)."""
        batch = deferred_batch()
        if batch is None or not publish:
            return
        if isinstance(page, OfferPage):
            batch.offers.append(page.pk)
            if not creating:
                batch.translated.append(page)
        elif not creating and isinstance(page, (ProviderPage, ProgrammePage)):
            batch.offers_of.append(page)  # its offers: found once for the batch
