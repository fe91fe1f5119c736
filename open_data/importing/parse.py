"""Parse: JSON documents into records, and the small value parsers every step shares."""

import datetime
import json
import re

from open_data.importing.report import RecordError
from open_data.text import normalise, rich_text

TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")
SUMMARY_MAX = 300


def load_records(data):
    """A JSON list of services, or an HSDS Page of them."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    raise ValueError("expected a JSON list of HSDS services or an HSDS Page with `contents`")


def read_file(path):
    with open(path, encoding="utf-8") as handle:
        return load_records(json.load(handle))


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
