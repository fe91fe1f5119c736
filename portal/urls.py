"""URL map: the Wagtail admin and APIs without a language prefix, every public page under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import admin_views, health, views
from portal.sitemaps import sitemaps

urlpatterns = [
    # Safer versions of admin views (portal.admin_views), matched before Wagtail's own.
    path("admin/logout/", admin_views.LogoutView.as_view(), name="wagtailadmin_logout"),
    path("admin/password_reset/", admin_views.PasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    path(
        "admin/pages/<int:page_id>/edit/copy_translation_content/",
        admin_views.copy_translation_content,
        name="portal_copy_translation_content",
    ),
    # Carrier scoping Wagtail offers no hook for, and invitations (carriers/admin_overrides.py).
    path("admin/", include("carriers.admin_overrides")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps(), "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps()}, name="sitemap_section"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("search.api_urls")),
    path("api/hsds/", include("open_data.urls")),
    path("api/", include("open_data.docs_urls")),
]

urlpatterns += i18n_patterns(
    path("barrier-report/", views.barrier_report, name="barrier_report"),
    path("", include("referrals.urls")),
    path("", include("search.urls")),
    path("", include("carriers.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = "portal.views.page_not_found"
