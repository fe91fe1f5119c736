"""The search JSON API (no language prefix; `lang` is a parameter)."""

from django.urls import path

from search import api

urlpatterns = [path("api/v1/search/", api.search_api, name="search_api")]
