"""/api/schema/ (OpenAPI JSON) and /api/docs/ (readable documentation) for all portal APIs."""

from django.urls import path

from open_data import openapi

urlpatterns = [
    path("schema/", openapi.openapi_schema, name="api_schema"),
    path("docs/", openapi.api_docs, name="api_docs"),
]
