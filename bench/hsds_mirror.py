"""An example client that mirrors the portal's HSDS services incrementally (for integrators).

    python bench/hsds_mirror.py https://portal.example/api/hsds mirror.json [--lang de]

The first run fetches every service (`format=ndjson&full=true`: one stream, no paging). Each
later run asks only for what changed (`modified_after` = the latest `last_modified` it holds,
inclusive, so nothing changed at the same millisecond is missed) and for the list of ids
(`minimal=true`) to drop services that were removed or unpublished. `last_modified` covers every
change a service shows: the offer, its organization, programme, places, hours and vocabulary
labels. The mirror file holds {"services": {id: document}}; `tests/open_data/test_mirror.py`
checks that it stays identical to a full export after edits of every kind.
"""

import argparse
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path


class UrllibTransport:
    """Reads ndjson streams from a portal over HTTP."""

    def __init__(self, base_url, language="de"):
        self.base_url = base_url.rstrip("/")
        self.language = language

    def lines(self, path, params):
        query = urllib.parse.urlencode({**params, "format": "ndjson", "lang": self.language})
        request = urllib.request.Request(f"{self.base_url}{path}?{query}", headers={"Accept": "application/x-ndjson"})
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the operator's URL
            for line in response:
                if line.strip():
                    yield json.loads(line)


class Mirror:
    """{id: full service document}, kept in step with the portal by `sync()`."""

    def __init__(self, transport, services=None):
        self.transport = transport
        self.services = dict(services or {})

    def since(self):
        """The latest change this mirror has seen (None: never synced)."""
        dates = [document.get("last_modified") for document in self.services.values() if document.get("last_modified")]
        return max(dates) if dates else None

    def sync(self):
        """(fetched, removed): bring the mirror up to date."""
        since = self.since()
        params = {"full": "true"}
        if since:
            params["modified_after"] = since
        fetched = 0
        for document in self.transport.lines("/services", params):
            self.services[document["id"]] = document
            fetched += 1
        current = {document["id"] for document in self.transport.lines("/services", {"minimal": "true"})}
        removed = [service_id for service_id in self.services if service_id not in current]
        for service_id in removed:
            del self.services[service_id]
        return fetched, len(removed)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("api", help="the portal's HSDS API root, e.g. https://portal.example/api/hsds")
    parser.add_argument("file", type=Path, help="the mirror file (created on the first run)")
    parser.add_argument("--lang", default="de")
    options = parser.parse_args(argv)
    services = json.loads(options.file.read_text(encoding="utf-8"))["services"] if options.file.exists() else {}
    mirror = Mirror(UrllibTransport(options.api, options.lang), services)
    fetched, removed = mirror.sync()
    options.file.write_text(json.dumps({"services": mirror.services}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{fetched} fetched, {removed} removed, {len(mirror.services)} services in {options.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
