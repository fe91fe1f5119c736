"""Idempotent updates for loaders and importers: set only what differs, say whether anything did."""

import operator


def apply_changes(instance, values, same=operator.eq) -> bool:
    """Set each field whose value differs; True when one did (so a re-run can report "unchanged")."""
    changed = False
    for name, value in values.items():
        if not same(getattr(instance, name), value):
            setattr(instance, name, value)
            changed = True
    return changed
