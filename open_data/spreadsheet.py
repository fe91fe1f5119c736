"""The carriers' spreadsheet import: one CSV row per offer, turned into an HSDS service and
imported with the same all-or-nothing rules as import_hsds. Columns: see README-open-data.md
and `TEMPLATE_COLUMNS`; vocabulary columns take codes or labels (any portal language)."""

import csv
import io
import re
import uuid

from django.db.models import Q

from open_data.ids import NAMESPACE
from open_data.importing import HsdsImporter, Outcome, Summary
from services_directory.models import ProgrammePage, Term
from services_directory.models.vocabulary import (
    DELIVERY,
    DISTRICT,
    FIELD_OF_ACTION,
    LEGAL_SCOPE,
    RESIDENCE_STATUS,
    TARGET_GROUP,
)

VOCABULARY_COLUMNS = {
    "fields_of_action": FIELD_OF_ACTION,
    "target_groups": TARGET_GROUP,
    "legal_scopes": LEGAL_SCOPE,
    "delivery": DELIVERY,
    "residence_statuses": RESIDENCE_STATUS,
}
TEMPLATE_COLUMNS = [
    "id", "name", "description", "fields_of_action", "target_groups", "legal_scopes", "delivery",
    "residence_statuses", "minimum_age", "maximum_age", "languages", "cost", "fee_description", "fee_amount",
    "programme", "valid_until", "url", "email", "phone", "contact_name", "place_name", "street", "postcode",
    "district", "opening_hours", "assured_date",
]
REQUIRED = ["name", "description"]
COST_WORDS = {
    "free": {"free", "kostenlos", "gratis", "0", "frei", "free of charge", "kostenfrei"},
    "fee": {"fee", "kostenpflichtig", "gebühr", "gebuehr"},
    "unknown": {"", "unknown", "unbekannt", "?"},
}
HOURS = re.compile(r"^\s*([A-Za-z,\s]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*(\*)?\s*$")
SPLIT = re.compile(r"[;|\n]")


class RowError(Exception):
    """A row that cannot become an HSDS service; the message names the column."""

    def __init__(self, message, row_id=""):
        super().__init__(message)
        self.row_id = row_id


def template_csv() -> str:
    """The empty template with one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(
        [
            "", "Sprachcafé Kalk", "Deutsch sprechen üben, ohne Anmeldung.", "sprache", "alle", "",
            "vor-ort", "", "16", "", "de; ar; tr", "kostenlos", "", "", "", "", "https://example.org/sprachcafe",
            "sprachcafe@example.org", "0221 123456", "Team Sprachcafé", "Bürgerhaus Kalk", "Kalk-Mülheimer Str. 58",
            "51103", "humboldt-gremberg", "MO,WE 09:00-12:00; FR 14:00-16:00*", "2026-01-31",
        ]
    )
    return out.getvalue()


def _values(cell):
    return [part.strip() for part in SPLIT.split(cell or "") if part.strip()]


def _term(taxonomy, value, column):
    """A term by code or by label in any language (case-insensitive)."""
    label = value.strip()
    candidates = Term.objects.select_related("taxonomy").filter(taxonomy__code=taxonomy)
    term = candidates.filter(code=label.lower()).first()
    if term is None:
        condition = Q(name__iexact=label) | Q(short_name__iexact=label)
        for field in Term._meta.get_fields():
            if field.name.startswith("name_"):
                condition |= Q(**{f"{field.name}__iexact": label})
        term = candidates.filter(condition).first()
    if term is None:
        raise RowError(f"{column}: {value!r} is neither a code nor a label of taxonomy {taxonomy!r}")
    return term


def _attribute(entity, link_id, term):
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"csv-attribute:{link_id}:{term.taxonomy.code}:{term.code}")),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": "classification",
        "taxonomy_term": {"id": str(term.hsds_id), "code": term.code, "taxonomy": term.taxonomy.code,
                          "name": term.name, "description": term.name},
    }


def _number(value, column, integer=True):
    if not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise RowError(f"{column}: {value!r} is not a number") from None
    if integer and number != int(number):
        raise RowError(f"{column}: {value!r} is not a whole number")
    return int(number) if integer else number


def _schedules(cell, link_id):
    schedules = []
    for part in _values(cell):
        match = HOURS.match(part)
        if not match:
            raise RowError(f"opening_hours: {part!r} is not like 'MO,WE 09:00-13:00' (add * for by appointment)")
        days = ",".join(day.strip().upper() for day in match.group(1).split(",") if day.strip())
        opens, closes = (f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in (match.group(2), match.group(3)))
        schedule = {
            "id": str(uuid.uuid5(NAMESPACE, f"csv-schedule:{link_id}:{part}")),
            "freq": "WEEKLY", "byday": days, "opens_at": opens, "closes_at": closes,
        }
        if match.group(4):
            schedule["attending_type"] = "by appointment"
        schedules.append(schedule)
    return schedules


def row_to_service(row, provider) -> dict:
    """One CSV row -> an HSDS service nested as /services/{id} serves it."""
    row = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
    missing = [column for column in REQUIRED if not row.get(column)]
    if missing:
        raise RowError(f"missing {', '.join(missing)}")
    org_id = str(provider.hsds_id)
    service_id = row.get("id") or str(uuid.uuid5(NAMESPACE, f"csv-service:{org_id}:{row['name'].casefold()}"))
    try:
        service_id = str(uuid.UUID(service_id))
    except ValueError:
        raise RowError(f"id: {row['id']!r} is not a UUID (leave it empty for new offers)") from None
    service = {
        "id": service_id, "organization_id": org_id, "name": row["name"], "description": row["description"],
        "status": "active",
    }
    for column, key in (("url", "url"), ("email", "email"), ("assured_date", "assured_date")):
        if row.get(column):
            service[key] = row[column]
    for column in ("minimum_age", "maximum_age"):
        value = _number(row.get(column), column)
        if value is not None:
            service[column] = value
    if row.get("phone"):
        service["phones"] = [{"id": str(uuid.uuid5(NAMESPACE, f"csv-phone:{service_id}")), "number": row["phone"]}]
    if row.get("contact_name"):
        service["contacts"] = [{"id": str(uuid.uuid5(NAMESPACE, f"csv-contact:{service_id}")), "name": row["contact_name"]}]
    service["languages"] = [
        {"id": str(uuid.uuid5(NAMESPACE, f"csv-language:{service_id}:{code}")), "service_id": service_id, "code": code.lower()}
        for code in _values(row.get("languages", "").replace(",", ";"))
    ]
    cost = row.get("cost", "").casefold()
    kind = next((name for name, words in COST_WORDS.items() if cost in words), None)
    if kind is None:
        raise RowError(f"cost: {row['cost']!r} is not free, fee or unknown")
    amount = _number(row.get("fee_amount"), "fee_amount", integer=False)
    if kind != "unknown":
        option = {"id": str(uuid.uuid5(NAMESPACE, f"csv-cost:{service_id}")), "service_id": service_id}
        option["amount"] = 0 if kind == "free" else amount
        if option["amount"] is None:
            del option["amount"]
        else:
            option["currency"] = "EUR"
        if row.get("fee_description"):
            option["option"] = row["fee_description"]
        service["cost_options"] = [option]
    service["attributes"] = [
        _attribute("service", service_id, _term(taxonomy, value, column))
        for column, taxonomy in VOCABULARY_COLUMNS.items()
        for value in _values(row.get(column))
    ]
    if row.get("programme"):
        programme = ProgrammePage.objects.filter(
            Q(short_name__iexact=row["programme"]) | Q(title__iexact=row["programme"])
            | Q(hsds_id=row["programme"] if _is_uuid(row["programme"]) else None)
        ).first()
        if programme is None:
            raise RowError(f"programme: {row['programme']!r} is not a known programme")
        service["program_id"] = str(programme.hsds_id)
    if row.get("valid_until"):
        service["attributes"].append({"id": str(uuid.uuid5(NAMESPACE, f"csv-valid-until:{service_id}")),
                                      "link_type": "valid-until", "label": "valid-until", "value": row["valid_until"]})
    if row.get("street") or row.get("postcode"):
        if not row.get("district"):
            raise RowError("district: give the Stadtteil (code or name) of the place")
        location_id = str(uuid.uuid5(NAMESPACE, f"csv-place:{org_id}:{row.get('street', '').casefold()}:{row.get('postcode')}"))
        district = _term(DISTRICT, row["district"], "district")
        service["service_at_locations"] = [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"csv-sal:{service_id}:{location_id}")),
                "service_id": service_id, "location_id": location_id,
                "schedules": _schedules(row.get("opening_hours"), location_id),
                "location": {
                    "id": location_id, "location_type": "physical",
                    "name": row.get("place_name") or row["name"],
                    "addresses": [{
                        "id": str(uuid.uuid5(NAMESPACE, f"csv-address:{location_id}")), "address_1": row.get("street", ""),
                        "city": "Köln", "state_province": "Nordrhein-Westfalen", "postal_code": row.get("postcode", ""),
                        "country": "DE", "address_type": "physical",
                    }],
                    "attributes": [_attribute("location", location_id, district)],
                },
            }
        ]
    elif row.get("opening_hours"):
        service["schedules"] = _schedules(row["opening_hours"], service_id)
    return service


def _is_uuid(value):
    try:
        uuid.UUID(value)
        return True
    except ValueError:
        return False


def import_rows(text, provider, *, language="de", draft=False, dry_run=False, progress=None, user=None, allow_move=False):
    """(Summary, rows) — rows are (line number, name, Outcome) for the error report.

    `user` is who imports (None: the operator of the command); a row naming an offer of another
    provider is refused unless `allow_move` is given and the ownership rule lets `user` move it.
    Raises ValueError for a file without a header, ImportBusy while another import runs.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), dialect=_dialect(text))
    if not reader.fieldnames or "name" not in [name.strip().lower() for name in reader.fieldnames]:
        raise ValueError("the file has no header row with a `name` column (use the template)")
    # strict: a carrier's own row with a wrong postcode or district is refused naming the line, so
    # it is fixed in the sheet (other producers' HSDS documents come in as drafts for review instead)
    importer = HsdsImporter(language, draft=draft, dry_run=dry_run, allow_move=allow_move, user=user, strict=True)
    lines = []  # (line number, name, service or the RowError); line 1 is the header
    for number, row in enumerate(reader, start=2):
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        try:
            lines.append((number, _name(row), row_to_service(_cells(row, len(reader.fieldnames)), provider)))
        except RowError as problem:
            problem.row_id = problem.row_id or _cell(row.get("id"))
            lines.append((number, _name(row), problem))
    services = [item for _n, _name, item in lines if isinstance(item, dict)]
    labels = [f"line {number}" for number, _name, item in lines if isinstance(item, dict)]
    summary = importer.run(services, progress, labels=labels)
    outcomes = iter(summary.outcomes)
    rows = []
    for number, name, item in lines:
        if isinstance(item, dict):
            rows.append((number, name, next(outcomes)))
        else:
            rows.append((number, name, Outcome(item.row_id, "rejected", str(item))))
    result = Summary([outcome for _number, _name, outcome in rows], summary.interrupted)
    return result, rows


def _cell(value):
    return value.strip() if isinstance(value, str) else ""


def _name(row):
    return _cell(row.get("name"))


def _cells(row, header_length):
    """The row as the header names it; a row with more cells than the header is refused."""
    extra = row.get(None)
    if extra and any(_cell(value) for value in extra):
        raise RowError(
            f"this line has {header_length + len(extra)} cells but the header only {header_length}: "
            "check the separators (a `;` or `,` inside a text needs quotes)",
            row_id=_cell(row.get("id")),
        )
    return {key: value for key, value in row.items() if key is not None}


def _dialect(text):
    try:
        return csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        return csv.excel


def error_report(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line", "id", "name", "status", "reason"])
    for number, name, outcome in rows:
        if outcome.status not in ("created", "updated", "unchanged"):
            writer.writerow([number, outcome.record_id, name, outcome.status, outcome.reason])
    return out.getvalue()
