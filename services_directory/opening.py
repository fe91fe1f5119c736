"""What an offer's weekly hours mean today, for result cards and the offer page's summary box:
"open today 09:00–12:00", "by appointment" or closed today."""

from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Today:
    open_slots: list = field(default_factory=list)  # today's walk-in slots (OpeningSlot)
    by_appointment: bool = False  # visits are booked (today's slots, or the offer's access)

    @property
    def open_today(self):
        return bool(self.open_slots)


def today_status(offer, today=None) -> Today:
    """Today's walk-in slots, and whether a visit needs an appointment. Slots of temporarily
    closed places do not count as open."""
    today = today or timezone.localdate()
    closed = {link.place_id for link in offer.places.all() if link.temporarily_closed}
    slots = [slot for slot in offer.opening_slots.all() if slot.place_id is None or slot.place_id not in closed]
    todays = sorted((slot for slot in slots if slot.weekday == today.weekday()), key=lambda slot: slot.opens)
    walk_in = [slot for slot in todays if not slot.by_appointment]
    if walk_in:
        return Today(open_slots=walk_in)
    every_slot_booked = bool(slots) and all(slot.by_appointment for slot in slots)
    return Today(by_appointment=bool(offer.access_appointment or every_slot_booked or todays))
