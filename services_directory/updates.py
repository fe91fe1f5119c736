"""Idempotent updates for loaders and importers: set only what differs, say whether anything did."""

import operator


def apply_changes(instance, values, same=operator.eq) -> bool:
    """Set each field whose value differs; True when one did (so a re-run can report "unchanged")."""
    return bool(set_changed(instance, values, same))


def set_changed(instance, values, same=operator.eq) -> list[str]:
    """`apply_changes` that names the fields it set (a save can write only those)."""
    changed = []
    for name, value in values.items():
        if not same(getattr(instance, name), value):
            setattr(instance, name, value)
            changed.append(name)
    return changed
