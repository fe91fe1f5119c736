"""Model fields the portal's apps share."""

from django.db import migrations, models


class DocumentField(models.JSONField):
    """A JSON field for whole documents (search documents, imported HSDS documents), written in
    bulk by the import. Django's PostgreSQL bulk insert sends each column as one array of all rows
    (UNNEST); psycopg builds a text array element by element and escapes every quote in every JSON
    document with a regular expression: 5–8 ms per imported offer, measured. With a placeholder of
    its own the column is one parameter per row, which the driver quotes in C. Nothing changes in
    the database."""

    def get_placeholder(self, value, compiler, connection):
        return "%s"


def compressed_with_lz4(model_name, *field_names):
    """A migration step: PostgreSQL compresses these document columns with LZ4 instead of its
    default pglz when the server has it (PostgreSQL 14 and later, built with LZ4 as Debian's and
    the Docker image's are): a batch's documents (9 KB each, two per imported service) were written
    about a third faster, measured. Rows already there keep theirs; elsewhere nothing changes."""

    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql" or connection.pg_version < 140000:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            row = cursor.fetchone()
        if not (row and row[0]):
            return
        meta = apps.get_model(model_name)._meta
        quote = schema_editor.quote_name
        columns = ", ".join(f"ALTER COLUMN {quote(meta.get_field(name).column)} SET COMPRESSION lz4" for name in field_names)
        schema_editor.execute(f"ALTER TABLE {quote(meta.db_table)} {columns}")

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
