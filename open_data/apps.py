from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open Referral HSDS 3.1: the read-only API, import, export and the carriers' CSV import."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "open_data"
    verbose_name = "Open data (HSDS)"

    def ready(self):
        from open_data import changes, listing_cache  # models are loaded only now

        listing_cache.connect()
        changes.connect()
