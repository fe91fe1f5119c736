"""Wagtail's page bulk actions, with the confirmation page limited to what the user may see.

Wagtail lists the pages a user may not act on by title ("you don't have permission to …"); given
sequential ids that names other carriers' drafts. Pages the user may not even see are left out,
and a request naming only such pages answers 404, as for pages that do not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page

from carriers.ownership import may_see_page, user_may

# Bulk action type → the ownership rule's action ("move" between providers is a moderator's call).
OWNERSHIP_ACTIONS = {"delete": "delete", "move": "move", "publish": "publish", "unpublish": "unpublish"}


class VisiblePagesMixin:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        hidden = [page for page in extra["items_with_no_access"] if not may_see_page(user, page)]
        extra["items_with_no_access"] = [page for page in extra["items_with_no_access"] if page not in hidden]
        if not objects and not extra["items_with_no_access"]:
            raise Http404(_("No such pages."))
        return objects, extra


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
    """The `before_bulk_action` hook: every page must pass the ownership rule for this action."""
    action = OWNERSHIP_ACTIONS.get(action_type)
    if action is None:
        return None
    for obj in objects:
        if isinstance(obj, Page) and not user_may(request.user, action, obj):
            raise PermissionDenied
    return None
