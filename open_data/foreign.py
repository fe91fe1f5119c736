"""Terms of other producers' taxonomies: remembered on import, mappable to our vocabulary in the
admin (Snippets → Foreign taxonomy terms); a mapped term classifies like our own on later imports."""

from open_data.models import ForeignTerm


def _identity(attribute):
    nested = attribute.get("taxonomy_term") or {}
    detail = nested.get("taxonomy_detail") or {}
    taxonomy = (nested.get("taxonomy") or detail.get("name") or nested.get("taxonomy_id") or "")[:255]
    return taxonomy, (nested.get("code") or "")[:255], str(nested.get("id") or attribute.get("taxonomy_term_id") or "")[:64], nested


def remember_foreign_term(attribute):
    """Record the foreign term an attribute names (once); returns it, or None without a term."""
    if not isinstance(attribute, dict):
        return None
    taxonomy, code, term_id, nested = _identity(attribute)
    if not (taxonomy or code or term_id):
        return None
    term, _created = ForeignTerm.objects.get_or_create(
        taxonomy=taxonomy or "(unnamed)", code=code, foreign_id=term_id,
        defaults={"name": (nested.get("name") or attribute.get("label") or "")[:255]},
    )
    return term


def mapped_terms():
    """{(taxonomy, code, foreign id): our term} of every foreign term an editor mapped."""
    found = ForeignTerm.objects.filter(term__isnull=False).select_related("term__taxonomy")
    return {(item.taxonomy, item.code, item.foreign_id): item.term for item in found}


def mapped_term(attribute, mapped):
    """Our term an editor mapped this attribute's foreign term to (`mapped`: see mapped_terms), or None."""
    if not isinstance(attribute, dict):
        return None
    taxonomy, code, term_id, _nested = _identity(attribute)
    return mapped.get((taxonomy or "(unnamed)", code, term_id))
