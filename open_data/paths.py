"""Where the shared HSDS material lives: ../shared/hsds beside the repository (never copied in)."""

from pathlib import Path

from django.conf import settings


def hsds_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "hsds"


def schema_dir() -> Path:
    return hsds_dir() / "schema"


def profile_file() -> Path:
    return hsds_dir() / "PROFILE.md"
