"""Portal data in the Wagtail admin: the barrier reports, readable (not editable) by the moderators."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.models import BarrierReport


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view" (granted to the moderators' group): a report is the reader's words, kept as sent."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([])
        return super().users_with_any_permission(["view"])

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.all()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


register_permission_policy(BarrierReport, ReadOnlyPermissionPolicy(BarrierReport), exact_class=True)


class BarrierReportViewSet(ModelViewSet):
    model = BarrierReport
    icon = "warning"
    menu_label = _("Barrier reports")
    add_to_admin_menu = True
    menu_order = 255
    url_prefix = "barrier-reports"
    name = "barrier_reports"
    list_display = ["created_at", "page_url", "description", "language", "reply_email"]
    list_filter = ["language"]
    search_fields = ["page_url", "description"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = ["created_at", "page_url", "description", "reply_email", "language"]
    copy_view_enabled = False
    form_fields = ["done"]  # never offered: the policy allows no change


@hooks.register("register_admin_viewset")
def register_barrier_reports():
    return BarrierReportViewSet()
