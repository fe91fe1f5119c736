"""Search backends: database (embedded) and elasticsearch."""
