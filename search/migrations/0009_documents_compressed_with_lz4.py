from django.db import migrations

from portal.fields import compressed_with_lz4


class Migration(migrations.Migration):
    dependencies = [
        ("kim_search", "0008_document_fields_written_per_row"),
    ]

    operations = [compressed_with_lz4("kim_search.SearchDocument", "document")]
