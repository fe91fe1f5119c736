"""Choosers that show a carrier only its own objects: snippet choosers, the page chooser, the place form.

Wagtail's choosers list every object of a model to anyone who may enter the admin; these narrow
them with the same rule the listings use (`carriers.permissions`, `carriers.ownership`).
"""

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser

from carriers.ownership import may_see_page, may_write_for_provider, user_may, visible_pages
from carriers.roles import is_moderator, provider_ids_for_user
from services_directory.models import ProviderPage

# -- snippet choosers ------------------------------------------------------------------------------


class ScopedChooserMixin:
    """Only the objects the user may change or view, in the listing and when one is chosen by id."""

    def scope(self, objects):
        policy = policy_registry.get_by_type(objects.model)
        allowed = policy.instances_user_has_any_permission_for(self.request.user, ["change", "view"])
        return objects.filter(pk__in=allowed.values("pk"))


class ScopedChooseView(ScopedChooserMixin, snippet_chooser.ChooseView):
    def get_object_list(self):
        return self.scope(super().get_object_list())


class ScopedChooseResultsView(ScopedChooserMixin, snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return self.scope(super().get_object_list())


class ScopedChosenView(ScopedChooserMixin, snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.scope(self.model_class.objects.all()).get(pk=pk)


class ScopedChosenMultipleView(ScopedChooserMixin, snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.scope(super().get_objects(pks))


class ScopedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


# -- the page chooser ------------------------------------------------------------------------------


def limit_page_chooser(pages, request):
    """The `construct_page_chooser_queryset` hook: choose only among pages the user may see.

    Browsing into a page the user may not see answers 404, so its (draft) title never shows.
    """
    parent_id = (request.resolver_match.kwargs if request.resolver_match else {}).get("parent_page_id")
    if parent_id and not may_see_page(request.user, Page(pk=parent_id)):
        raise Http404
    return visible_pages(request.user, pages)


def page_chosen_multiple(request):
    """Wagtail's "chosen-multiple" answer, for the visible pages only (it names any page id otherwise)."""
    ids = [value for value in request.GET.getlist("id") if value.isdigit()]
    pages = visible_pages(request.user, Page.objects.filter(pk__in=ids)).specific()
    result = [
        {
            "id": page.pk,
            "parentId": page.get_parent().pk,
            "adminTitle": page.get_admin_display_title(),
            "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            "url": page.url,
        }
        for page in pages
    ]
    return render_modal_workflow(request, None, None, None, json_data={"step": "page_chosen", "result": result})


# -- places ----------------------------------------------------------------------------------------


class PlaceForm(WagtailAdminModelForm):
    """A carrier creates places for its own providers only and cannot hand one to another provider.

    The choice list is narrowed for the eye; `clean_provider` is the check that counts.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("provider")
        if field is not None and self.for_user is not None and not is_moderator(self.for_user):
            field.queryset = ProviderPage.objects.filter(pk__in=provider_ids_for_user(self.for_user)).order_by("title")
            field.required = True

    def clean_provider(self):
        provider = self.cleaned_data.get("provider")
        user = self.for_user
        if user is None or is_moderator(user):
            return provider
        if provider is None or not may_write_for_provider(user, provider):
            raise forms.ValidationError(_("Choose one of your own providers."))
        original = self.instance.provider_id if self.instance.pk else None
        if original is not None and original != provider.pk and not user_may(user, "move", self.instance):
            raise forms.ValidationError(_("Only the KIM moderation can hand a place to another provider."))
        return provider

