"""The steering reports under the admin's Reports menu, for moderators and steering viewers."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from carriers.ownership import may_view_steering_reports
from steering import admin_urls
from steering.views import REPORT_VIEWS


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("steering/", include((admin_urls.urlpatterns, "steering"), namespace="steering"))]


class SteeringMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_steering_reports(request.user)


def _menu_item(view, order):
    def item():
        return SteeringMenuItem(
            view.page_title, reverse(f"steering:{view.report}"), name=f"steering-{view.report}",
            icon_name=view.header_icon, order=order,
        )

    return item


for _order, _view in enumerate(REPORT_VIEWS):
    hooks.register("register_reports_menu_item", _menu_item(_view, 100 + _order))
