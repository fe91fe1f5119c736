"""Public URLs (inside i18n_patterns): the "report a problem" form of every offer."""

from django.urls import path

from carriers import views

urlpatterns = [
    path("offers/<uuid:hsds_id>/report/", views.report_problem, name="carriers_report_problem"),
]
