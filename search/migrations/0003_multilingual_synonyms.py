"""Synonym groups that bridge languages, so a query in a community language also finds offers
written only in German (e.g. Arabic "الديون" finds "Schuldnerberatung")."""

from django.db import migrations

SYNONYMS = [
    "Schulden, Schuldnerberatung, debt, debts, الديون, ديون, borç, борг, борги, долги, datorii, długi",
    "schwanger, Schwangerschaft, pregnant, pregnancy, الحمل, حامل, hamile, hamilelik, вагітність, беременность",
    "Wohnung, Wohnungssuche, flat, apartment, ev, konut, سكن, شقة, житло, квартира, mieszkanie",
    "psychologisch, psychosozial, Psychotherapie, psychological, psychotherapy",
    "Kita, Kindergarten, daycare, nursery, حضانة, kreş, садок",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("kim_search", "SearchSynonym")
    for terms in SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("kim_search", "SearchSynonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("kim_search", "0002_seed_synonyms")]

    operations = [migrations.RunPython(seed, unseed)]
