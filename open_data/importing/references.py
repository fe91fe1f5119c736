"""Wagtail's reference index for a whole batch of saved objects in a few queries.

`ReferenceIndex.create_or_update_for_object` reads an object's child rows (an offer's places,
hours, languages …, every page's comments) and its index rows, then inserts and deletes, per
object: over a thousand queries for a batch of a hundred records. `refresh` leaves the same rows
(it uses Wagtail's own extraction and rules) with the child rows read once per relation, the
index rows once per kind of object, one insert and one delete.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import prefetch_related_objects
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import ReferenceIndex

CHUNK = 500  # object ids per read: well under every database's limit of query parameters


def refresh(objects) -> None:
    """Create or update the reference index rows of these saved objects, removing references
    they no longer hold (as `ReferenceIndex.create_or_update_for_object` does for each)."""
    by_model = {}
    for item in objects:
        by_model.setdefault(type(item), {})[item.pk] = item
    wanted = {}  # (base content type id, object id) -> (content type, known content type ids, references)
    for model, items in by_model.items():
        items = list(items.values())
        if issubclass(model, ClusterableModel):  # the extraction reads every child relation
            prefetch_related_objects(items, *[relation.get_accessor_name() for relation in get_all_child_relations(model)])
        content_types = [ContentType.objects.get_for_model(kind, for_concrete_model=False) for kind in [model, *model._meta.get_parent_list()]]
        known = {content_type.id for content_type in content_types}
        for item in items:
            references = set(ReferenceIndex._extract_references_from_object(item))
            wanted[(content_types[-1].id, str(item.pk))] = (content_types[0], known, references)
    existing = _existing_rows(wanted)
    new_rows, stale = [], []
    for (base_id, object_id), (content_type, known, references) in wanted.items():
        rows = existing.get((base_id, object_id), {})
        new_rows += [
            ReferenceIndex(
                content_type=content_type, base_content_type_id=base_id, object_id=object_id,
                to_content_type_id=to_content_type_id, to_object_id=to_object_id, model_path=model_path,
                content_path=content_path, content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references - rows.keys()
        ]
        # A row recorded for a more specific model than this one (a page indexed as its
        # specific type) may hold references this object cannot see: kept, as Wagtail does.
        stale += [pk for reference, (content_type_id, pk) in rows.items() if reference not in references and content_type_id in known]
    ReferenceIndex.objects.bulk_create(new_rows, ignore_conflicts=connection.features.supports_ignore_conflicts)
    for start in range(0, len(stale), CHUNK):
        ReferenceIndex.objects.filter(pk__in=stale[start : start + CHUNK]).delete()


def _existing_rows(wanted):
    """{(base content type id, object id): {reference: (content type id, row id)}} as stored."""
    ids_by_base = {}
    for base_id, object_id in wanted:
        ids_by_base.setdefault(base_id, []).append(object_id)
    existing = {}
    for base_id, object_ids in ids_by_base.items():
        for start in range(0, len(object_ids), CHUNK):
            rows = ReferenceIndex.objects.filter(base_content_type_id=base_id, object_id__in=object_ids[start : start + CHUNK])
            for pk, object_id, content_type_id, to_content_type_id, to_object_id, model_path, content_path in rows.values_list(
                "id", "object_id", "content_type_id", "to_content_type_id", "to_object_id", "model_path", "content_path"
            ):
                existing.setdefault((base_id, object_id), {})[(to_content_type_id, to_object_id, model_path, content_path)] = (
                    content_type_id, pk,
                )
    return existing
