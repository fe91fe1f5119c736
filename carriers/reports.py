"""Wagtail reports that would show a carrier other carriers' pages, opened to moderators only.

"Page types usage" names the last edited page of each type (any carrier's draft title) to anyone
who may add or change some page; what a carrier needs is its own offers, in the translation report.
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from carriers.roles import is_moderator


class ModeratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModeratorPageTypesUsageReportView(ModeratorsOnlyMixin, PageTypesUsageReportView):
    pass
