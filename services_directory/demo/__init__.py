"""A realistic, made-up Cologne directory for demonstrations: providers, programmes, places, offers.

`load(stdout)` is idempotent and is called by `manage.py load_demo_data`.
"""

from .loader import load  # noqa: F401
