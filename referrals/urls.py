"""Referral list pages under /<lang>/referrals/ (public: they hold offer ids, nothing personal)."""

from django.urls import path

from referrals import client, views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/add/", views.add, name="add"),
    path("referrals/change/", views.change, name="change"),
    path("referrals/print/", views.print_view, name="print"),
    path("search/client/", client.client_mode, name="client"),
]
