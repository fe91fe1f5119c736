"""Carrier self-service in the Wagtail admin: snippets, menu items, buttons, dashboard panels, hooks."""

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import DEFERRED_REGISTRATIONS, SNIPPET_MODELS, register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from carriers import admin_urls, bulk_actions, choosers, panels, translations
from carriers.models import ProblemReport
from carriers.permissions import ScopedIndexMixin, ScopedObjectMixin
from carriers.roles import can_view_reports, is_moderator, provider_ids_for_user
from services_directory.models import OfferPage, Place
from services_directory.templatetags.directory_tags import OFFER_PAGE_FOOTER_HOOK


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("carriers/", include((admin_urls.urlpatterns, "carriers_admin"), namespace="carriers_admin"))]


# -- snippets scoped to the user's providers -------------------------------------------------------


class ScopedIndexView(ScopedIndexMixin, snippet_views.IndexView):
    pass


class ScopedEditView(ScopedObjectMixin, snippet_views.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, snippet_views.UsageView):
    pass


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    pass


class ScopedCopyView(ScopedObjectMixin, snippet_views.CopyView):
    pass


class ProviderScopedViewSet(SnippetViewSet):
    """A snippet viewset whose every view is limited to the objects of the user's providers."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    copy_view_class = ScopedCopyView
    chooser_viewset_class = choosers.ScopedSnippetChooserViewSet


class ProblemReportViewSet(ProviderScopedViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = _("Problem reports")
    menu_name = "problem-reports"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["offer_title", "created_at", "done", "provider"]
    list_filter = ["done"]
    search_fields = ["offer_title", "description"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True


class PlaceViewSet(ProviderScopedViewSet):
    model = Place
    icon = "site"
    menu_label = _("Places")
    list_display = ["name", "street", "postcode", "district", "provider"]
    search_fields = ["name", "street", "postcode"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(Place.panels, base_form_class=choosers.PlaceForm)


register_snippet(ProblemReportViewSet)


def _place_registered_elsewhere():
    return Place in SNIPPET_MODELS or any(
        registerable is Place or getattr(registerable, "model", None) is Place
        for registerable, _viewset in DEFERRED_REGISTRATIONS
    )


# The directory app may register Place itself (its hooks load first); otherwise we do, scoped.
if not _place_registered_elsewhere():
    register_snippet(PlaceViewSet)


hooks.register("construct_page_chooser_queryset", choosers.limit_page_chooser)

# Registered after Wagtail's own (higher order) so that ours answer for pages.
for _action_class in (*bulk_actions.SCOPED_PAGE_BULK_ACTIONS, bulk_actions.ScopedSnippetDeleteBulkAction):
    hooks.register("register_bulk_action", _action_class, order=100)

hooks.register("before_bulk_action", bulk_actions.refuse_foreign_pages)


@hooks.register("construct_reports_menu")
def hide_reports_for_carriers(request, menu_items):
    """The page-types report is the moderators' (carriers.reports); others do not see it offered."""
    if not is_moderator(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# -- menu items -------------------------------------------------------------------------------------


class TranslationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user) or bool(provider_ids_for_user(request.user))


class InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def translation_report_menu_item():
    return TranslationReportMenuItem(
        _("Translation status"), reverse("carriers_admin:translation_report"), icon_name="globe", order=260,
        name="translation-status",
    )


@hooks.register("register_admin_menu_item")
def invite_menu_item():
    return InviteMenuItem(
        _("Invite carrier editor"), reverse("carriers_admin:invite_editor"), icon_name="user", order=270,
        name="invite-carrier-editor",
    )


# -- "still correct" -------------------------------------------------------------------------------


class VerifyOfferButton(PageMenuItem):
    label = _("Still correct")
    icon_name = "tick"
    url_name = "carriers_admin:verify_offer"
    priority = 25

    def is_shown(self, user):
        return self.page.specific_class is OfferPage and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def verify_header_button(page, user, view_name, next_url=None):
    yield VerifyOfferButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def verify_listing_button(page, user, next_url=None):
    yield VerifyOfferButton(page=page, priority=5)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("carriers.verify", _("Confirm still correct"), _("Confirmed as still correct"))


# -- translation status on every admin save ---------------------------------------------------------


def _record_translations(request, page):
    if isinstance(page, OfferPage) or page.specific_class is OfferPage:
        page = page if isinstance(page, OfferPage) else page.specific
        minor = request.POST.get(translations.MINOR_CHANGE_FIELD) in ("on", "true", "1")
        translations.record(page, minor_change=minor)


@hooks.register(OFFER_PAGE_FOOTER_HOOK)
def offer_report_link(request, page):
    """Readers report a problem with a listing from the offer page."""
    return render_to_string("carriers/report_link.html", {"page": page}, request=request)


hooks.register("after_create_page", _record_translations)
hooks.register("after_edit_page", _record_translations)


# -- dashboard --------------------------------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def add_carrier_panels(request, panel_list):
    panel_list.extend(panels.panels_for(request.user))
