"""The search log counts searches per day instead of storing a row per request; failed or
known-wrong index entries are recorded as pending index updates."""

import hashlib
import json

from django.db import migrations, models
from django.utils import timezone


def _key(day, text, language, filters, zero_results):
    identity = [day.isoformat(), text, language, filters, bool(zero_results)]
    return hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def per_day(apps, schema_editor):
    """Fold the old rows (one per search) into one counted row per day and search."""
    Entry = apps.get_model("kim_search", "SearchLogEntry")
    keep = {}
    for entry in Entry.objects.order_by("created_at", "pk").iterator():
        day = timezone.localdate(entry.created_at) if timezone.is_aware(entry.created_at) else entry.created_at.date()
        key = _key(day, entry.text, entry.language, entry.filters, entry.result_count == 0)
        if key in keep:
            first = keep[key]
            first.searches += 1
            first.result_count = entry.result_count
            entry.delete()
        else:
            entry.key, entry.day, entry.searches = key, day, 1
            entry.zero_results = entry.result_count == 0
            keep[key] = entry
    for entry in keep.values():
        entry.save()


class Migration(migrations.Migration):

    dependencies = [
        ("kim_search", "0003_multilingual_synonyms"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchlogentry",
            name="day",
            field=models.DateField(null=True, verbose_name="Day"),
        ),
        migrations.AddField(
            model_name="searchlogentry",
            name="key",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="searchlogentry",
            name="searches",
            field=models.PositiveIntegerField(default=0, verbose_name="Searches"),
        ),
        migrations.AddField(
            model_name="searchlogentry",
            name="zero_results",
            field=models.BooleanField(default=False, verbose_name="No results"),
        ),
        migrations.RunPython(per_day, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="searchlogentry",
            name="created_at",
        ),
        migrations.AlterField(
            model_name="searchlogentry",
            name="day",
            field=models.DateField(db_index=True, verbose_name="Day"),
        ),
        migrations.AlterField(
            model_name="searchlogentry",
            name="key",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="searchlogentry",
            name="result_count",
            field=models.PositiveIntegerField(default=0, verbose_name="Results"),
        ),
        migrations.AlterModelOptions(
            name="searchlogentry",
            options={
                "ordering": ["-day", "-searches"],
                "verbose_name": "Search log entry",
                "verbose_name_plural": "Search log",
            },
        ),
        migrations.CreateModel(
            name="PendingIndexUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("backend", models.CharField(max_length=30)),
                ("offer_id", models.BigIntegerField()),
                (
                    "reason",
                    models.CharField(
                        choices=[("failed", "failed"), ("missing", "missing"), ("stale", "stale"), ("extra", "extra")],
                        default="failed",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("backend", "offer_id"), name="unique_pending_index_update")
                ],
            },
        ),
    ]
