"""Everyday words a reader types for what offers call more formally, in the portal's languages
(issue 13: Arabic "بيت", house, found nothing; the housing offers say "Wohnung", "سكن")."""

from django.db import migrations

SYNONYMS = [
    "Wohnung, بيت, منزل, مسكن, خانه, مسکن, house, дом, жильё, будинок, къща, жилище, casă, locuință",
    "Schulden, بدهی, قرض, дълг, dług",
    "Schwangerschaft, بارداری, حاملگی, бременност, ciąża, sarcină",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("kim_search", "SearchSynonym")
    for terms in SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("kim_search", "SearchSynonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("kim_search", "0006_database_native_index")]

    operations = [migrations.RunPython(seed, unseed)]
