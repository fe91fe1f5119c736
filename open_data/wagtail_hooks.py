"""The spreadsheet import in the Wagtail admin menu; foreign taxonomy terms as snippets."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from open_data import admin_views
from open_data.models import ForeignTerm
from open_data.recurrence import offer_schedules

urls = [
    path("", admin_views.upload, name="upload"),
    path("template.csv", admin_views.template, name="template"),
    path("report/<str:token>.csv", admin_views.report, name="report"),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("import-offers/", include((urls, "open_data_admin")))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.providers_for(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ImportMenuItem(_("Import offers (CSV)"), reverse("open_data_admin:upload"), icon_name="upload", order=900)


class ForeignTermViewSet(SnippetViewSet):
    """Foreign taxonomy terms met in imports, to be mapped to the portal's vocabulary."""

    model = ForeignTerm
    icon = "tag"
    menu_label = _("Foreign taxonomy terms")
    add_to_admin_menu = False
    list_display = ["taxonomy", "code", "name", "term", "first_seen"]
    list_filter = ["taxonomy"]
    search_fields = ["taxonomy", "code", "name"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("taxonomy", read_only=True), FieldPanel("code", read_only=True)]),
        FieldRowPanel([FieldPanel("name", read_only=True), FieldPanel("foreign_id", read_only=True)]),
        FieldPanel("term"),
    ]


register_snippet(ForeignTermViewSet)


@hooks.register("directory_offer_schedules")
def imported_recurrences(page):
    """Recurrence rules of an imported offer in the reader's words (open_data.recurrence)."""
    return offer_schedules(page)
