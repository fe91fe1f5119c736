"""Give back what an imported HSDS document said that the directory cannot hold.

An import stores each document as it came in (`original`) and as the portal served it right after
the import (`baseline`, see open_data.models.ImportedDocument). Serving merges three ways:
where the portal's document is still the baseline, the original is served (fields the portal has
no place for, a currency, a recurrence rule, a foreign taxonomy's attribute, the producer's exact
wording); where an editor changed something since, the edit wins; what the portal added is kept.
Lists of objects are matched by `id`.
"""

import copy
import re

from django.conf import settings
from django.utils import translation

from open_data.importing.batch import current as deferred_batch
from open_data.models import ImportedDocument

MISSING = object()
# Always the portal's own where it has them: when *it* changed the record, and its vocabulary's
# ids (another producer's id of one of our terms is recorded as an alias, never served).
OWN_FIELDS = {"last_modified", "taxonomy_term", "taxonomy_term_id"}


def remember(kind, hsds_id, language, original, baseline):
    """Keep an imported document (inside the import's transaction: a dry run keeps nothing): with
    the import's batch (`remember_all` at its end; a rolled-back record's are forgotten with it),
    or now."""
    document = ImportedDocument(kind=kind, hsds_id=str(hsds_id), language=language, original=original, baseline=baseline)
    batch = deferred_batch()
    if batch is None:
        remember_all([document])
    else:
        batch.documents.append(document)


def remember_all(documents):
    """One statement that inserts or replaces the rows (the last of each id, language and kind)."""
    latest = {(item.kind, item.hsds_id, item.language): item for item in documents}
    ImportedDocument.objects.bulk_create(
        list(latest.values()), update_conflicts=True, unique_fields=["kind", "hsds_id", "language"],
        update_fields=["original", "baseline", "imported_at"],
    )


def stored_original(kind, hsds_id, language):
    row = ImportedDocument.objects.filter(kind=kind, hsds_id=str(hsds_id), language=language).first()
    return row.original if row else None


def stored_originals(kind, hsds_ids, language):
    """{hsds id: original} of these ids in `language`, None where none is kept: one query."""
    keys = [str(hsds_id) for hsds_id in hsds_ids]
    found = dict.fromkeys(keys)
    rows = ImportedDocument.objects.filter(kind=kind, hsds_id__in=keys, language=language)
    found.update((str(hsds_id), original) for hsds_id, original in rows.values_list("hsds_id", "original"))
    return found


def _stored(kind, ids):
    """{(hsds id, language): (original, baseline)} for the active language, German as the fallback."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    wanted = dict.fromkeys([language, settings.LANGUAGE_CODE])
    found = {}
    rows = ImportedDocument.objects.filter(kind=kind, hsds_id__in=list(ids), language__in=list(wanted))
    for hsds_id, row_language, original, baseline in rows.values_list("hsds_id", "language", "original", "baseline"):
        found[(str(hsds_id), row_language)] = (original, baseline)
    return {hsds_id: next((found[(hsds_id, code)] for code in wanted if (hsds_id, code) in found), None) for hsds_id in ids}


def served_all(kind, documents, *, nested=True):
    """The documents with what their imports kept given back; `nested=False` for list shapes
    (one-to-one fields only)."""
    ids = [str(document["id"]) for document in documents if document.get("id")]
    if not ids:
        return documents
    stored = _stored(kind, ids)
    result = []
    for document in documents:
        kept = stored.get(str(document.get("id")))
        if kept is None:
            result.append(document)
            continue
        original, baseline = kept
        if not nested:
            original = {key: value for key, value in original.items() if not isinstance(value, list)}
            baseline = {key: value for key, value in baseline.items() if not isinstance(value, list)}
        result.append(merge(document, original, baseline))
    return result


def served(kind, document):
    return served_all(kind, [document])[0]


def merge(current, original, baseline):
    """`current` with the parts the portal did not change since `baseline` taken from `original`."""
    if original is MISSING:
        return current
    if isinstance(current, dict) and isinstance(original, dict) and isinstance(baseline, dict):
        return _merge_dicts(current, original, baseline)  # field by field: some are always ours
    if isinstance(current, list) and isinstance(original, list) and isinstance(baseline, list) and _identified(
        current, original, baseline
    ):
        return _merge_lists(current, original, baseline)
    if current == baseline:
        return copy.deepcopy(original)
    return current


def _merge_dicts(current, original, baseline):
    result = {}
    for key in [*original, *(key for key in current if key not in original)]:
        now, before, then = current.get(key, MISSING), original.get(key, MISSING), baseline.get(key, MISSING)
        if key in OWN_FIELDS and now is not MISSING:
            result[key] = now
        elif now is MISSING:
            if then is MISSING and before is not MISSING:
                result[key] = copy.deepcopy(before)  # the portal never held it: kept as it came
            # else: an editor removed it since the import
        elif then is MISSING:
            result[key] = now  # the portal has it since the import
        else:
            result[key] = merge(now, before, then)
    return result


def _identified(*lists):
    return all(isinstance(item, dict) and item.get("id") for items in lists for item in items)


def _merge_lists(current, original, baseline):
    originals = {item["id"]: item for item in original}
    baselines = {item["id"]: item for item in baseline}
    current_ids = {item["id"] for item in current}
    merged = []
    for item in current:
        if item["id"] in baselines:
            merged.append(merge(item, originals.get(item["id"], MISSING), baselines[item["id"]]))
        else:
            merged.append(item)
    # Items of the original the portal never held (e.g. a postal address) come back as they were.
    merged += [copy.deepcopy(item) for item in original if item["id"] not in baselines and item["id"] not in current_ids]
    order = {item["id"]: position for position, item in enumerate(original)}
    return sorted(merged, key=lambda item: order.get(item["id"], len(order)))


def differences(original, served, path=""):
    """(lost, changed): paths of `original`'s values missing from `served`, and of those served
    differently. Objects in lists are matched by `id` (else by position)."""
    lost, changed = [], []
    if isinstance(original, dict) and isinstance(served, dict):
        for key, value in original.items():
            where = f"{path}.{key}" if path else key
            if key not in served:
                lost.append(where)
            else:
                more_lost, more_changed = differences(value, served[key], where)
                lost += more_lost
                changed += more_changed
    elif isinstance(original, list) and isinstance(served, list):
        by_id = {item.get("id"): item for item in served if isinstance(item, dict) and item.get("id")}
        for position, item in enumerate(original):
            where = f"{path}[{position}]"
            if isinstance(item, dict) and item.get("id"):
                counterpart = by_id.get(item["id"], MISSING)
            else:
                counterpart = served[position] if position < len(served) else MISSING
            if counterpart is MISSING:
                lost.append(where)
            else:
                more_lost, more_changed = differences(item, counterpart, where)
                lost += more_lost
                changed += more_changed
    elif original != served and not _same_number(original, served):
        changed.append(path)
    return lost, changed


def _same_number(a, b):
    return isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) and float(a) == float(b)


def describe_differences(original, baseline):
    """Report lines: every field of an imported document the directory did not keep as it came
    (each is given back from the stored original on export unless an editor changes it)."""
    lost, changed = differences(original, baseline)
    return [f"{path}: not held by the directory, kept for export" for path in lost] + [
        f"{path}: changed to fit the directory ({_short(_at(original, path))} → {_short(_at(baseline, path))}), original kept for export"
        for path in changed
    ]


def _at(document, path):
    node = document
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        try:
            node = node[int(index)] if index else node[name]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _short(value, most=40):
    text = repr(value)
    return text if len(text) <= most else text[: most - 1] + "…"
