"""Parse: JSON documents into records, and the small value parsers every step shares."""

import datetime
import json
import re

from open_data.importing.report import RecordError
from open_data.text import normalise, rich_text

TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")
SUMMARY_MAX = 300


def load_records(data):
    """Every document of a file: a list, an HSDS Page (`contents`) or one object."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    raise ValueError("expected HSDS documents: an object, a JSON list or an HSDS Page with `contents`")


def read_file(path):
    with open(path, encoding="utf-8") as handle:
        return load_records(json.load(handle))


def document_kind(document):
    """service, service_at_location or organization: what an HSDS document is, by its shape
    (a service has the required `status`; a service_at_location nests a `service`)."""
    if not isinstance(document, dict):
        return "service"  # refused later with the reason
    if isinstance(document.get("service"), dict):
        return "service_at_location"
    if "status" in document or "organization" in document or "organization_id" in document:
        return "service"
    return "organization"


def split_documents(documents):
    """(organizations, services) of any mix HSDS allows: services, organizations with nested
    `services` (each then names its organization), and service_at_location documents (their
    service with this location added)."""
    organizations, services = [], []
    for document in documents:
        kind = document_kind(document)
        if kind == "organization":
            organizations.append({key: value for key, value in document.items() if key != "services"})
            for service in document.get("services") or []:
                if isinstance(service, dict) and not service.get("organization") and not service.get("organization_id"):
                    service = {**service, "organization_id": document.get("id")}
                services.append(service)
        elif kind == "service_at_location":
            services.append(service_from_sal(document))
        else:
            services.append(document)
    return organizations, services


def service_from_sal(sal):
    service = dict(sal["service"])
    link = {key: value for key, value in sal.items() if key != "service"}
    link.setdefault("service_id", service.get("id"))
    others = [item for item in service.get("service_at_locations") or [] if item.get("id") != link.get("id")]
    service["service_at_locations"] = [*others, link]
    return service


def record_id(record, label):
    """The id a record names itself with, or where it stands (`record 3`, `line 4`)."""
    if isinstance(record, dict) and record.get("id"):
        return str(record["id"])
    return f"({label})"


def duplicate_ids(records, labels):
    """{position: reason} for every record whose id another record of the same run has too.

    A duplicate would otherwise silently win over the first; both are refused, each naming the other.
    """
    places = {}
    for position, record in enumerate(records):
        if isinstance(record, dict) and record.get("id"):
            places.setdefault(str(record["id"]).lower(), []).append(position)
    reasons = {}
    for key, positions in places.items():
        if len(positions) > 1:
            where = ", ".join(labels[position] for position in positions)
            for position in positions:
                reasons[position] = f"duplicate id {key}: {where} have the same id"
    return reasons


def split_description(text):
    """HSDS description -> (summary, rich description). The first paragraph is the summary when
    it fits; see serializers.service_description for the way back."""
    text = normalise(text)
    first, _sep, rest = text.partition("\n\n")
    if len(text) <= SUMMARY_MAX and not rest:
        return text, ""
    if len(first) <= SUMMARY_MAX:
        return first, rich_text(rest)
    cut = first[: SUMMARY_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…", rich_text(text)


def parse_date(value, where):
    try:
        return datetime.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        raise RecordError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_time(value, where):
    match = TIME.match(value or "")
    if not match:
        raise RecordError(f"{where}: {value!r} is not a time (HH:MM)")
    return datetime.time(int(match.group(1)), int(match.group(2)))
