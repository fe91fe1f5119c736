"""Settings packages: `base` (driven by environment variables) and `test`."""
