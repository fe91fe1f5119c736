"""URLs of the APIs alone, without language-prefixed patterns.

API views set `request.urlconf` to this module so that Django's LocaleMiddleware does not turn an
API's JSON 404 into a redirect to /de/... (it redirects 404s whose language-prefixed path would
match, and Wagtail's catch-all matches everything)."""

from django.urls import include, path

urlpatterns = [
    path("api/hsds/", include("open_data.urls")),
    path("api/", include("open_data.docs_urls")),
]
