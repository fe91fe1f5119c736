"""Write the demo landscape into the directory: create what is missing, update what differs.

Every record is found again by its `hsds_id` (a UUID derived from a stable key), so a second
run creates nothing and reports every record as unchanged.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from portal.languages import portal_language_codes
from services_directory.models import (
    DirectoryIndexPage,
    OfferLanguage,
    OfferPage,
    OfferPlace,
    OfferStartDate,
    OpeningSlot,
    Place,
    ProgrammePage,
    ProviderCertificate,
    ProviderContact,
    ProviderPage,
    Term,
)
from services_directory.models.vocabulary import DISTRICT, FUNDING_LEVEL
from services_directory.signals import offers_changed
from services_directory.updates import apply_changes
from services_directory.vocabulary import load_taxonomies

from .catalogue import texts
from .generate import DEMO_DOMAIN, build_landscape, hsds_id

OFFER_TEXT_FIELDS = ("summary", "description", "access_notes", "what_to_bring", "fee_description", "contact_name")


def _same(current, wanted):
    if current in (None, "") and wanted in (None, ""):
        return True
    return current == wanted


def _apply(instance, values):
    return apply_changes(instance, values, same=_same)


def _translated(name, by_language):
    """`name_<lang>` for every portal language (empty where the demo has no text in it)."""
    return {f"{name}_{lang}": by_language.get(lang, "") for lang in portal_language_codes()}


def _texts_of(row, *names):
    """A child row's translated texts, for comparing with what the demo wants."""
    return tuple(getattr(row, f"{name}_{lang}") or "" for name in names for lang in portal_language_codes())


class _Writer:
    def __init__(self, stdout):
        self.stdout = stdout
        self.counts = Counter()
        self.terms = {(term.taxonomy.code, term.code): term for term in Term.objects.select_related("taxonomy")}
        self.existing = {}
        self.created = []

    def say(self, message):
        self.stdout.write(message if message.endswith("\n") else message + "\n")

    def preload(self, model, uids, prefetch=()):
        """Fetch the existing demo pages of one type at once (a second run then barely queries)."""
        found = model.objects.filter(hsds_id__in=list(uids)).prefetch_related(*prefetch)
        self.existing[model] = {page.hsds_id: page for page in found}

    def _page(self, model, parent, uid, values, relations=None, children=None):
        """Create or update one page; `children` maps a relation to (wanted rows, row→key)."""
        relations = relations or {}
        children = children or {}
        page = self.existing.get(model, {}).get(uid) or model.objects.filter(hsds_id=uid).first()
        if page is None:
            page = model(hsds_id=uid, **values)
            for name, terms in relations.items():
                setattr(page, name, terms)
            for name, (rows, _key) in children.items():
                setattr(page, name, rows)
            _create_published(parent, page)
            self.created.append(page)
            self.counts["created"] += 1
            return page
        changed = _apply(page, values)
        for name, terms in relations.items():
            if {term.pk for term in getattr(page, name).all()} != {term.pk for term in terms}:
                setattr(page, name, terms)
                changed = True
        for name, (rows, key) in children.items():
            if [key(row) for row in getattr(page, name).all()] != [key(row) for row in rows]:
                setattr(page, name, rows)
                changed = True
        if changed:
            page.save_revision().publish()
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
        return page

    def programme(self, index, spec):
        values = {
            "title": spec.title["de"], **_translated("title", spec.title),
            "slug": _slug(spec.title["de"]), "slug_de": _slug(spec.title["de"]), "slug_en": _slug(spec.title["en"]),
            "short_name": spec.short_name, "funding_level_id": self.terms[(FUNDING_LEVEL, spec.level)].pk,
            **_translated("funder", spec.funder),
            "period_start": _date(spec.start), "period_end": _date(spec.end),
            **_translated("description", {
                lang: f"<p>{about}</p><p><em>{texts().provider_demo_note[lang]}</em></p>" for lang, about in spec.about.items()
            }),
            "link": spec.link, "is_demo": True,
        }
        return self._page(ProgrammePage, index, hsds_id("programme", spec.key), values)

    def provider(self, index, spec, umbrellas, place_address):
        slug = _slug(spec.name)
        domain = f"{spec.key}.{DEMO_DOMAIN}"
        umbrella = umbrellas.get(spec.umbrella)
        values = {
            "title": spec.name, "title_de": spec.name, "title_en": spec.name,
            "slug": slug, "slug_de": slug, "slug_en": slug,
            **_translated("short_description", {
                lang: f"{about} {texts().provider_demo_note[lang]}" for lang, about in spec.about.items()
            }),
            "kind": spec.kind, "umbrella_id": umbrella.pk if umbrella else None,
            "website": f"https://www.{domain}/", "email": f"info@{domain}", "phone": f"+49 221 555 {_number(spec.key)}",
            "is_demo": True,
        }
        contacts = [ProviderContact(
            **_translated("role", texts().reception_role), email=f"kontakt@{domain}",
            phone=f"+49 221 555 {_number(spec.key)}", address=place_address,
        )]
        certified = texts().certificates.get(spec.kind)
        certificates = [ProviderCertificate(
            name=certified["de"], **_translated("name", certified), valid_until=_date("2027-06-30"),
        )] if certified else []
        return self._page(ProviderPage, index, hsds_id("provider", spec.key), values, children={
            "contacts": (contacts, lambda row: (*_texts_of(row, "role"), row.email, row.phone, row.address)),
            "certificates": (certificates, lambda row: (*_texts_of(row, "name"), row.valid_until)),
        })

    def place(self, spec, provider):
        values = {
            "name": spec.name, "name_de": spec.name, "street": spec.street, "postcode": spec.postcode,
            "district_id": self.terms[(DISTRICT, spec.district)].pk,
            "latitude": spec.latitude, "longitude": spec.longitude,
            "step_free_access": spec.step_free_access, "accessible_toilet": spec.accessible_toilet, "lift": spec.lift,
            "hearing_loop": spec.hearing_loop, "provider_id": provider.pk,
            **_translated("transport_hint", spec.transport_hint),
        }
        uid = hsds_id("place", spec.key)
        place = self.existing.get(Place, {}).get(uid)
        if place is None:
            place = Place(hsds_id=uid, **values)
            self.counts["created"] += 1
        elif _apply(place, values):
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
            return place
        place.full_clean()
        place.save()
        return place

    def offer(self, spec, provider, places, programmes):
        title = spec.texts["title"]
        values = {
            "title": title["de"], **_translated("title", title), "slug": spec.slug_de,
            "slug_de": spec.slug_de, "slug_en": spec.slug_en,
            **{key: value for name in OFFER_TEXT_FIELDS for key, value in _translated(name, spec.texts[name]).items()},
            **spec.values,
            "programme_id": programmes[spec.programme].pk if spec.programme else None,
        }
        relations = {name: [self.terms[ref] for ref in refs] for name, refs in spec.terms.items()}
        links = [
            OfferPlace(place=places[link.place], temporarily_closed=link.temporarily_closed,
                       **_translated("hours_notes", link.hours_notes),
                       **_translated("closed_reason", link.closed_reason))
            for link in spec.places
        ]
        slots = [
            OpeningSlot(weekday=slot.weekday, opens=slot.opens, closes=slot.closes, by_appointment=slot.by_appointment,
                        **_translated("note", slot.note))
            for slot in spec.slots
        ]
        languages = [OfferLanguage(code=code) for code in spec.languages]
        starts = [OfferStartDate(date=day) for day in spec.start_dates]
        return self._page(OfferPage, provider, hsds_id("offer", spec.key), values, relations, children={
            "places": (links, lambda row: (row.place_id, row.temporarily_closed,
                                           *_texts_of(row, "hours_notes", "closed_reason"))),
            "opening_slots": (slots, lambda row: (row.place_id, row.weekday, row.opens, row.closes, row.by_appointment,
                                                  *_texts_of(row, "note"))),
            "languages": (languages, lambda row: row.code),
            "start_dates": (starts, lambda row: row.date),
        })


def _create_published(parent, page):
    """Add a live page with one revision, as `save_revision().publish()` would, in one page save.

    Publishing through Wagtail saves every page three times (each save re-validating slugs in
    ten languages and updating two indexes); for hundreds of demo pages that takes minutes. The
    result is the same: the page is live and its latest and live revision is its content.
    Offers are announced to search in one batch at the end instead of by `page_published` one
    by one (the carrier tools compute translation statuses lazily for offers never published
    through Wagtail).
    """
    now = timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
    page.draft_title = page.title
    # Wagtail would refresh the reference index at each of the saves below; once afterwards is enough.
    with disable_reference_index_auto_update():
        parent.add_child(instance=page)
        revision = Revision.objects.create(
            content_object=page, base_content_type=page.get_base_content_type(),
            content=page.serializable_data(), object_str=str(page),
        )
        Page.objects.filter(pk=page.pk).update(latest_revision=revision, live_revision=revision)
    ReferenceIndex.create_or_update_for_object(page)
    page.latest_revision = page.live_revision = revision
    if not isinstance(page, OfferPage):
        page_published.send(sender=page.specific_class, instance=page, revision=revision)


def _slug(text):
    return slugify(text)[:200]


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _number(key):
    return f"{sum(key.encode()) % 10000:04d}"


class NoDirectoryError(RuntimeError):
    """The portal has no directory index page to put the landscape under."""


@transaction.atomic
def load(stdout):
    """Paint the Cologne demo landscape; return "created …, updated …, unchanged …".

    Needs the portal's structure (`setup_portal`, or `load_demo_data`, which makes sure of it).
    """
    if not Term.objects.filter(taxonomy__code=DISTRICT).exists():
        load_taxonomies()
    if not DirectoryIndexPage.objects.exists():
        raise NoDirectoryError("The portal has no directory index page yet: run `manage.py setup_portal` first.")
    landscape = build_landscape(timezone.localdate())
    writer = _Writer(stdout)
    with translation.override("de"):
        index = DirectoryIndexPage.objects.get()
        writer.preload(ProgrammePage, [hsds_id("programme", spec.key) for spec in landscape.programmes])
        writer.preload(ProviderPage, [hsds_id("provider", spec.key) for spec in landscape.providers],
                       ("contacts", "certificates"))
        writer.preload(Place, [hsds_id("place", spec.key) for spec in landscape.places])
        writer.preload(OfferPage, [hsds_id("offer", spec.key) for spec in landscape.offers], OfferPage.RELATED)
        programmes = {spec.key: writer.programme(index, spec) for spec in landscape.programmes}
        writer.say(f"      programmes: {len(programmes)}")
        main_address = {}
        for spec in landscape.places:
            main_address.setdefault(spec.provider, f"{spec.street}, {spec.postcode} Köln")
        providers = {}
        for spec in landscape.providers:
            providers[spec.key] = writer.provider(index, spec, providers, main_address[spec.key])
        writer.say(f"      providers: {len(providers)}")
        places = {spec.key: writer.place(spec, providers[spec.provider]) for spec in landscape.places}
        writer.say(f"      places: {len(places)}")
        total = len(landscape.offers)
        for number, spec in enumerate(landscape.offers, start=1):
            writer.offer(spec, providers[spec.provider], places, programmes)
            if number % 50 == 0 or number == total:
                writer.say(f"      offers: {number}/{total}")
    new_offers = [page for page in writer.created if isinstance(page, OfferPage)]
    if new_offers:
        writer.say(f"      announcing {len(new_offers)} new offers (search index)")
        offers_changed.send(sender=OfferPage, offers=new_offers)
    counts = writer.counts
    summary = f"created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}"
    writer.say(f"      directory landscape: {summary}")
    return summary
