"""Admin URLs under /admin/steering/ (namespace steering), registered by wagtail_hooks."""

from django.urls import path

from steering.views import REPORT_VIEWS

urlpatterns = []
for _view in REPORT_VIEWS:
    urlpatterns += [
        path(f"{_view.report}/", _view.as_view(), name=_view.report),
        path(f"{_view.report}/print/", _view.as_view(print_view=True), name=f"{_view.report}_print"),
    ]
