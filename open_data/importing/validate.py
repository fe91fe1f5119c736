"""Validate: a record against the HSDS schema and our profile, and the vocabulary it names."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from open_data import validation
from open_data.foreign import mapped_term, mapped_terms
from open_data.ids import resolve_alias, term_alias_key
from open_data.importing.parse import parse_date
from open_data.importing.report import RecordError
from services_directory.models import Taxonomy, Term

VALID_UNTIL = "valid-until"


def check_service(record):
    """Refuse a service that breaks the schema or a rule of the profile, naming the field."""
    if not isinstance(record, dict):
        raise RecordError("not a JSON object")
    problems = validation.errors("service.json", record)
    if problems:
        raise RecordError("schema: " + problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    if not record.get("organization") and not record.get("organization_id"):
        raise RecordError("no organization: give `organization` or `organization_id`")
    for name in ("email", "assurer_email"):
        if record.get(name):
            check_email(record[name], name)
    if record.get("url"):
        try:
            URLValidator()(record["url"])
        except ValidationError:
            raise RecordError(f"url: {record['url']!r} is not a web address") from None
    minimum, maximum = record.get("minimum_age"), record.get("maximum_age")
    for name, value in (("minimum_age", minimum), ("maximum_age", maximum)):
        if value is not None and (value < 0 or value != int(value) or value > 150):
            raise RecordError(f"{name}: {value} is not an age in whole years")
    if minimum is not None and maximum is not None and maximum < minimum:
        raise RecordError("maximum_age is below minimum_age")


def check_email(value, where):
    try:
        validate_email(value)
    except ValidationError:
        raise RecordError(f"{where}: {value!r} is not an email address") from None


def _is_valid_until(attribute):
    return attribute.get("link_type") == VALID_UNTIL or attribute.get("label") == VALID_UNTIL


class Vocabulary:
    """The portal's vocabulary, read once per import run: taxonomies and terms by code, and the
    foreign terms an editor mapped (an import changes none of them; aliases of term ids are
    looked up as they come, an import records them)."""

    def __init__(self):
        self.taxonomies = set(Taxonomy.objects.values_list("code", flat=True))
        self.terms = {(term.taxonomy.code, term.code): term for term in Term.objects.select_related("taxonomy")}
        self.mapped = mapped_terms()
        self.ids = {str(value) for value in Term.objects.values_list("hsds_id", flat=True)}
        self.ids |= {str(value) for value in Taxonomy.objects.values_list("hsds_id", flat=True)}


def term_of(attribute, where, vocabulary):
    """(vocabulary term, the term id the document gives) an attribute names, by taxonomy + code or by id."""
    nested = attribute.get("taxonomy_term") or {}
    taxonomy_code = nested.get("taxonomy")
    code = nested.get("code")
    mapped = mapped_term(attribute, vocabulary.mapped)  # a foreign term an editor mapped to ours
    if mapped is not None:
        return mapped, None
    if taxonomy_code or code:
        if taxonomy_code not in vocabulary.taxonomies:
            raise RecordError(f"{where}: unknown taxonomy {taxonomy_code!r}")
        term = vocabulary.terms.get((taxonomy_code, code))
        if term is None:
            raise RecordError(f"{where}: unknown code {code!r} in taxonomy {taxonomy_code!r}")
        return term, nested.get("id") or attribute.get("taxonomy_term_id")
    term_id = attribute.get("taxonomy_term_id") or nested.get("id")
    if term_id:
        term = resolve_alias(Term.objects.select_related("taxonomy"), term_alias_key(term_id), term_id)
        if term is None:
            raise RecordError(f"{where}: unknown taxonomy term id {term_id}")
        return term, None
    return None, None


def classified(attributes, entity, allowed, where, vocabulary, aside=None):
    """[(term, attribute id, term id)] of the attributes, checking their taxonomy belongs here.

    With `aside` (a list), an attribute of another taxonomy or an unknown term is not refused:
    its reason is appended there and the attribute is kept with the imported document (a
    foreign taxonomy's terms, mappable in the admin: open_data.models.ForeignTerm)."""
    found = []
    for position, attribute in enumerate(attributes or []):
        spot = f"{where}.attributes[{position}]"
        if _is_valid_until(attribute):
            continue
        try:
            term, term_id = term_of(attribute, spot, vocabulary)
            if term is not None and term.taxonomy.code not in allowed:
                raise RecordError(f"{spot}: taxonomy {term.taxonomy.code!r} does not belong on a {entity}")
        except RecordError as problem:
            if aside is None:
                raise
            aside.append((spot, attribute, str(problem)))
            continue
        if term is None:
            continue
        found.append((term, attribute.get("id"), term_id))
    return found


def valid_until(attributes, where):
    """(date, attribute id) of the `valid-until` attribute, or (None, None)."""
    for position, attribute in enumerate(attributes or []):
        if _is_valid_until(attribute):
            return parse_date(attribute.get("value"), f"{where}.attributes[{position}].value"), attribute.get("id")
    return None, None
