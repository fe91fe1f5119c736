from django.urls import path, re_path

from open_data import views

app_name = "open_data"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("profile", views.profile_markdown, name="profile"),
    path("profile.json", views.profile_json, name="profile_json"),
    path("openapi.json", views.official_openapi, name="openapi"),
    path("services", views.service_list, name="service_list"),
    path("services/<str:hsds_id>", views.service_detail, name="service_detail"),
    path("organizations", views.organization_list, name="organization_list"),
    path("organizations/<str:hsds_id>", views.organization_detail, name="organization_detail"),
    path("taxonomies", views.taxonomy_list, name="taxonomy_list"),
    path("taxonomies/<str:hsds_id>", views.taxonomy_detail, name="taxonomy_detail"),
    path("taxonomy_terms", views.taxonomy_term_list, name="taxonomy_term_list"),
    path("taxonomy_terms/<str:hsds_id>", views.taxonomy_term_detail, name="taxonomy_term_detail"),
    path("service_at_locations", views.service_at_location_list, name="service_at_location_list"),
    path(
        "service_at_locations/<str:hsds_id>",
        views.service_at_location_detail,
        name="service_at_location_detail",
    ),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),  # a JSON 404, with CORS
]
