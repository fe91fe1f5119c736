"""Rows edited inline (a page's Orderable children) keep the order the code gave them.

modelcluster numbers `sort_order` only in admin forms. Rows that code assigns (`offer.places =
[...]` in the demo loader, the HSDS and CSV imports, tests) were saved without one and came back
in whatever order the database returned them, which differs between SQLite and PostgreSQL and
made a re-run see changes that were not there. So before a clusterable object is saved, each
pending child row without a sort_order gets its position in the list; the models order by
("sort_order", "pk").
"""


def number_pending_rows(sender, instance, raw=False, **kwargs):
    pending = getattr(instance, "_cluster_related_objects", None)
    if raw or not pending:
        return
    for rows in pending.values():
        for position, row in enumerate(rows):
            field = getattr(type(row), "sort_order_field", None)
            if field and getattr(row, field) is None:
                setattr(row, field, position)
