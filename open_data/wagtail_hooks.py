"""The spreadsheet import in the Wagtail admin menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from open_data import admin_views

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
