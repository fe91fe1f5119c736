"""Load the shared controlled vocabulary into Taxonomy and Term rows.

Re-loadable: labels update, codes never change, terms editors added stay.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from portal.languages import load_vocabulary
from services_directory.models import Taxonomy, Term
from services_directory.updates import apply_changes


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def _label_fields(prefix, names):
    """{"name_de": ..., "name_en": ...} for the portal languages the file gives."""
    languages = [code for code, _name in settings.LANGUAGES]
    return {f"{prefix}_{code}": names[code] for code in languages if names.get(code)}


@transaction.atomic
def load_taxonomies(data=None, progress=None) -> LoadSummary:
    data = data or load_vocabulary()
    summary = LoadSummary()
    for taxonomy_order, entry in enumerate(data["taxonomies"]):
        taxonomy, created = Taxonomy.objects.get_or_create(
            code=entry["id"], defaults={"name": entry["name"]["de"], "sort_order": taxonomy_order}
        )
        if apply_changes(taxonomy, {**_label_fields("name", entry["name"]), "sort_order": taxonomy_order}):
            taxonomy.save()
        existing = {term.code: term for term in taxonomy.terms.all()}
        for term_order, item in enumerate(entry["terms"]):
            values = {
                **_label_fields("name", item["name"]),
                "name": item["name"]["de"],
                "short_name": item.get("short", ""),
                "level": item.get("level", ""),
                "number": item.get("number"),
                "sort_order": term_order,
            }
            parent_code = item.get("parent")
            values["parent"] = existing.get(parent_code) if parent_code else None
            term = existing.get(item["code"])
            if term is None:
                term = Term(taxonomy=taxonomy, code=item["code"])
                apply_changes(term, values)
                term.save()
                existing[term.code] = term
                summary.created += 1
            elif apply_changes(term, values):
                term.save()
                summary.updated += 1
            else:
                summary.unchanged += 1
        if progress:
            progress(taxonomy, len(entry["terms"]))
    return summary


def resolve_terms(taxonomy_code, codes):
    """The Terms for `codes` of one taxonomy, in the given order.

    Every way in (imports, the API, carrier forms) resolves vocabulary codes here, so an unknown
    code is always the same clear error naming the code, and nothing is saved half-resolved.
    """
    codes = list(dict.fromkeys(codes))
    found = {term.code: term for term in Term.objects.filter(taxonomy__code=taxonomy_code, code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            gettext("Unknown code(s) in the vocabulary “%(taxonomy)s”: %(codes)s")
            % {"taxonomy": taxonomy_code, "codes": ", ".join(unknown)},
            code="unknown_vocabulary_code",
            params={"taxonomy": taxonomy_code, "codes": unknown},
        )
    return [found[code] for code in codes]
