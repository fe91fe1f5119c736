"""The event form: start and end are entered in the event's own time zone, whatever the editor's."""

import zoneinfo

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

TIME_FIELDS = ("start", "end")


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return None


class EventPageForm(WagtailAdminPageForm):
    """Shows the stored times in the event's zone and reads what the editor types in it.

    Django reads a typed time in the admin's zone; an event in another zone (an online meeting
    from Kyiv) would be off by the difference, so the typed wall-clock time is re-read here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = _zone(self.instance.time_zone)
        if zone is None:
            return
        for name in TIME_FIELDS:
            value = getattr(self.instance, name, None)
            if value is not None and name in self.fields:
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = _zone(cleaned.get("time_zone"))  # an unknown zone is already the field's error
        if zone is None:
            return cleaned
        current = timezone.get_current_timezone()
        for name in TIME_FIELDS:
            value = cleaned.get(name)
            if value is not None:
                wall_clock = value.astimezone(current).replace(tzinfo=None)
                cleaned[name] = wall_clock.replace(tzinfo=zone)
        return cleaned
