"""Where the HSDS 3.1 material lives: open_data/hsds in the repository (schemas, examples, the
portal's profile; see open_data/hsds/SOURCE.md for the specification commit and licence)."""

from pathlib import Path

HSDS_DIR = Path(__file__).resolve().parent / "hsds"


def hsds_dir() -> Path:
    return HSDS_DIR


def schema_dir() -> Path:
    return HSDS_DIR / "schema"


def profile_file() -> Path:
    return HSDS_DIR / "PROFILE.md"


def kim_examples_dir() -> Path:
    return HSDS_DIR / "kim-examples"
