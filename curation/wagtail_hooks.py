"""Collections in the admin: the live-count endpoint, a warning when a saved collection is
empty, a dashboard panel of empty collections, and the links from offer pages' labels."""

from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from services_directory.templatetags.directory_tags import TERM_PAGES_HOOK

from . import views
from .landing import landing_urls
from .models import CollectionPage

DASHBOARD_LIMIT = 10


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("curation/count/", views.count_view, name="curation_count")]


def _warn_when_empty(request, page):
    page = page.specific
    if isinstance(page, CollectionPage) and page.count() == 0:
        messages.warning(request, _("This collection finds no offers at the moment. Readers will see an empty list."))


hooks.register("after_create_page", _warn_when_empty)
hooks.register("after_edit_page", _warn_when_empty)


class EmptyCollectionsPanel(Component):
    """Published collections that have become empty (offers unpublished or reclassified)."""

    name = "curation-empty-collections"
    template_name = "curation/admin/empty_panel.html"
    order = 450

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        empty = [page for page in CollectionPage.objects.live().order_by("title") if page.count() == 0]
        context.update(panel_id=self.name, pages=empty[:DASHBOARD_LIMIT], more=max(len(empty) - DASHBOARD_LIMIT, 0))
        return context


@hooks.register("construct_homepage_panels")
def add_empty_collections_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin") and CollectionPage.objects.exists():
        panels.append(EmptyCollectionsPanel())


@hooks.register(TERM_PAGES_HOOK)
def term_pages(request):
    return landing_urls(request)
