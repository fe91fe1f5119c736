"""The documents the HSDS API serves, written to a directory (export_hsds) and read back
(import_hsds DIR) so that export -> import into an empty portal -> export gives the same files."""

import json
from pathlib import Path

from django.utils import translation

from open_data import changes, keeping, queries, serializers
from open_data.ids import IdMap

FILES = ("taxonomies", "taxonomy_terms", "organizations", "services")


def documents(language):
    """{file name: list of documents} in `language`."""
    id_map = IdMap()
    with translation.override(language):
        lookup = queries.ProviderLookup()
        stamps = changes.Stamps()
        pairs = queries.offers_with_live_provider(queries.live_offers(), lookup)

        def service(offer, provider, full):
            programme = offer.programme if offer.programme_id else None
            modified = changes.isoformat(stamps.last_modified(offer, provider, programme))
            return serializers.service_document(offer, provider, id_map, full=full, last_modified=modified)

        services = keeping.served_all("service", [service(offer, provider, True) for offer, provider in pairs])
        by_provider = {}
        for offer, provider in pairs:
            by_provider.setdefault(provider.pk, []).append(service(offer, provider, False))
        organizations = keeping.served_all(
            "organization",
            [
                serializers.full_organization_document(
                    provider, id_map, keeping.served_all("service", by_provider.get(provider.pk, []), nested=False)
                )
                for provider in queries.live_providers().prefetch_related("contacts")
            ],
        )
        return {
            "taxonomies": [serializers.taxonomy_document(taxonomy) for taxonomy in queries.taxonomies()],
            "taxonomy_terms": [serializers.taxonomy_term_document(term, language) for term in queries.terms()],
            "organizations": organizations,
            "services": services,
        }


def write(directory, language):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, items in documents(language).items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written[name] = len(items)
    return written


def read(directory):
    """{file name: list} of an export directory; missing files are empty lists."""
    directory = Path(directory)
    result = {}
    for name in FILES:
        path = directory / f"{name}.json"
        result[name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return result
