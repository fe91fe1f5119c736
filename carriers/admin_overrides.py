"""Admin URLs matched before Wagtail's own (included first in portal/urls): replacements, invitations.

Wagtail offers no hook for the page chooser's "chosen-multiple" answer or for the page-types
report; the replacements run the same views with the ownership rule applied.
"""

from django.urls import path
from wagtail.admin.auth import require_admin_access

from carriers.admin_views import accept_invitation_view
from carriers.choosers import page_chosen_multiple
from carriers.reports import ModeratorPageTypesUsageReportView

urlpatterns = [
    # Outside Wagtail's admin-access check: an invited account may not have admin access yet.
    path("invitations/<str:token>/", accept_invitation_view, name="carriers_accept_invitation"),
    path("choose-page/chosen-multiple/", require_admin_access(page_chosen_multiple)),
    path(
        "reports/page-types-usage/",
        require_admin_access(ModeratorPageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        require_admin_access(ModeratorPageTypesUsageReportView.as_view(results_only=True)),
    ),
]
