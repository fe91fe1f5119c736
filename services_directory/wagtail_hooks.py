"""The directory's vocabulary and places in the Wagtail admin, as snippets.

Editors may add vocabulary terms and translate their labels, but a saved code never changes:
search filters, the open-data API and imports refer to terms by code. So on an existing term or
taxonomy the code (and the taxonomy a term belongs to) is shown read-only.
"""

from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.languages import native_name
from services_directory.models import Place, Taxonomy, Term
from services_directory.visibility import has_unpublished_ancestor

CODE_LOCKED_HELP = _("Codes are stable identifiers: search, the open-data API and imports use them.")


class CodeLockedForm(WagtailAdminModelForm):
    """Creates with a code; afterwards the code (and a term's taxonomy) are read-only."""

    locked_on_edit = ("code", "taxonomy")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.locked_on_edit:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].required = False
            if "code" in self.fields:
                self.fields["code"].help_text = CODE_LOCKED_HELP


def _translated_panels(field, label):
    """One input per portal language ("Label (العربية)"), German first."""
    return [
        FieldPanel(f"{field}_{code}", heading=f"{label} ({native_name(code)})")
        for code, _name in settings.LANGUAGES
    ]


class TaxonomyViewSet(SnippetViewSet):
    model = Taxonomy
    icon = "tag"
    menu_label = _("Taxonomies")
    list_display = ["name", "code"]
    search_fields = ["code", "name"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            MultiFieldPanel(_translated_panels("name", _("Name")), heading=_("Name in each language")),
        ],
        base_form_class=CodeLockedForm,
    )


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "list-ul"
    menu_label = _("Vocabulary terms")
    list_display = ["name", "code", "taxonomy", "parent", "level"]
    list_filter = ["taxonomy", "level"]
    list_per_page = 100
    search_fields = ["code", "name", "short_name"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("taxonomy"), FieldPanel("code")]),
            MultiFieldPanel(_translated_panels("name", _("Label")), heading=_("Label in each language")),
            FieldPanel("short_name"),
            FieldRowPanel([FieldPanel("parent"), FieldPanel("level"), FieldPanel("number")]),
            FieldPanel("sort_order"),
        ],
        base_form_class=CodeLockedForm,
    )


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    list_display = ["name", "street", "postcode", "district", "provider"]
    list_filter = ["provider"]
    search_fields = ["name", "street", "postcode"]
    search_backend_name = None
    copy_view_enabled = False


class DirectoryDataGroup(SnippetViewSetGroup):
    menu_label = _("Directory data")
    menu_icon = "folder-open-inverse"
    menu_order = 220
    # Carrier self-service registers Place itself, scoped to each carrier's own places; the
    # directory only does when that app is not installed.
    items = (TaxonomyViewSet, TermViewSet) if apps.is_installed("carriers") else (
        TaxonomyViewSet, TermViewSet, PlaceViewSet,
    )


register_snippet(DirectoryDataGroup)


@hooks.register("before_serve_page")
def hide_pages_below_unpublished_ones(page, request, serve_args, serve_kwargs):
    """What the public may see (services_directory.visibility): Wagtail serves a live page even
    when a page above it (its provider) is unpublished; such a page is not found. View
    restrictions keep Wagtail's own handling (password form, login)."""
    if has_unpublished_ancestor(page):
        raise Http404
