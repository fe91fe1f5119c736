"""The portal's HSDS profile as data (/api/hsds/profile.json), in the layout of Open Referral's
profile mechanism: JSON Merge Patches (RFC 7396) over the HSDS 3.1 schema files, named by file,
plus the taxonomies the profile uses. PROFILE.md (/api/hsds/profile) is its explanation.

The patches say what this profile adds to HSDS: a place is in Cologne (a physical address with a
Cologne postcode, a district attribute), languages are ISO 639 codes, amounts are euros unless a
currency says otherwise, and every service carries `last_modified`.
"""

from open_data.serializers import COUNTRY, CURRENCY, HSDS_VERSION, STATE
from services_directory.models import Taxonomy
from services_directory.models.places import COLOGNE_LATITUDE, COLOGNE_LONGITUDE
from services_directory.models.vocabulary import DISTRICT, FUNDING_LEVEL

NAME = "kim-cologne"
VERSION = "1.1"
COLOGNE_POSTCODE = "^(50[6-9][0-9]{2}|51[01][0-9]{2})$"  # 50667 to 51149: validate_cologne_postcode decides


def schema_patches():
    """{HSDS schema file: merge patch}."""
    return {
        "service.json": {
            "required": ["id", "name", "status", "organization_id"],
            "properties": {
                "last_modified": {"description": "When the service or anything it shows last changed (this portal's time)."},
                "x-fallback-language": {
                    "type": "string",
                    "description": "Present when a text of the document is German fallback (no translation in the language asked).",
                },
            },
        },
        "location.json": {
            "properties": {
                "location_type": {"enum": ["physical", "virtual", "postal"]},
                "latitude": {"minimum": float(COLOGNE_LATITUDE[0]), "maximum": float(COLOGNE_LATITUDE[1])},
                "longitude": {"minimum": float(COLOGNE_LONGITUDE[0]), "maximum": float(COLOGNE_LONGITUDE[1])},
            },
            "description": f"A place of the directory: one physical address in Cologne and one `{DISTRICT}` attribute. "
            "Locations without them are imported as drafts for review.",
        },
        "address.json": {
            "properties": {
                "postal_code": {"pattern": COLOGNE_POSTCODE},
                "state_province": {"default": STATE},
                "country": {"default": COUNTRY},
            },
        },
        "language.json": {"properties": {"code": {"description": "ISO 639-1 (ISO 639-3 where no 639-1 exists)."}}},
        "cost_option.json": {"properties": {"currency": {"default": CURRENCY}}},
        "attribute.json": {
            "description": f"Terms of the portal's vocabulary: `taxonomy_term.taxonomy` is the taxonomy code, "
            f"`taxonomy_term.code` the term's code; `{FUNDING_LEVEL}` on programmes, `{DISTRICT}` on locations. "
            "Terms of other taxonomies are kept as they come and can be mapped to ours.",
        },
    }


def profile_document(absolute):
    """`absolute(path)` makes the document's links absolute."""
    return {
        "name": NAME,
        "title": "KIM Köln: directory of integration support offers",
        "version": VERSION,
        "hsds_version": HSDS_VERSION,
        "uri": absolute("/api/hsds/profile.json"),
        "documentation": absolute("/api/hsds/profile"),
        "openapi_url": absolute("/api/hsds/openapi.json"),
        "schemas": schema_patches(),
        "taxonomies": [
            {"id": str(taxonomy.hsds_id), "name": taxonomy.code, "description": taxonomy.name}
            for taxonomy in Taxonomy.objects.order_by("sort_order", "code")
        ],
    }
