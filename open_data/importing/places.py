"""Apply programmes, places and opening hours: the objects a service points to."""

import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from carriers.ownership import user_may
from open_data import ids as keys
from open_data.importing import writes
from open_data.importing.pages import DEFAULT_LANGUAGE
from open_data.importing.parse import parse_time
from open_data.importing.report import REFUSED_MOVE, RecordError
from open_data.importing.validate import classified, valid_until
from open_data.serializers import ACCESSIBILITY, APPOINTMENT
from open_data.text import normalise, rich_text
from services_directory.models import OpeningSlot, Place, ProgrammePage
from services_directory.models.offers import HSDS_DAYS
from services_directory.models.places import (
    COLOGNE_LATITUDE,
    COLOGNE_LONGITUDE,
    validate_cologne_postcode,
)
from services_directory.models.vocabulary import DISTRICT, FUNDING_LEVEL
from services_directory.updates import apply_changes, set_changed

PRECISION = Decimal("0.000001")


class PlaceSteps:
    """Mixin of the importer."""

    def _programme(self, record):
        """(programme or None, (valid until, its attribute id) or None)."""
        nested = record.get("program")
        program_id = (nested or {}).get("id") or record.get("program_id")
        if not program_id:
            return None, None
        programme = self._lookups.get(
            "programme", program_id,
            lambda: ProgrammePage.objects.select_related("funding_level__taxonomy").filter(hsds_id=program_id).first(),
        )
        if not nested:
            if programme is None:
                raise RecordError(f"program_id {program_id} is not a known programme; nest the program")
            return programme, None
        creating = programme is None
        aside = []
        levels = classified(nested.get("attributes"), "program", {FUNDING_LEVEL}, "program", self.vocabulary, aside)
        self._foreign_terms(aside)
        until = valid_until(nested.get("attributes"), "program")
        if creating:
            if not levels:
                self._aside("program", "a new programme needs a funding-level attribute; the service is imported without it")
                return None, until
            programme = writes.new_object(ProgrammePage, hsds_id=uuid.UUID(str(program_id)))
        name = nested["name"].strip()
        description = normalise(nested.get("description") or "")
        values = self._texts(programme, {"title": name, "description": "" if description == name else rich_text(description)}, creating)
        if self.structural or creating:
            values["short_name"] = (nested.get("alternate_name") or "")[:30]
            if levels:
                values["funding_level_id"] = levels[0][0].pk
        self._keep_terms("program", str(program_id), levels)
        changed = apply_changes(programme, values)
        if levels and programme.funding_level_id == levels[0][0].pk:
            programme.funding_level = levels[0][0]  # the vocabulary's, with its taxonomy: documents read both
        if changed or creating:
            if not creating:
                programme.title = getattr(programme, f"title_{DEFAULT_LANGUAGE}")
            self._save_page(programme, self.index, creating)
            self._lookups.written("programme", program_id, saved=programme)
        return programme, until

    def _may_touch_foreign(self, place):
        """Another provider's place: the operator when a move was asked for, or whoever may change it."""
        if self.user is None:
            return self.allow_move
        return user_may(self.user, "change", place)

    def _place(self, location, provider, where):
        """The place of an HSDS location, or None when it is not a Cologne place the profile
        describes (then the record is a draft for review, or refused in strict mode)."""
        location_id = location["id"]
        place = self._known_place(location_id)
        creating = place is None
        if not creating and place.provider_id not in (None, provider.pk) and not self._may_touch_foreign(place):
            raise RecordError(f"{where}: {REFUSED_MOVE} (the place “{place.name}” belongs to another provider)")
        addresses = [item for item in location.get("addresses") or [] if item.get("address_type", "physical") == "physical"]
        if not addresses:
            return self._not_a_place(where, "no physical address in Cologne")
        address = addresses[0]
        try:
            validate_cologne_postcode(str(address.get("postal_code", "")))
        except ValidationError:
            return self._not_a_place(
                where, f"addresses[0].postal_code {address.get('postal_code')!r} is not a Cologne postcode (50667 to 51149)"
            )
        try:
            latitude, longitude = _coordinates(location, where)
        except RecordError as problem:
            return self._not_a_place(where, str(problem))
        aside = []
        districts = classified(location.get("attributes"), "location", {DISTRICT}, where, self.vocabulary, aside)
        self._foreign_terms(aside)
        if creating and not districts:
            return self._not_a_place(where, "no district attribute (a Stadtteil or Stadtbezirk code)")
        if creating:
            place = writes.new_object(Place, hsds_id=uuid.UUID(str(location_id)))
        name = (location.get("name") or address.get("address_1") or "").strip()[:200]
        values = self._texts(place, {"name": name, "transport_hint": (location.get("transportation") or "")[:300]}, creating)
        if self.structural or creating:
            features = {item.get("details") for item in location.get("accessibility") or []}
            values.update(
                {
                    "street": address.get("address_1", "")[:200],
                    "postcode": str(address["postal_code"]),
                    "latitude": latitude,
                    "longitude": longitude,
                    "provider_id": place.provider_id or provider.pk,
                    **{feature: feature in features for feature in ACCESSIBILITY},
                }
            )
            if districts:
                values["district_id"] = districts[0][0].pk
        self._keep_terms("location", str(location_id), districts)
        self._keep(keys.address_key(place), address.get("id"))
        for item in location.get("accessibility") or []:
            if item.get("details") in ACCESSIBILITY:
                self._keep(keys.accessibility_key(place, item["details"]), item.get("id"))
        changed = set_changed(place, values)
        if districts and place.district_id == districts[0][0].pk:
            place.district = districts[0][0]  # the vocabulary's, with its taxonomy: documents read both
        if changed or creating:
            place.save(update_fields=None if creating else changed)  # another language: its two columns
            self._lookups.written("place", location_id, saved=place)
        return place

    def _known_place(self, location_id):
        """The place with this HSDS id, or None (read once per batch, see importing.lookups)."""
        return self._lookups.get(
            "place", location_id, lambda: Place.objects.select_related("district__taxonomy").filter(hsds_id=location_id).first()
        )

    def _not_a_place(self, where, reason):
        self._shortfall(f"{where}: {reason}")
        self._aside(where, "not a place of the directory")
        return None

    def _slots(self, offer, place, schedules, where, existing):
        """Opening slots (one per weekday) from weekly HSDS schedules; `existing` ones are reused.
        Other recurrences (monthly, every other week, dated) are kept with the imported document."""
        slots = []
        for position, schedule in enumerate(schedules or []):
            spot = f"{where}.schedules[{position}]"
            try:
                opens, closes, days = _weekly(schedule, spot)
            except RecordError as problem:
                self._aside(spot, str(problem))
                continue
            by_appointment = schedule.get("attending_type") == APPOINTMENT
            self._keep(keys.schedule_key(offer, place, opens, closes, by_appointment), schedule.get("id"))
            note = (schedule.get("description") or "")[:200]
            for day in days:
                weekday = HSDS_DAYS.index(day)
                slot = existing.pop((place.pk if place else None, weekday, opens, closes, by_appointment), None)
                slot = slot or writes.new_object(
                    OpeningSlot, place=place, weekday=weekday, opens=opens, closes=closes, by_appointment=by_appointment
                )
                setattr(slot, self._text("note"), note)
                slots.append(slot)
        return slots


WEEKLY_ONLY = ("interval", "bymonthday", "byyearday", "byweekno", "count", "until", "valid_from", "valid_to", "dtstart")


def _weekly(schedule, spot):
    """(opens, closes, weekdays) of a plain weekly schedule, else RecordError saying why not."""
    if schedule.get("freq", "WEEKLY") != "WEEKLY":
        raise RecordError(f"freq {schedule.get('freq')!r}: only weekly opening hours are shown")
    special = [
        name for name in WEEKLY_ONLY
        if schedule.get(name) not in (None, "") and not (name == "interval" and schedule.get(name) == 1)
    ]
    if special:
        raise RecordError(f"{', '.join(special)}: a recurrence the weekly opening hours cannot show")
    days = [day.strip() for day in (schedule.get("byday") or "").split(",") if day.strip()]
    if not days or any(day not in HSDS_DAYS for day in days):
        raise RecordError(f"byday {schedule.get('byday')!r} is not a list of weekdays like MO,WE")
    opens = parse_time(schedule.get("opens_at"), f"{spot}.opens_at")
    closes = parse_time(schedule.get("closes_at"), f"{spot}.closes_at")
    if closes <= opens:
        raise RecordError("closes_at must be after opens_at")
    return opens, closes, days


def _coordinates(location, where):
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if (latitude is None) != (longitude is None):
        raise RecordError(f"{where}: give both latitude and longitude, or neither")
    if latitude is None:
        return None, None
    try:
        latitude, longitude = Decimal(str(latitude)).quantize(PRECISION), Decimal(str(longitude)).quantize(PRECISION)
    except InvalidOperation:
        raise RecordError(f"{where}: latitude/longitude are not numbers") from None
    if not (COLOGNE_LATITUDE[0] <= latitude <= COLOGNE_LATITUDE[1] and COLOGNE_LONGITUDE[0] <= longitude <= COLOGNE_LONGITUDE[1]):
        raise RecordError(f"{where}: the coordinates lie outside Cologne")
    return latitude, longitude
