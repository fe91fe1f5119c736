"""Demo network: the committees the KIM concept names, the KIM coordination with its ten
case-management carriers, a year of events (meetings and public events) and news in several
languages. Data in `data/*.json`; dates are laid out around the day of the first load.

`load(stdout)` is idempotent (pages are found again by slug) and is called by `manage.py load_demo_data`.
"""

from .loader import load  # noqa: F401
