"""Seed the editable synonym list with the groups searchers need most."""

from django.db import migrations

SYNONYMS = [
    "Deutschkurs, Sprachkurs, Integrationskurs",
    "Job, Arbeit, Beschäftigung, Arbeitsstelle",
    "Wohnung, Unterkunft, Wohnen",
    "Anerkennung, Berufsanerkennung, Abschluss, Zeugnis",
    "Kita, Kindertagesstätte, Kinderbetreuung",
    "Arzt, Ärztin, Gesundheit",
    "Geld, Sozialleistungen, Bürgergeld",
    "Ausbildung, Lehre, Berufsausbildung",
    "Asyl, Asylverfahren, Flucht",
    "flat, apartment, housing, accommodation",
    "job, work, employment",
    "degree, qualification, diploma, recognition",
    "doctor, health",
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("kim_search", "SearchSynonym")
    for terms in SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("kim_search", "SearchSynonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("kim_search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
