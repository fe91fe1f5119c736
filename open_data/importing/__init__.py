"""Import HSDS 3.1 services (nested as /services/{id} serves them) into the directory.

The steps, one module each: `parse` (documents into records) → `validate` (schema and profile)
→ `idmap` (the ids a document brings are kept) → apply per kind (`organizations`, `places`,
`services`, with `pages` for saving) → `report` (outcomes and the summary). `runner` drives them:
each record is all or nothing, one import runs at a time (`lock`).
"""

from open_data.importing.lock import ImportBusy
from open_data.importing.parse import load_records, read_file
from open_data.importing.report import NOT_IMPORTED, REFUSED_MOVE, Outcome, RecordError, Summary
from open_data.importing.runner import HsdsImporter

__all__ = [
    "NOT_IMPORTED", "REFUSED_MOVE", "HsdsImporter", "ImportBusy", "Outcome", "RecordError", "Summary", "load_records",
    "read_file",
]
