"""Signals the directory sends, so the apps built on it (search, reports) can follow it without
the directory knowing them.

`offers_changed` (sender: `OfferPage`, `offers`: the changed offers) is sent after offers were
written in bulk without Wagtail's `page_published` (the demo loader), for listeners that keep
derived data such as the search index current.
"""

from django.dispatch import Signal

offers_changed = Signal()
