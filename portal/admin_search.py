"""Wagtail's admin search backend (modelsearch's database backend) with a cheaper `add_items`.

The index rows are the ones modelsearch writes; only the Python that builds them is faster. Stock
`add_items` cost ~10–12 ms per offer page on PostgreSQL (≈25% of an HSDS import), ~2.4 ms on
SQLite, almost none of it in the database: each of title/body/autocomplete/title_text/body_text
walked all ~34 search fields again (title, summary, description in ten languages: ~170
`get_value` calls, rich text stripped five times), and PostgreSQL built and compiled a Django
`SearchVector` per text. Here the fields are read once per object, and the vector SQL is compiled
once per shape and reused: `add_bulk` of 200 demo offer pages took 10 → 3.2 ms per page on
PostgreSQL, 3.1 → 1.4 ms on SQLite (what is left: the database, stripping rich text once).
tests/portal/test_admin_search_backend.py compares the rows with modelsearch's own; run it (and
read this module against modelsearch's) when upgrading modelsearch.
"""

from django.db.models.sql.subqueries import InsertQuery
from django.utils.functional import cached_property
from modelsearch.abstract_models import AbstractSQLiteFTSIndexEntry
from modelsearch.backends import database
from modelsearch.backends.database.postgres import postgres
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk


class PostgresObjectIndexer(postgres.ObjectIndexer):
    """Reads the search fields once; the stock properties each read them all again."""

    @cached_property
    def texts(self):
        """(title, body, autocomplete): the stripped, non-empty (text, weight) of each, in field order."""
        title, body, autocomplete = [], [], []
        for field in self.search_fields:
            for current_field, weight, value in self.prepare_field(self.obj, field):
                text = value.strip()
                if not text:
                    continue
                if isinstance(current_field, SearchField):
                    (title if current_field.field_name == "title" else body).append((text, weight))
                elif isinstance(current_field, AutocompleteField):
                    autocomplete.append((text, weight))
        return title, body, autocomplete

    @cached_property
    def title(self):
        return self.as_vector(self.texts[0])

    @cached_property
    def body(self):
        return self.as_vector(self.texts[1])

    @cached_property
    def autocomplete(self):
        return self.as_vector(self.texts[2], for_autocomplete=True)

    @cached_property
    def title_text(self):
        return " ".join(text for text, _weight in self.texts[0])

    @cached_property
    def body_text(self):
        return " ".join(text for text, _weight in self.texts[1])


class PostgresIndex(postgres.PostgresIndex):
    """Writes the same INSERT … ON CONFLICT as modelsearch without compiling an expression per text.

    A vector's SQL depends only on its shape (the weights in order, the text search config); it is
    compiled once per shape by modelsearch's own `as_vector` with placeholder texts, and the real
    texts take the placeholders' places among the parameters.
    """

    # Compiled SQL is the same in every process and for every backend instance (a new one per
    # `get_search_backend()`): a per-process memo, bounded by the shapes the models have.
    _vector_sql = {}
    _VECTOR_SQL_LIMIT = 1000

    def _vector(self, indexer, texts, for_autocomplete=False):
        """(sql, params) of `indexer.as_vector(texts, for_autocomplete)` as the INSERT compiler renders it."""
        config = indexer.autocomplete_config if for_autocomplete else indexer.config
        key = (
            self.write_connection.alias,
            config,
            for_autocomplete,
            tuple(weight for _text, weight in texts),
        )
        compiled = self._vector_sql.get(key)
        if compiled is None:
            compiled = self._compile_vector(indexer, key[-1], for_autocomplete)
            if len(self._vector_sql) >= self._VECTOR_SQL_LIMIT:
                self._vector_sql.clear()
            self._vector_sql[key] = compiled
        sql, params, positions = compiled
        params = list(params)
        for position, (text, _weight) in zip(positions, texts, strict=True):
            params[position] = text
        return sql, params

    def _compile_vector(self, indexer, weights, for_autocomplete):
        placeholders = [f"\x00modelsearch text {number}\x00" for number in range(len(weights))]
        vector = indexer.as_vector(
            list(zip(placeholders, weights, strict=True)), for_autocomplete=for_autocomplete
        )
        compiler = InsertQuery(postgres.IndexEntry).get_compiler(connection=self.write_connection)
        value = compiler.prepare_value(postgres.IndexEntry._meta.get_field("title"), vector)
        sql, params = value.as_sql(compiler, self.write_connection)
        params = list(params)
        if any(params.count(placeholder) != 1 for placeholder in placeholders):  # Django changed
            raise RuntimeError(f"a text is not one parameter of the vector SQL: {sql} {params}")
        return sql, tuple(params), [params.index(placeholder) for placeholder in placeholders]

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [PostgresObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)
        rows = []
        data_params = []
        for indexer in indexers:
            title, body, autocomplete = indexer.texts
            title_sql, title_params = self._vector(indexer, title)
            autocomplete_sql, autocomplete_params = self._vector(
                indexer, autocomplete, for_autocomplete=True
            )
            body_sql, body_params = self._vector(indexer, body)
            rows.append(f"(%s, %s, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, %s, %s)")
            data_params.extend(
                (content_type_pk, indexer.id, *title_params, *autocomplete_params, *body_params)
            )
            data_params.extend((indexer.title_text, indexer.body_text))

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {postgres.IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,  # noqa: S608 - the table name and compiled vector SQL; every value is a parameter
                data_params,
            )

        self._refresh_title_norms()


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex


_FASTER = {postgres.PostgresSearchBackend: PostgresSearchBackend}


# modelsearch's SQLite backend module needs its FTS model, which exists only on SQLite with FTS5.
if AbstractSQLiteFTSIndexEntry is not None:
    from modelsearch.backends.database.sqlite import sqlite

    class SQLiteObjectIndexer(sqlite.ObjectIndexer):
        """Reads the search fields once; the stock properties each read them all again."""

        @cached_property
        def texts(self):
            """(title, body, autocomplete): every value of each, in field order (stock keeps empty ones)."""
            title, body, autocomplete = [], [], []
            for field in self.search_fields:
                for current_field, value in self.prepare_field(self.obj, field):
                    if isinstance(current_field, SearchField):
                        (title if current_field.field_name == "title" else body).append(value)
                    elif isinstance(current_field, AutocompleteField):
                        autocomplete.append(value)
            return title, body, autocomplete

        @cached_property
        def title(self):
            return " ".join(self.texts[0])

        @cached_property
        def body(self):
            return " ".join(self.texts[1])

        @cached_property
        def autocomplete(self):
            return " ".join(self.texts[2])

    class SQLiteIndex(sqlite.SQLiteIndex):
        """modelsearch's `add_items` (same statements) with the indexer above."""

        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            indexers = [SQLiteObjectIndexer(obj, self.backend) for obj in objs]
            if not indexers:
                return

            content_type_pk = get_content_type_pk(model)
            ids_and_data = {
                indexer.id: (indexer.title, indexer.autocomplete, indexer.body)
                for indexer in indexers
            }
            index_entries_for_ct = self.entries.filter(content_type_id=content_type_pk)
            indexed_ids = frozenset(
                index_entries_for_ct.filter(object_id__in=ids_and_data.keys()).values_list(
                    "object_id", flat=True
                )
            )
            for indexed_id in indexed_ids:
                title, autocomplete, body = ids_and_data[indexed_id]
                index_entries_for_ct.filter(object_id=indexed_id).update(
                    title=title, autocomplete=autocomplete, body=body
                )
            self.entries.bulk_create(
                [
                    sqlite.IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                    for object_id, (title, autocomplete, body) in ids_and_data.items()
                    if object_id not in indexed_ids
                ]
            )

            self._refresh_title_norms()

    class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        index_class = SQLiteIndex

    _FASTER[sqlite.SQLiteSearchBackend] = SQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    """The backend `modelsearch.backends.database` picks for the database (and FTS), made faster where we can."""
    backend = database.SearchBackend(params)
    faster = _FASTER.get(type(backend))
    return faster(params) if faster else backend
