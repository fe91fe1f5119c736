"""Wagtail's bulk actions (pages; places and problem reports), limited to what the user may see.

Wagtail lists the objects a user may not act on by title ("you don't have permission to …");
given sequential ids that names other carriers' drafts, places and reports. Objects the user may
not even see are left out, and a request naming only such objects answers 404, as for objects
that do not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import classproperty
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction

from carriers.models import ProblemReport
from carriers.ownership import may_see_page, user_may
from services_directory.models import Place

# Bulk action type → the ownership rule's action ("move" between providers is a moderator's call).
OWNERSHIP_ACTIONS = {"delete": "delete", "move": "move", "publish": "publish", "unpublish": "unpublish"}


class VisibleObjectsMixin:
    def may_see(self, obj):
        return may_see_page(self.request.user, obj)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        extra["items_with_no_access"] = [obj for obj in extra["items_with_no_access"] if self.may_see(obj)]
        if not objects and not extra["items_with_no_access"]:
            raise Http404
        return objects, extra


class VisiblePagesMixin(VisibleObjectsMixin):
    pass


class ScopedDeleteBulkAction(VisiblePagesMixin, DeleteBulkAction):
    pass


class ScopedMoveBulkAction(VisiblePagesMixin, MoveBulkAction):
    pass


class ScopedPublishBulkAction(VisiblePagesMixin, PublishBulkAction):
    pass


class ScopedUnpublishBulkAction(VisiblePagesMixin, UnpublishBulkAction):
    pass


SCOPED_PAGE_BULK_ACTIONS = (
    ScopedDeleteBulkAction, ScopedMoveBulkAction, ScopedPublishBulkAction, ScopedUnpublishBulkAction,
)


def refuse_foreign_pages(request, action_type, objects, action_class_instance):
    """The `before_bulk_action` hook: every page, place or report must pass the ownership rule."""
    action = OWNERSHIP_ACTIONS.get(action_type)
    if action is None:
        return None
    for obj in objects:
        if isinstance(obj, (Page, Place, ProblemReport)) and not user_may(request.user, action, obj):
            raise PermissionDenied
    return None


class ScopedSnippetDeleteBulkAction(VisibleObjectsMixin, SnippetDeleteBulkAction):
    """Deleting places and problem reports: only those of the user's providers are even named."""

    @classproperty
    def models(cls):
        return [Place, ProblemReport]

    def may_see(self, obj):
        return self.permission_policy.user_has_any_permission_for_instance(self.request.user, ["change", "view"], obj)
