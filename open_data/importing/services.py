"""Apply services: one HSDS service onto an offer page, in named steps (see `_apply`)."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import translation
from wagtail.models import Page

from carriers.ownership import user_may
from open_data import ids as keys
from open_data import keeping, serializers
from open_data.foreign import remember_foreign_term
from open_data.importing import writes
from open_data.importing.batch import current as deferred_batch
from open_data.importing.organizations import providers
from open_data.importing.pages import DEFAULT_LANGUAGE, page_rules
from open_data.importing.parse import parse_date, split_description
from open_data.importing.report import REFUSED_MOVE, RecordError
from open_data.importing.validate import check_service, classified, valid_until
from open_data.offer_facts import apply_to_offer as apply_offer_facts
from open_data.serializers import SERVICE_TERMS
from services_directory.models import (
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    Place,
    Term,
)
from services_directory.updates import apply_changes

SERVICE_TAXONOMIES = {taxonomy: relation for relation, taxonomy in SERVICE_TERMS}
MAX_FEE = 10**6  # OfferPage.fee_amount holds 8 digits, 2 after the point


class ServiceSteps:
    """Mixin of the importer: `_apply(record)` -> "created", "updated" or "unchanged"."""

    def _apply(self, record):
        check_service(record)
        service_id = str(record["id"])
        offer = self._offer(service_id)
        creating = offer is None
        before = None if creating else self._document_before(offer)
        aside = []
        terms = classified(record.get("attributes"), "service", set(SERVICE_TAXONOMIES), "attributes", self.vocabulary, aside)
        self._foreign_terms(aside)
        until = valid_until(record.get("attributes"), "service")
        languages = self._languages(record)
        provider = self._organization(record)
        if not creating:
            offer = self._owned_by(offer, provider)
        programme, programme_until = self._programme(record)
        if programme_until and programme_until[0]:
            until = programme_until
        if creating:
            offer = writes.new_object(OfferPage, hsds_id=uuid.UUID(service_id))
        cost_items = record.get("cost_options") or []
        cost, amount, fee_text = self._cost(cost_items)
        self._service_texts(offer, record, fee_text, creating)
        if self.structural or creating:
            self._service_facts(offer, record, programme, until[0], (cost, amount), fee_text, creating)
            self._service_terms_and_languages(offer, terms, languages, creating)
            apply_offer_facts(offer, record)
        self._service_places(offer, record, provider, creating)
        self._service_part_ids(offer, record, service_id, terms, languages, programme, until[1])
        return self._save_service(offer, provider, programme, before, creating, record)

    def _preload_offers(self, records):
        """Read the offers of these records with their parts in a few queries for all of them
        (each service id comes once in a run: duplicates are refused, so no record sees another's)."""
        self._preload_parts(records)
        ids = set()
        for record in records:
            try:
                ids.add(uuid.UUID(str(record["id"])))
            except (TypeError, KeyError, ValueError, AttributeError):
                continue  # refused by check_service with the reason
        self._offers = dict.fromkeys(str(hsds_id) for hsds_id in ids)  # None: no offer yet, none to read again
        offers = list(_with_parts(OfferPage.objects.filter(hsds_id__in=ids)))
        writes.remember_rows(offers, OfferPage.CHILD_RELATIONS)
        writes.remember_fields(offers)
        parents = {page.path: page for page in providers().filter(path__in={offer.path[: -offer.steplen] for offer in offers})}
        for offer in offers:
            if offer.path[: -offer.steplen] in parents:  # a provider (an offer is nowhere else): read once
                offer._cached_parent_obj = parents[offer.path[: -offer.steplen]]
        self._offers.update((str(offer.hsds_id), offer) for offer in offers)
        self._originals = keeping.stored_originals("service", ids, self.language)

    def _offer(self, service_id):
        """The offer with this id, read ahead (`_preload_offers`) or now; None when there is none."""
        preloaded = getattr(self, "_offers", None)
        try:
            key = str(uuid.UUID(service_id))
        except ValueError:
            raise RecordError(f"id: {service_id!r} is not a UUID") from None
        if preloaded is not None and key in preloaded:
            return preloaded.pop(key)
        return _with_parts(OfferPage.objects.filter(hsds_id=key)).first()

    def _stored_original(self, hsds_id):
        """The document this service's last import in this language kept: read ahead with the
        batch's offers (each service id comes once in a run), or now."""
        preloaded = getattr(self, "_originals", None)
        if preloaded is not None and str(hsds_id) in preloaded:
            return preloaded.pop(str(hsds_id))
        return keeping.stored_original("service", hsds_id, self.language)

    def _foreign_terms(self, aside):
        """Attributes of taxonomies the portal does not use: kept (and listed for mapping)."""
        for where, attribute, reason in aside:
            self._aside(where, reason)
            remember_foreign_term(attribute)

    def _languages(self, record):
        """[(ISO 639-1 code the portal knows, its id)] without repeats; other codes are kept aside."""
        languages = []
        for position, item in enumerate(record.get("languages") or []):
            code = (item.get("code") or "").strip()
            if code not in self.language_codes:
                self._aside(f"languages[{position}].code", f"{code!r} is not a language code the portal knows")
                continue
            if code not in [known for known, _id in languages]:
                languages.append((code, item.get("id")))
        return languages

    def _cost(self, cost_items):
        """(cost kind, amount in euros or None, fee text). An amount in another currency is never
        shown as euros: it goes into the fee text with its currency."""
        cost, amount = _cost(cost_items)
        fee_text = next((item["option"][:300] for item in cost_items if item.get("option")), "")
        for position, item in enumerate(cost_items):
            currency = (item.get("currency") or serializers.CURRENCY).upper()
            if currency != serializers.CURRENCY and item.get("amount"):
                self._aside(f"cost_options[{position}].currency", f"{currency} is not euros; the amount is shown as text")
                amount = None
                described = " ".join(str(part) for part in (item.get("amount"), currency, item.get("amount_description")) if part)
                fee_text = (f"{fee_text} ({described})" if fee_text else described)[:300]
        if amount is not None and not 0 <= amount < MAX_FEE:  # no euro amount the directory can hold
            self._aside("cost_options", f"amount {amount} is kept as text")
            fee_text = (f"{fee_text} ({amount} {serializers.CURRENCY})" if fee_text else f"{amount} {serializers.CURRENCY}")[:300]
            amount = None
        if cost == OfferPage.COST_FEE and not fee_text:
            fee_text = next((item["amount_description"][:300] for item in cost_items if item.get("amount_description")), "")
        if cost == OfferPage.COST_FEE and not fee_text:
            if amount is None:  # cost options that say nothing: the cost is unknown (kept for export)
                self._aside("cost_options", "no amount and no description")
                return OfferPage.COST_UNKNOWN, None, ""
            fee_text = f"{serializers._number(Decimal(str(amount)))} {serializers.CURRENCY}"  # the fee shown as its amount
        return cost, amount, fee_text

    def _document_before(self, offer):
        with translation.override(self.language):
            return serializers.service_document(offer, offer.get_parent().specific, self.id_map)

    def _owned_by(self, offer, provider):
        """The offer, under `provider`: an offer of another provider is refused unless a move was asked for."""
        owner = offer.get_parent()
        if owner.pk == provider.pk:
            return offer
        if not self.allow_move or (self.user is not None and not user_may(self.user, "move", offer)):
            raise RecordError(f"{REFUSED_MOVE} (the offer belongs to “{owner.title}”, not to “{provider.title}”)")
        if not self.structural:
            raise RecordError(f"{REFUSED_MOVE}: only an import in {DEFAULT_LANGUAGE} moves offers")
        writes.settle_child_counts(deferred_batch())  # treebeard places the offer by the counts
        provider.numchild = Page.objects.filter(pk=provider.pk).values_list("numchild", flat=True).get()
        offer.move(provider, pos="last-child")
        self._children().forget(provider)
        return OfferPage.objects.get(pk=offer.pk).specific  # its new place in the tree

    def _service_texts(self, offer, record, fee_text, creating):
        summary, description = split_description(record.get("description") or record["name"])
        documents = "\n".join(item.get("document", "") for item in record.get("required_documents") or [] if item.get("document"))
        contacts = record.get("contacts") or []
        texts = {
            "title": record["name"].strip()[:255],
            "summary": summary,
            "description": description,
            "access_notes": record.get("application_process") or "",
            "what_to_bring": documents,
            "fee_description": fee_text,
            "contact_name": (contacts[0].get("name") or "")[:200] if contacts else "",
        }
        apply_changes(offer, self._texts(offer, texts, creating, fallback=bool(record.get(serializers.FALLBACK_FIELD))))

    def _service_facts(self, offer, record, programme, until, cost_and_amount, fee_text, creating):
        cost, amount = cost_and_amount
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
                "last_verified_at": parse_date(record["assured_date"], "assured_date") if record.get("assured_date") else None,
                "last_verified_by": record.get("assurer_email", ""),
                "cost": cost,
                "fee_amount": Decimal(str(amount)).quantize(Decimal("0.01")) if amount is not None else None,
                "programme_id": programme.pk if programme else None,
                "valid_until": until,
            },
        )

    def _service_terms_and_languages(self, offer, terms, languages, creating):
        for relation, _taxonomy in SERVICE_TERMS:
            getattr(offer, relation).set([term for term, _a, _t in terms if SERVICE_TAXONOMIES[term.taxonomy.code] == relation])
        existing = {} if creating else {item.code: item for item in offer.languages.all()}
        offer.languages = [existing.get(code) or writes.new_object(OfferLanguage, code=code) for code, _id in languages]

    def _service_places(self, offer, record, provider, creating):
        """Places and hours; another language's feed only fills the texts of the ones there are."""
        links = {} if creating else {link.place_id: link for link in offer.places.all()}
        slots_before = {} if creating else {
            (slot.place_id, slot.weekday, slot.opens, slot.closes, slot.by_appointment): slot for slot in offer.opening_slots.all()
        }
        place_links, slots = [], []
        closed = record.get("status") == "temporarily closed"  # every place is closed; `alert` says why
        for position, sal in enumerate(record.get("service_at_locations") or []):
            where = f"service_at_locations[{position}]"
            place = self._place_of(sal, provider, where)
            if place is None:
                continue
            link = links.pop(place.pk, None) or writes.new_object(OfferPlace, place=place)
            setattr(link, self._text("hours_notes"), (sal.get("description") or "")[:300])
            if self.structural or creating:
                link.temporarily_closed = closed
            setattr(link, self._text("closed_reason"), (record.get("alert") or "")[:300] if closed else "")
            place_links.append(link)
            self._keep(keys.sal_key(offer, place), sal.get("id"))
            slots += self._slots(offer, place, sal.get("schedules"), where, slots_before)
        slots += self._slots(offer, None, record.get("schedules"), "schedules", slots_before)
        if not (self.structural or creating):
            place_links = [link for link in place_links if link.pk] + list(links.values())
            slots = [slot for slot in slots if slot.pk] + list(slots_before.values())
        offer.places = place_links
        offer.opening_slots = sorted(slots, key=lambda slot: (slot.weekday, slot.opens))

    def _place_of(self, sal, provider, where):
        location = sal.get("location") or {}
        if not location and sal.get("location_id"):
            place = Place.objects.select_related("district__taxonomy").filter(hsds_id=sal["location_id"]).first()
            if place is None:
                raise RecordError(f"{where}: location_id {sal['location_id']} is not a known place; nest the location")
            return place
        if location.get("location_type", "physical") != "physical":
            return None
        return self._place(location, provider, f"{where}.location")

    def _service_part_ids(self, offer, record, service_id, terms, languages, programme, until_id):
        self._keep_terms("service", service_id, terms)
        for code, language_id in languages:
            self._keep(keys.language_key(offer, code), language_id)
        if record.get("cost_options"):
            self._keep(keys.cost_key(offer), record["cost_options"][0].get("id"))
        if until_id:
            entity, link_id = ("program", str(programme.hsds_id)) if programme else ("service", service_id)
            self._keep(keys.valid_until_key(entity, link_id), until_id)
        if record.get("phones"):
            self._keep(keys.phone_key("service", service_id), record["phones"][0].get("id"))
        if record.get("contacts"):
            self._keep(keys.contact_key("service", service_id), record["contacts"][0].get("id"))
        if record.get("required_documents"):
            self._keep(keys.document_key(offer), record["required_documents"][0].get("id"))

    def _save_service(self, offer, provider, programme, before, creating, record):
        offer.title = getattr(offer, f"title_{DEFAULT_LANGUAGE}") or offer.title
        try:
            page_rules(offer)
        except ValidationError as problem:
            raise RecordError("; ".join(problem.messages)) from None
        with translation.override(self.language):
            after = serializers.service_document(offer, provider, self.id_map, programme=programme)
        published = offer.live and not offer.has_unpublished_changes
        same_document = self._stored_original(offer.hsds_id) in (None, record)
        if before is not None and before == after and same_document and (self.draft or published) and not self.review:
            return "unchanged"
        self._save_page(offer, provider, creating, review=bool(self.review))
        keeping.remember("service", offer.hsds_id, self.language, record, after)
        self.notes += keeping.describe_differences(record, after)
        return "created" if creating else "updated"


def _with_parts(offers):
    """Offers with what their HSDS document shows, read in a few queries (as the API does)."""
    terms = Term.objects.select_related("taxonomy", "parent")
    return offers.select_related("programme__funding_level__taxonomy").prefetch_related(
        Prefetch("places", queryset=OfferPlace.objects.select_related("place__district__taxonomy").order_by("sort_order", "pk")),
        Prefetch("opening_slots", queryset=OpeningSlot.objects.order_by("weekday", "opens", "pk")),
        "languages", "start_dates",
        *[Prefetch(relation, queryset=terms) for relation in OfferPage.TERM_RELATIONS],
    )


def _cost(cost_items):
    """(cost kind, amount) from HSDS cost options: any positive amount is a fee, 0 is free."""
    amounts = [item.get("amount") for item in cost_items]
    if not cost_items:
        return OfferPage.COST_UNKNOWN, None
    if any(value is not None and value > 0 for value in amounts):
        return OfferPage.COST_FEE, max(value for value in amounts if value is not None)
    if any(value == 0 for value in amounts):
        return OfferPage.COST_FREE, None
    return OfferPage.COST_FEE, None
