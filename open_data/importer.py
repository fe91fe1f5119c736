"""Import HSDS 3.1 services (nested as /services/{id} serves them) into the directory.

Each record is all or nothing: it is checked against the HSDS schema and our profile
(../shared/hsds/PROFILE.md), then applied in one transaction; any error rejects the whole record
with its id and the reason. HSDS ids are kept, so the same document imported twice changes
nothing ("unchanged"), and a document in another language for the same ids fills only that
language's texts.
"""

import datetime
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.text import slugify

from open_data import ids as keys
from open_data import serializers, validation
from open_data.ids import IdMap
from open_data.serializers import ACCESSIBILITY, APPOINTMENT, SERVICE_TERMS
from open_data.text import normalise, rich_text
from services_directory.models import (
    DirectoryIndexPage,
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    Place,
    ProgrammePage,
    ProviderPage,
    Taxonomy,
    Term,
)
from services_directory.models.offers import HSDS_DAYS, known_language_codes
from services_directory.models.places import (
    COLOGNE_LATITUDE,
    COLOGNE_LONGITUDE,
    validate_cologne_postcode,
)
from services_directory.models.vocabulary import DISTRICT, FUNDING_LEVEL
from services_directory.updates import apply_changes

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
SERVICE_TAXONOMIES = {taxonomy: relation for relation, taxonomy in SERVICE_TERMS}
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")
SUMMARY_MAX = 300


class RecordError(Exception):
    """The record breaks a rule; the message names what and where."""


class _Rollback(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


@dataclass
class Outcome:
    record_id: str
    status: str  # created, updated, unchanged, rejected
    reason: str = ""


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status):
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def rejected(self):
        return [outcome for outcome in self.outcomes if outcome.status == "rejected"]

    def __str__(self):
        return ", ".join(f"{status} {self.count(status)}" for status in ("created", "updated", "unchanged", "rejected"))


def load_records(data):
    """A JSON list of services, or an HSDS Page of them."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    raise ValueError("expected a JSON list of HSDS services or an HSDS Page with `contents`")


def read_file(path):
    with open(path, encoding="utf-8") as handle:
        return load_records(json.load(handle))


def _split_description(text):
    """HSDS description -> (summary, rich description). The first paragraph is the summary when
    it fits; see serializers.service_description for the way back."""
    text = normalise(text)
    first, _sep, rest = text.partition("\n\n")
    if len(text) <= SUMMARY_MAX and not rest:
        return text, ""
    if len(first) <= SUMMARY_MAX:
        return first, rich_text(rest)
    cut = first[: SUMMARY_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…", rich_text(text)


def _date(value, where):
    try:
        return datetime.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        raise RecordError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _time(value, where):
    match = TIME.match(value or "")
    if not match:
        raise RecordError(f"{where}: {value!r} is not a time (HH:MM)")
    return datetime.time(int(match.group(1)), int(match.group(2)))


class HsdsImporter:
    def __init__(self, language=DEFAULT_LANGUAGE, *, draft=False, dry_run=False):
        codes = [code for code, _name in settings.LANGUAGES]
        if language not in codes:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(codes)}")
        self.language = language
        self.draft = draft
        self.dry_run = dry_run
        self.index = DirectoryIndexPage.objects.first()
        if self.index is None:
            raise ValueError("the portal has no directory page yet: run setup_portal first")
        self.id_map = IdMap()
        self.touched_offers = []

    # -- driving ---------------------------------------------------------------------------------

    def run(self, records, progress=None) -> Summary:
        summary = Summary()
        for number, record in enumerate(records, start=1):
            summary.outcomes.append(self.import_record(record, number))
            if progress:
                progress(number)
        return summary

    def import_record(self, record, number=0) -> Outcome:
        record_id = str(record.get("id")) if isinstance(record, dict) and record.get("id") else f"(record {number})"
        saved_ids = dict(self.id_map._stored)
        touched = len(self.touched_offers)
        try:
            with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):
                status = self._apply(record)
                if self.dry_run or status == "unchanged":
                    raise _Rollback(status)
            return Outcome(record_id, status)
        except _Rollback as rollback:
            self._restore(saved_ids, touched)
            return Outcome(record_id, rollback.status)
        except RecordError as problem:
            self._restore(saved_ids, touched)
            return Outcome(record_id, "rejected", str(problem))
        except ValidationError as problem:
            self._restore(saved_ids, touched)
            return Outcome(record_id, "rejected", "; ".join(problem.messages))
        except DatabaseError as problem:
            self._restore(saved_ids, touched)
            return Outcome(record_id, "rejected", f"database: {problem}")

    def _restore(self, saved_ids, touched):
        self.id_map._stored = saved_ids
        self.id_map._by_id = None
        del self.touched_offers[touched:]

    # -- checking --------------------------------------------------------------------------------

    def _check(self, record):
        if not isinstance(record, dict):
            raise RecordError("not a JSON object")
        problems = validation.errors("service.json", record)
        if problems:
            raise RecordError("schema: " + problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
        if not record.get("organization") and not record.get("organization_id"):
            raise RecordError("no organization: give `organization` or `organization_id`")
        for name in ("email", "assurer_email"):
            if record.get(name):
                try:
                    validate_email(record[name])
                except ValidationError:
                    raise RecordError(f"{name}: {record[name]!r} is not an email address") from None
        if record.get("url"):
            try:
                URLValidator()(record["url"])
            except ValidationError:
                raise RecordError(f"url: {record['url']!r} is not a web address") from None
        minimum, maximum = record.get("minimum_age"), record.get("maximum_age")
        for name, value in (("minimum_age", minimum), ("maximum_age", maximum)):
            if value is not None and (value < 0 or value != int(value) or value > 150):
                raise RecordError(f"{name}: {value} is not an age in whole years")
        if minimum is not None and maximum is not None and maximum < minimum:
            raise RecordError("maximum_age is below minimum_age")

    def _term(self, attribute, where):
        """The vocabulary term an attribute names (by taxonomy + code, else by id)."""
        nested = attribute.get("taxonomy_term") or {}
        taxonomy_code = nested.get("taxonomy")
        code = nested.get("code")
        if taxonomy_code or code:
            if not Taxonomy.objects.filter(code=taxonomy_code).exists():
                raise RecordError(f"{where}: unknown taxonomy {taxonomy_code!r}")
            term = Term.objects.select_related("taxonomy").filter(taxonomy__code=taxonomy_code, code=code).first()
            if term is None:
                raise RecordError(f"{where}: unknown code {code!r} in taxonomy {taxonomy_code!r}")
            return term, nested.get("id") or attribute.get("taxonomy_term_id")
        term_id = attribute.get("taxonomy_term_id") or nested.get("id")
        if term_id:
            term = Term.objects.select_related("taxonomy").filter(hsds_id=term_id).first()
            if term is None:
                raise RecordError(f"{where}: unknown taxonomy term id {term_id}")
            return term, None
        return None, None

    def _classified(self, attributes, entity, allowed, where):
        """[(term, attribute id, term id)] of the attributes, checking their taxonomy belongs here."""
        found = []
        for position, attribute in enumerate(attributes or []):
            spot = f"{where}.attributes[{position}]"
            if attribute.get("link_type") == "valid-until" or attribute.get("label") == "valid-until":
                continue
            term, term_id = self._term(attribute, spot)
            if term is None:
                continue
            if term.taxonomy.code not in allowed:
                raise RecordError(f"{spot}: taxonomy {term.taxonomy.code!r} does not belong on a {entity}")
            found.append((term, attribute.get("id"), term_id))
        return found

    @staticmethod
    def _valid_until(attributes, where):
        for position, attribute in enumerate(attributes or []):
            if attribute.get("link_type") == "valid-until" or attribute.get("label") == "valid-until":
                return _date(attribute.get("value"), f"{where}.attributes[{position}].value"), attribute.get("id")
        return None, None

    # -- ids ---------------------------------------------------------------------------------------

    def _keep(self, key, value):
        if value:
            self.id_map.record(key, value)

    def _adopt_term_id(self, term, term_id):
        """The portal keeps the ids it imports: a term takes the id the document gives it."""
        if not term_id or str(term.hsds_id) == str(term_id):
            return
        if Term.objects.filter(hsds_id=term_id).exclude(pk=term.pk).exists():
            raise RecordError(f"taxonomy term id {term_id} already belongs to another term")
        term.hsds_id = uuid.UUID(str(term_id))
        term.save(update_fields=["hsds_id"])

    # -- pages -------------------------------------------------------------------------------------

    def _text(self, name):
        """The field names a text goes into: this language's column, and German too when creating."""
        return f"{name}_{self.language}"

    def _texts(self, instance, values, creating):
        """Set translated texts for this language (and the German fallback on new records)."""
        result = {}
        for name, value in values.items():
            result[f"{name}_{self.language}"] = value
            if creating and self.language != DEFAULT_LANGUAGE and not getattr(instance, f"{name}_{DEFAULT_LANGUAGE}", ""):
                result[f"{name}_{DEFAULT_LANGUAGE}"] = value
        return result

    @property
    def structural(self):
        """Only the default-language feed changes anything but texts of existing records."""
        return self.language == DEFAULT_LANGUAGE

    def _unique_slug(self, parent, title, language, exclude_pk=None):
        base = slugify(title)[:200] or "angebot"
        siblings = parent.get_children().exclude(pk=exclude_pk) if exclude_pk else parent.get_children()
        taken = set(siblings.values_list(f"slug_{language}", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _save_page(self, page, parent, creating):
        if creating:
            page.live = False
            page.slug_de = self._unique_slug(parent, page.title_de or page.title, "de")
            page.slug = page.slug_de
            if "en" in dict(settings.LANGUAGES):
                page.slug_en = self._unique_slug(parent, getattr(page, "title_en", "") or page.title_de, "en")
            with translation.override(DEFAULT_LANGUAGE):
                parent.add_child(instance=page)
        revision = page.save_revision()
        if not self.draft:
            revision.publish()
        return page

    def _organization(self, record):
        nested = record.get("organization") or {}
        org_id = nested.get("id") or record.get("organization_id")
        provider = ProviderPage.objects.filter(hsds_id=org_id).first()
        if not nested:
            if provider is None:
                raise RecordError(f"organization_id {org_id} is not a known organization; nest the organization")
            return provider
        if record.get("organization_id") and str(record["organization_id"]) != str(org_id):
            raise RecordError("organization_id differs from organization.id")
        creating = provider is None
        if creating:
            provider = ProviderPage(hsds_id=uuid.UUID(str(org_id)))
        name = nested["name"].strip()
        description = (nested.get("description") or "").strip()
        values = self._texts(
            provider, {"title": name, "short_description": "" if description == name else description}, creating
        )
        if self.structural or creating:
            umbrella = None
            if nested.get("parent_organization_id"):
                umbrella = ProviderPage.objects.filter(hsds_id=nested["parent_organization_id"]).first()
                if umbrella is None:
                    raise RecordError(
                        f"organization.parent_organization_id {nested['parent_organization_id']} is not a known organization"
                    )
            values.update({"email": nested.get("email", ""), "website": nested.get("website", ""), "umbrella_id": umbrella.pk if umbrella else None})
            if nested.get("email"):
                try:
                    validate_email(nested["email"])
                except ValidationError:
                    raise RecordError(f"organization.email: {nested['email']!r} is not an email address") from None
        changed = apply_changes(provider, values)
        if (self.structural or creating) and "phones" in nested:
            phones = nested["phones"] or []
            changed |= apply_changes(provider, {"phone": (phones[0].get("number") or "")[:40] if phones else ""})
            if phones:
                self._keep(keys.phone_key("organization", str(org_id)), phones[0].get("id"))
        contacts = None
        if (self.structural or creating) and "contacts" in nested:
            contacts = self._contacts(provider, nested["contacts"] or [], str(org_id))
            current = [(c.role, c.email, c.phone) for c in provider.contacts.all()] if not creating else []
            changed |= current != [(c.role, c.email, c.phone) for c in contacts]
        elif "contacts" in nested:  # another language: translate the roles of the same contacts
            contacts = list(provider.contacts.all())
            for item, contact in zip(contacts, nested["contacts"] or [], strict=False):
                changed |= apply_changes(item, {self._text("role"): (contact.get("title") or contact.get("name") or "")[:200]})
        self._org_status = "created" if creating else ("updated" if changed else "unchanged")
        if changed or creating:
            if not creating:
                provider.title = getattr(provider, f"title_{DEFAULT_LANGUAGE}")
            if contacts is not None:
                provider.contacts = contacts
            self._save_page(provider, self.index, creating)
        return provider

    def _contacts(self, provider, contacts, org_id):
        from services_directory.models import ProviderContact

        result = []
        for number, contact in enumerate(contacts):
            phones = contact.get("phones") or []
            item = ProviderContact(
                email=contact.get("email", ""), phone=(phones[0].get("number") or "")[:40] if phones else ""
            )
            setattr(item, self._text("role"), (contact.get("title") or contact.get("name") or "")[:200])
            item.role = getattr(item, self._text("role"))
            result.append(item)
            contact_id = contact.get("id")
            self._keep(keys.contact_key("organization", org_id, number), contact_id)
            if phones and contact_id:
                self._keep(keys.phone_key("contact", contact_id), phones[0].get("id"))
        return result

    # -- whole export directories ------------------------------------------------------------------

    def run_directory(self, data, progress=None) -> Summary:
        """An export_hsds directory: vocabulary ids, organizations (umbrellas first), services."""
        with transaction.atomic():
            self._adopt_vocabulary_ids(data.get("taxonomies") or [], data.get("taxonomy_terms") or [])
            if self.dry_run:
                transaction.set_rollback(True)
        self.id_map = IdMap()
        summary = Summary()
        pending = list(data.get("organizations") or [])
        known = set(str(value) for value in ProviderPage.objects.values_list("hsds_id", flat=True))
        while pending:
            ready = [org for org in pending if not org.get("parent_organization_id") or org["parent_organization_id"] in known]
            if not ready:
                ready = pending  # unknown umbrellas: each is rejected with the reason
            for org in ready:
                pending.remove(org)
                summary.outcomes.append(self.import_organization(org))
                known.add(str(org.get("id")))
        services = data.get("services") or []
        summary.outcomes += self.run(services, progress).outcomes
        return summary

    def _adopt_vocabulary_ids(self, taxonomies, terms):
        for item in taxonomies:
            taxonomy = Taxonomy.objects.filter(code=item.get("name")).first()
            if taxonomy and item.get("id") and str(taxonomy.hsds_id) != item["id"]:
                if not Taxonomy.objects.filter(hsds_id=item["id"]).exists():
                    taxonomy.hsds_id = uuid.UUID(item["id"])
                    taxonomy.save(update_fields=["hsds_id"])
        for item in terms:
            term = Term.objects.filter(taxonomy__code=item.get("taxonomy"), code=item.get("code")).first()
            if term is not None:
                try:
                    self._adopt_term_id(term, item.get("id"))
                except RecordError:
                    pass

    def import_organization(self, organization) -> Outcome:
        record_id = str(organization.get("id") or "(organization)")
        saved_ids = dict(self.id_map._stored)
        try:
            with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):
                problems = validation.errors("organization.json", organization)
                if problems:
                    raise RecordError("schema: " + problems[0])
                self._organization({"organization": {k: v for k, v in organization.items() if k != "services"}})
                status = self._org_status
                if self.dry_run or status == "unchanged":
                    raise _Rollback(status)
            return Outcome(record_id, status)
        except _Rollback as rollback:
            self._restore(saved_ids, len(self.touched_offers))
            return Outcome(record_id, rollback.status)
        except (RecordError, ValidationError, DatabaseError) as problem:
            self._restore(saved_ids, len(self.touched_offers))
            reason = "; ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
            return Outcome(record_id, "rejected", reason)

    def _programme(self, record, provider):
        nested = record.get("program")
        program_id = (nested or {}).get("id") or record.get("program_id")
        if not program_id:
            return None, None
        programme = ProgrammePage.objects.filter(hsds_id=program_id).first()
        if not nested:
            if programme is None:
                raise RecordError(f"program_id {program_id} is not a known programme; nest the program")
            return programme, None
        creating = programme is None
        classified = self._classified(nested.get("attributes"), "program", {FUNDING_LEVEL}, "program")
        valid_until, valid_until_id = self._valid_until(nested.get("attributes"), "program")
        if creating:
            if not classified:
                raise RecordError("program: a new programme needs a funding-level attribute")
            programme = ProgrammePage(hsds_id=uuid.UUID(str(program_id)))
        name = nested["name"].strip()
        description = normalise(nested.get("description") or "")
        values = self._texts(programme, {"title": name, "description": "" if description == name else rich_text(description)}, creating)
        if self.structural or creating:
            values["short_name"] = (nested.get("alternate_name") or "")[:30]
            if classified:
                values["funding_level_id"] = classified[0][0].pk
        for term, attribute_id, term_id in classified:
            self._adopt_term_id(term, term_id)
            self._keep(keys.attribute_key("program", str(program_id), term), attribute_id)
        if apply_changes(programme, values) or creating:
            if not creating:
                programme.title = getattr(programme, f"title_{DEFAULT_LANGUAGE}")
            self._save_page(programme, self.index, creating)
        return programme, (valid_until, valid_until_id)

    def _place(self, location, provider, where):
        location_id = location["id"]
        addresses = [item for item in location.get("addresses") or [] if item.get("address_type", "physical") == "physical"]
        if not addresses:
            raise RecordError(f"{where}: a place needs a physical address")
        address = addresses[0]
        try:
            validate_cologne_postcode(str(address.get("postal_code", "")))
        except ValidationError:
            raise RecordError(f"{where}.addresses[0].postal_code: {address.get('postal_code')!r} is not a Cologne postcode (50667 to 51149)") from None
        latitude, longitude = location.get("latitude"), location.get("longitude")
        if (latitude is None) != (longitude is None):
            raise RecordError(f"{where}: give both latitude and longitude, or neither")
        if latitude is not None:
            try:
                latitude, longitude = Decimal(str(latitude)).quantize(Decimal("0.000001")), Decimal(str(longitude)).quantize(Decimal("0.000001"))
            except InvalidOperation:
                raise RecordError(f"{where}: latitude/longitude are not numbers") from None
            if not (COLOGNE_LATITUDE[0] <= latitude <= COLOGNE_LATITUDE[1] and COLOGNE_LONGITUDE[0] <= longitude <= COLOGNE_LONGITUDE[1]):
                raise RecordError(f"{where}: the coordinates lie outside Cologne")
        districts = self._classified(location.get("attributes"), "location", {DISTRICT}, where)
        place = Place.objects.filter(hsds_id=location_id).first()
        creating = place is None
        if creating and not districts:
            raise RecordError(f"{where}: no district attribute (a Stadtteil or Stadtbezirk code)")
        if creating:
            place = Place(hsds_id=uuid.UUID(str(location_id)))
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
        for term, attribute_id, term_id in districts:
            self._adopt_term_id(term, term_id)
            self._keep(keys.attribute_key("location", str(location_id), term), attribute_id)
        self._keep(keys.address_key(place), address.get("id"))
        for item in location.get("accessibility") or []:
            if item.get("details") in ACCESSIBILITY:
                self._keep(keys.accessibility_key(place, item["details"]), item.get("id"))
        if apply_changes(place, values) or creating:
            place.save()
        return place

    def _slots(self, offer, place, schedules, where, existing):
        """Opening slots (one per weekday) from weekly HSDS schedules."""
        slots = []
        for position, schedule in enumerate(schedules or []):
            spot = f"{where}.schedules[{position}]"
            if schedule.get("freq", "WEEKLY") != "WEEKLY":
                raise RecordError(f"{spot}: only weekly schedules (freq WEEKLY) are supported")
            days = [day.strip() for day in (schedule.get("byday") or "").split(",") if day.strip()]
            if not days or any(day not in HSDS_DAYS for day in days):
                raise RecordError(f"{spot}.byday: {schedule.get('byday')!r} is not a list of weekdays like MO,WE")
            opens = _time(schedule.get("opens_at"), f"{spot}.opens_at")
            closes = _time(schedule.get("closes_at"), f"{spot}.closes_at")
            if closes <= opens:
                raise RecordError(f"{spot}: closes_at must be after opens_at")
            by_appointment = schedule.get("attending_type") == APPOINTMENT
            self._keep(keys.schedule_key(offer, place, opens, closes, by_appointment), schedule.get("id"))
            note = (schedule.get("description") or "")[:200]
            for day in days:
                weekday = HSDS_DAYS.index(day)
                slot = existing.pop((place.pk if place else None, weekday, opens, closes, by_appointment), None)
                slot = slot or OpeningSlot(place=place, weekday=weekday, opens=opens, closes=closes, by_appointment=by_appointment)
                setattr(slot, self._text("note"), note)
                slots.append(slot)
        return slots

    # -- the record --------------------------------------------------------------------------------

    def _apply(self, record):
        self._check(record)
        service_id = str(record["id"])
        offer = OfferPage.objects.filter(hsds_id=service_id).first()
        creating = offer is None
        before = None
        if not creating:
            offer = offer.specific
            old_provider = offer.get_parent().specific
            with translation.override(self.language):
                before = serializers.service_document(offer, old_provider, self.id_map)
        service_terms = self._classified(record.get("attributes"), "service", set(SERVICE_TAXONOMIES), "attributes")
        valid_until, valid_until_id = self._valid_until(record.get("attributes"), "service")
        languages = []
        for position, item in enumerate(record.get("languages") or []):
            code = (item.get("code") or "").strip()
            if code not in known_language_codes():
                raise RecordError(f"languages[{position}].code: {code!r} is not an ISO 639 language code")
            if code not in [existing for existing, _id in languages]:
                languages.append((code, item.get("id")))

        provider = self._organization(record)
        if not creating and self.structural and offer.get_parent().pk != provider.pk:
            offer.move(provider, pos="last-child")
            offer = OfferPage.objects.get(pk=offer.pk).specific  # its new place in the tree
        programme, program_valid_until = self._programme(record, provider)
        if program_valid_until and program_valid_until[0]:
            valid_until, valid_until_id = program_valid_until
        if creating:
            offer = OfferPage(hsds_id=uuid.UUID(service_id))

        # texts
        summary, description = _split_description(record.get("description") or record["name"])
        fee_text = ""
        cost_items = record.get("cost_options") or []
        for item in cost_items:
            if item.get("option"):
                fee_text = item["option"][:300]
                break
        documents = "\n".join(item.get("document", "") for item in record.get("required_documents") or [] if item.get("document"))
        contacts = record.get("contacts") or []
        values = self._texts(
            offer,
            {
                "title": record["name"].strip()[:255],
                "summary": summary,
                "description": description,
                "access_notes": record.get("application_process") or "",
                "what_to_bring": documents,
                "fee_description": fee_text,
                "contact_name": (contacts[0].get("name") or "")[:200] if contacts else "",
            },
            creating,
        )
        apply_changes(offer, values)

        place_links = []
        if self.structural or creating:
            amounts = [item.get("amount") for item in cost_items]
            if not cost_items:
                cost, amount = OfferPage.COST_UNKNOWN, None
            elif any(value is not None and value > 0 for value in amounts):
                cost, amount = OfferPage.COST_FEE, max(value for value in amounts if value is not None)
            elif any(value == 0 for value in amounts):
                cost, amount = OfferPage.COST_FREE, None
            else:
                cost, amount = OfferPage.COST_FEE, None
            if cost == OfferPage.COST_FEE and not fee_text:
                raise RecordError("cost_options: a fee needs an `option` text describing it")
            phones = record.get("phones") or []
            apply_changes(
                offer,
                {
                    "booking_url": record.get("url", ""),
                    "contact_email": record.get("email", ""),
                    "contact_phone": (phones[0].get("number") or "")[:40] if phones else "",
                    "minimum_age": record.get("minimum_age"),
                    "maximum_age": record.get("maximum_age"),
                    "last_verified_at": _date(record["assured_date"], "assured_date") if record.get("assured_date") else None,
                    "last_verified_by": record.get("assurer_email", ""),
                    "cost": cost,
                    "fee_amount": Decimal(str(amount)).quantize(Decimal("0.01")) if amount is not None else None,
                    "programme_id": programme.pk if programme else None,
                    "valid_until": valid_until,
                },
            )
            for relation, _taxonomy in SERVICE_TERMS:
                wanted = [term for term, _a, _t in service_terms if SERVICE_TAXONOMIES[term.taxonomy.code] == relation]
                getattr(offer, relation).set(wanted)
            existing_languages = {item.code: item for item in offer.languages.all()} if not creating else {}
            offer.languages = [existing_languages.get(code) or OfferLanguage(code=code) for code, _id in languages]

        # places, hours
        existing_links = {link.place_id: link for link in offer.places.all()} if not creating else {}
        existing_slots = (
            {(slot.place_id, slot.weekday, slot.opens, slot.closes, slot.by_appointment): slot for slot in offer.opening_slots.all()}
            if not creating
            else {}
        )
        slots = []
        for position, sal in enumerate(record.get("service_at_locations") or []):
            where = f"service_at_locations[{position}]"
            location = sal.get("location") or {}
            if not location and sal.get("location_id"):
                place = Place.objects.filter(hsds_id=sal["location_id"]).first()
                if place is None:
                    raise RecordError(f"{where}: location_id {sal['location_id']} is not a known place; nest the location")
            elif location.get("location_type", "physical") != "physical":
                continue
            else:
                place = self._place(location, provider, f"{where}.location")
            link = existing_links.pop(place.pk, None) or OfferPlace(place=place)
            setattr(link, self._text("hours_notes"), (sal.get("description") or "")[:300])
            # "temporarily closed" means every place is closed; `alert` says why
            closed = record.get("status") == "temporarily closed"
            if self.structural or creating:
                link.temporarily_closed = closed
            setattr(link, self._text("closed_reason"), (record.get("alert") or "")[:300] if closed else "")
            place_links.append(link)
            self._keep(keys.sal_key(offer, place), sal.get("id"))
            slots += self._slots(offer, place, sal.get("schedules"), where, existing_slots)
        slots += self._slots(offer, None, record.get("schedules"), "schedules", existing_slots)
        if self.structural or creating:
            offer.places = place_links
            offer.opening_slots = sorted(slots, key=lambda slot: (slot.weekday, slot.opens))
        else:  # another language: the same places and hours, only their texts filled in
            offer.places = [link for link in place_links if link.pk] + list(existing_links.values())
            kept = [slot for slot in slots if slot.pk] + list(existing_slots.values())
            offer.opening_slots = sorted(kept, key=lambda slot: (slot.weekday, slot.opens))

        # ids of the parts
        for term, attribute_id, term_id in service_terms:
            self._adopt_term_id(term, term_id)
            self._keep(keys.attribute_key("service", service_id, term), attribute_id)
        for code, language_id in languages:
            self._keep(keys.language_key(offer, code), language_id)
        if cost_items:
            self._keep(keys.cost_key(offer), cost_items[0].get("id"))
        if valid_until_id:
            entity, link_id = ("program", str(programme.hsds_id)) if programme else ("service", service_id)
            self._keep(keys.valid_until_key(entity, link_id), valid_until_id)
        if record.get("phones"):
            self._keep(keys.phone_key("service", service_id), record["phones"][0].get("id"))
        if contacts:
            self._keep(keys.contact_key("service", service_id), contacts[0].get("id"))
        if record.get("required_documents"):
            self._keep(keys.document_key(offer), record["required_documents"][0].get("id"))

        offer.title = getattr(offer, f"title_{DEFAULT_LANGUAGE}") or offer.title
        try:
            offer.clean()
        except ValidationError as problem:
            raise RecordError("; ".join(problem.messages)) from None

        with translation.override(self.language):
            after = serializers.service_document(offer, provider, self.id_map, programme=programme)
        published = offer.live and not offer.has_unpublished_changes
        if before is not None and before == after and (self.draft or published):
            return "unchanged"

        self._save_page(offer, provider, creating)
        self.touched_offers.append(offer.pk)
        return "created" if creating else "updated"

    # -- afterwards ----------------------------------------------------------------------------------

    def finish(self):
        """Make translated URL paths right and put the touched offers into the search index."""
        from django.core.management import call_command

        if self.dry_run or not self.touched_offers:
            return
        call_command("set_translation_url_paths", verbosity=0)
        index_offers(self.touched_offers)


def index_offers(offer_ids):
    """Put the offers into the search index with their final URLs. Publishing already indexes
    them (the search app's signals); this runs once more after the URL paths are set. Calls what
    the search app offers: `search.service.index_offer(offer)` or `search.signals.reindex_offers`."""
    import importlib
    import importlib.util

    offers = list(OfferPage.objects.live().filter(pk__in=offer_ids).specific())
    if not offers:
        return
    if importlib.util.find_spec("search.service") is not None:
        index_offer = getattr(importlib.import_module("search.service"), "index_offer", None)
        if index_offer is not None:
            for offer in offers:
                index_offer(offer)
            return
    if importlib.util.find_spec("search.signals") is not None:
        reindex = getattr(importlib.import_module("search.signals"), "reindex_offers", None)
        if reindex is not None:
            reindex(offers)
