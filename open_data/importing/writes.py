"""Bulk writes of an imported page: its place in the tree, its child rows and links, its log entries.

Wagtail's `add_child` and modelcluster's commit write a page the way an editor's form does: the
whole page re-validated (each language's slug against every sibling), the parent's last child
read again, every child row and every vocabulary link saved by a statement of its own after
reading what was there. An import of a hundred offers paid that a hundred times. Here:

- a parent's children (their paths and slugs) are read once per batch (`Children`): a new page
  gets the next path and a free slug from memory;
- a page's pending child rows and links (what `offer.places = [...]` and
  `offer.target_groups.set(...)` left in memory) are written with one statement per relation:
  inserted in bulk, existing rows updated in bulk, rows no longer there deleted at once;
- a page's own rows are written with one plain INSERT or UPDATE per table (the values, signals and
  row check of `save()`; the ORM compiled each statement anew per page), inside the record's
  savepoint (Wagtail's own savepoint around `save()` only guards URL paths, which an import keeps);
- log entries ("wagtail.create", "wagtail.publish") are collected and written in bulk with the
  batch (`batch.flush`), so a record that is rolled back leaves none.
"""

import copy
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.db.models.signals import post_save, pre_save
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_language
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry

from open_data.importing.batch import current as deferred_batch


class Children:
    """The children of the parents this batch adds pages to: the last path and the slugs taken,
    read once per parent and kept up to date as pages are added (for this batch only: a batch is
    one transaction). A page an editor adds meanwhile costs the record whose path it takes; the
    parent's children are then read again (importing.pages)."""

    def __init__(self, languages):
        self.languages = languages
        self._parents = {}

    def _of(self, parent):
        known = self._parents.get(parent.pk)
        if known is None:
            rows = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list(
                "path", *(f"slug_{language}" for language in self.languages)
            )
            known = {"last": None, "slugs": {language: set() for language in self.languages}}
            for path, *slugs in rows:
                known["last"] = max(known["last"] or path, path)
                for language, slug in zip(self.languages, slugs, strict=True):
                    if slug:
                        known["slugs"][language].add(slug)
            self._parents[parent.pk] = known
        return known

    def unique_slug(self, parent, title, language):
        base = slugify(title)[:200] or "angebot"
        taken = self._of(parent)["slugs"][language]
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def place(self, parent, page):
        """Give the new `page` the next path below `parent` and claim its slugs."""
        known = self._of(parent)
        last = known["last"]
        step = 1 if last is None else Page._str2int(last[-Page.steplen:]) + 1  # treebeard's _inc_path, without a Page
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth, page.numchild = parent.depth + 1, 0
        known["last"] = page.path
        for language in self.languages:
            slug = getattr(page, f"slug_{language}", None)
            if slug:
                known["slugs"][language].add(slug)

    def forget(self, parent):
        """The parent's children changed outside this memo (a page moved in or out)."""
        self._parents.pop(parent.pk, None)


def new_object(model, **values):
    """A new, unsaved page (or row) of `model`: a copy of one made once per process. Making one
    runs the default of each translated field under a language switch of its own
    (django-modeltranslation): 1.8 ms for an offer page (120 such fields), 0.02 ms for the copy.
    The fields whose default is made anew each time (ids) get theirs; a page's content type is the
    one the blank page was given for its model."""
    instance = copy.copy(_blank(model))
    for field in _fresh_defaults(model):
        setattr(instance, field.attname, field.get_default())
    if isinstance(instance, Page):
        remember_fields([instance])  # as it starts: what the import sets is checked (importing.pages)
    for name, value in values.items():
        setattr(instance, name, value)
    return instance


@cache
def _blank(model):
    return model()


@cache
def _fresh_defaults(model):
    return [field for field in model._meta.concrete_fields if field.has_default() and callable(field.default) and not field.is_relation]


def insert_page(page, parent):
    """Write a new page (its path set by `Children.place`): one INSERT per table, no re-validation,
    no modelcluster commit (`write_relations` follows)."""
    pending = take_pending(page)
    page._cached_parent_obj = parent  # set_url_path reads the parent: it is in memory
    if page.locale_id is None:
        page.locale_id = parent.locale_id  # as Wagtail's get_default_locale, without reading the parent again
    page._is_site_root = False  # an imported page is never a site's root
    page.set_url_path(parent)  # as Page.save does for a new page
    _insert_columns(page)
    remember_fields([page])
    batch = deferred_batch()
    if batch is None:
        count_children([parent.pk])
    else:  # counted once for the batch (`write_batch`), or before a move reads the tree
        batch.grown.add(parent.pk)
    parent.numchild += 1
    return pending


def count_children(parent_ids):
    """Set the pages' `numchild` (treebeard's child count) from the tree: once per batch for the
    parents it added pages below instead of an UPDATE per page (the rows of rolled-back records
    are not there, so they are not counted). Until then only this memory's copies of a parent
    count the new children: a move (treebeard reads the count) settles the counts first."""
    if not parent_ids:
        return
    table, first, last = Page._meta.db_table, Page.alphabet[0] * Page.steplen, Page.alphabet[-1] * Page.steplen
    placeholders = ", ".join(["%s"] * len(parent_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET numchild = (SELECT COUNT(*) FROM {table} AS child"  # noqa: S608 - names and constants
            f" WHERE child.path >= {table}.path || '{first}' AND child.path <= {table}.path || '{last}'"
            f" AND child.depth = {table}.depth + 1) WHERE id IN ({placeholders})",
            sorted(parent_ids),
        )


def settle_child_counts(batch):
    """Count now the children of the parents `batch` added pages below (before a move)."""
    if batch is not None:
        count_children(batch.grown)
        batch.grown.clear()


def update_page(page):
    """Write an existing page's fields that changed since it was read (`remember_fields`; all of
    them for a page read otherwise), not its slugs or URL paths, which an import never changes:
    an Arabic feed changes a tenth of an offer's 300 columns. No re-reading of the old row as
    Wagtail's save does to detect slug changes."""
    pending = take_pending(page)
    page._is_site_root = False
    plain, originals = _updated_fields(type(page))
    unchanged = unchanged_fields(page)
    changed = [name for name in plain if name not in unchanged]
    # An original field (`title`) is written with its column in the active language, from what
    # that language shows (or its fallback): only when that column changed, or it would write
    # the fallback over what is there.
    language, written = get_language(), set(changed)
    originals = [name for name in originals if build_localized_fieldname(name, language) in written]
    _update_columns(page, [*changed, *originals])
    remember_fields([page])
    return pending


def _insert_columns(page):
    """What `page.save()` writes for a new page once its URL paths are set (every table of its
    model, the same values and signals; modelcluster's commit has nothing to do: `take_pending`),
    as one plain INSERT per table: Django's ORM compiled both anew per page."""
    if not connection.in_atomic_block:
        raise RuntimeError("an imported page is saved inside its record's transaction")
    model, quote = type(page), connection.ops.quote_name
    pre_save.send(sender=model, instance=page, raw=False, using=connection.alias, update_fields=None)
    with connection.cursor() as cursor:
        for meta, fields in _tables(model):
            for parent, link in meta.parents.items():  # a child table's key is its parent's row
                setattr(page, link.attname, getattr(page, parent._meta.pk.attname))
            values = [field.get_db_prep_save(field.pre_save(page, True), connection) for field in fields]
            sql = (
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"  # noqa: S608 - names
                f" VALUES ({', '.join(['%s'] * len(fields))})"
            )
            if meta.auto_field is None:
                cursor.execute(sql, values)
            elif connection.features.can_return_columns_from_insert:
                cursor.execute(f"{sql} RETURNING {quote(meta.auto_field.column)}", values)
                setattr(page, meta.auto_field.attname, cursor.fetchone()[0])
            else:
                cursor.execute(sql, values)
                setattr(page, meta.auto_field.attname, connection.ops.last_insert_id(cursor, meta.db_table, meta.auto_field.column))
    page._state.adding, page._state.db = False, connection.alias
    post_save.send(sender=model, instance=page, created=True, update_fields=None, raw=False, using=connection.alias)


@cache
def _tables(model):
    """[(options, fields to insert)] of the model's tables, the topmost parent's first."""
    tables = []
    for meta in [*(parent._meta for parent in reversed(model._meta.get_parent_list())), model._meta]:
        fields = [field for field in meta.local_concrete_fields if not field.generated and field is not meta.auto_field]
        if any(hasattr(field, "get_placeholder") for field in fields):
            raise TypeError(f"{meta.label}: a field with its own SQL placeholder needs Django's INSERT")
        tables.append((meta, fields))
    return tables


def _update_columns(page, names):
    """What `page.save(update_fields=names)` writes (the same values, signals and check that the
    row is there), as one plain UPDATE per table: Django built each statement anew per page
    through the ORM and wagtail-modeltranslation's manager, over half of an update's time."""
    if not names:
        return  # as save(update_fields=[]): nothing written, no signals
    if not connection.in_atomic_block:
        raise RuntimeError("an imported page is saved inside its record's transaction")
    model, update_fields = type(page), frozenset(names)
    pre_save.send(sender=model, instance=page, raw=False, using=connection.alias, update_fields=update_fields)
    by_table = {}
    for name in names:
        field = model._meta.get_field(name)
        by_table.setdefault(field.model._meta, []).append(field)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for meta, fields in by_table.items():
            values = [field.get_db_prep_save(field.pre_save(page, False), connection) for field in fields]
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",  # noqa: S608 - column names
                [*values, page.pk],
            )
            if cursor.rowcount != 1:
                raise DatabaseError(f"{model.__name__} {page.pk} is no longer there")
    post_save.send(sender=model, instance=page, created=False, update_fields=update_fields, raw=False, using=connection.alias)


def unchanged_fields(page):
    """The names of the page's own fields that hold what was read (`remember_fields`), or what a
    new page starts with (`new_object`); none for a page read otherwise."""
    stored = page.__dict__.get("_stored_fields")
    if stored is None:
        return set()
    plain, _originals = _updated_fields(type(page))
    return {name for name, attname in zip(plain, _attnames(type(page)), strict=True)
            if stored.get(attname, stored) == page.__dict__.get(attname, page)}


def remember_fields(pages):
    """Note the pages' own field values as read, so that `update_page` writes only what changed."""
    for page in pages:
        page._stored_fields = {attname: page.__dict__.get(attname) for attname in _attnames(type(page))}


@cache
def _updated_fields(model):
    """The page's own fields, less its place in the tree and its slugs and URL paths: (the plain
    ones and each language's column, the original fields of translated ones)."""
    names = [
        field.name for field in model._meta.concrete_fields
        if not field.primary_key and not field.one_to_one
        and not field.name.startswith(("slug", "url_path", "path", "depth", "numchild"))
    ]
    options = translator.get_options_for_model(model) if model in translator.get_registered_models() else None
    originals = set(options.all_fields) if options else set()
    return [name for name in names if name not in originals], [name for name in names if name in originals]


@cache
def _attnames(model):
    return [model._meta.get_field(name).attname for name in _updated_fields(model)[0]]


def take_pending(instance):
    """The child rows and links set in memory (modelcluster keeps them until a save commits them)."""
    pending = getattr(instance, "_cluster_related_objects", None) or {}
    instance._cluster_related_objects = {}
    return pending


def write_relations(instance, pending, creating, now=False):
    """Write the pending child rows and links of a saved `instance` with bulk statements (new
    ones with the batch, unless `now`: a draft's revision reads them back)."""
    for relation in get_all_child_relations(instance):
        name = relation.get_accessor_name()
        if name in pending:
            _write_rows(instance, relation, pending[name], creating, now)
    for field in get_all_child_m2m_relations(instance):
        if field.name in pending:
            _write_links(instance, field, pending[field.name], creating, now)


def remember_rows(instances, relations):
    """Note the stored values of the instances' child rows as read (prefetched), so that
    `write_relations` writes only rows that changed and deletes only rows that are gone without
    asking the database again."""
    for instance in instances:
        cache = getattr(instance, "_prefetched_objects_cache", {})
        for name in relations:
            if name in cache:
                for row in cache[name]:
                    row._stored_values = _values(row)
                instance._stored_rows = {**getattr(instance, "_stored_rows", {}), name: [row.pk for row in cache[name]]}


def _values(row):
    """A row's values, an empty text the same as none (a language's column not filled yet)."""
    return tuple("" if (value := getattr(row, field.attname)) is None else value for field in row._meta.concrete_fields)


def _write_rows(instance, relation, rows, creating, now):
    model, key = relation.related_model, relation.field.name
    order = getattr(model, "sort_order_field", None)
    for position, row in enumerate(rows):
        setattr(row, key, instance)
        if order and getattr(row, order) is None:
            setattr(row, order, position)  # as services_directory.ordering does before a save
    existing = [row for row in rows if row.pk is not None]
    if not creating:
        kept = {row.pk for row in existing}
        stored = getattr(instance, "_stored_rows", {}).get(relation.get_accessor_name())
        if stored is None:
            model.objects.filter(**{key: instance}).exclude(pk__in=kept).delete()
        elif set(stored) - kept:
            model.objects.filter(pk__in=set(stored) - kept).delete()
        _update_changed(model, existing, now)
    _insert([row for row in rows if row.pk is None], now)
    if not hasattr(instance, "_stored_rows"):
        instance._stored_rows = {}
    instance._stored_rows.pop(relation.get_accessor_name(), None)  # new rows get their ids with the batch


def _update_changed(model, rows, now):
    """Write the fields that changed (against the values read, `remember_rows`): with the batch,
    one UPDATE for all its rows given the same values (an Arabic feed gives many opening hours
    the same note), or now. bulk_update over every field of a row in ten languages costs more
    than it saves."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    batch = deferred_batch()
    for row in rows:
        stored, current = getattr(row, "_stored_values", None), _values(row)
        if stored == current:
            continue
        changed = fields if stored is None else [
            field for field, old, new in zip(row._meta.concrete_fields, stored, current, strict=True) if old != new
        ]
        values = tuple((field.attname, getattr(row, field.attname)) for field in changed)
        if batch is None or now:
            model.objects.filter(pk=row.pk).update(**dict(values))
        else:
            batch.row_updates.append((model, values, row.pk))
        row._stored_values = current


def _write_links(instance, field, targets, creating, now):
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    wanted = {item.pk for item in targets}
    present = set() if creating else set(
        through.objects.filter(**{source: instance.pk}).values_list(f"{target}_id", flat=True)
    )
    if present - wanted:
        through.objects.filter(**{source: instance.pk, f"{target}__in": present - wanted}).delete()
    _insert([through(**{f"{source}_id": instance.pk, f"{target}_id": pk}) for pk in sorted(wanted - present)], now)


def _insert(rows, now):
    """New child rows and links: written with the batch, one statement per table for all its
    records (`write_batch`), or now when asked or when there is no batch."""
    batch = deferred_batch()
    if batch is not None and not now:
        batch.new_rows += rows
    elif rows:
        type(rows[0]).objects.bulk_create(rows)


def log_later(page, action, *, user, revision, timestamp, content_changed=True):
    """Note a page log entry for the batch (written by `write_batch`), or write it now."""
    context = get_active_log_context()  # as wagtail.log_actions.log: the request's user and action id
    entry = PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(), action=action, timestamp=timestamp, data={},
        user=user or context.user, uuid=context.uuid, revision=revision, content_changed=content_changed, page_id=page.pk,
    )
    batch = deferred_batch()
    if batch is None:
        entry.save()
    else:
        batch.log_entries.append(entry)


def write_batch(batch):
    """The batch's new child rows and links, changed rows and log entries (a rejected record's
    were forgotten with it: `Batch.forget_since`), and the child counts of its pages' parents."""
    settle_child_counts(batch)
    by_model = {}
    for row in batch.new_rows:
        by_model.setdefault(type(row), []).append(row)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)
    updates = {}
    for model, values, pk in batch.row_updates:
        updates.setdefault((model, values), []).append(pk)
    for (model, values), pks in updates.items():
        model.objects.filter(pk__in=pks).update(**dict(values))
    PageLogEntry.objects.bulk_create(batch.log_entries)
