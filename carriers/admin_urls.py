"""Admin URLs under /admin/carriers/ (namespace carriers_admin), registered by wagtail_hooks."""

from django.urls import path

from carriers import admin_views

urlpatterns = [
    path("offers/<int:page_id>/verify/", admin_views.verify_offer_view, name="verify_offer"),
    path("invite/", admin_views.invite_editor_view, name="invite_editor"),
    path("translations/", admin_views.translation_report_view, name="translation_report"),
]
