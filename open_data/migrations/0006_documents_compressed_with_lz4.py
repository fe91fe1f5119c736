from django.db import migrations

from portal.fields import compressed_with_lz4


class Migration(migrations.Migration):
    dependencies = [
        ("open_data", "0005_document_fields_written_per_row"),
    ]

    operations = [compressed_with_lz4("open_data.ImportedDocument", "original", "baseline")]
