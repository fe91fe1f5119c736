"""Write the demo network from data/*.json: committees, their meetings, public events, news."""

import datetime
import json
import zoneinfo
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.documents import get_document_model

from network.models import (
    CommitteeDocument,
    CommitteeMember,
    CommitteePage,
    EventIndexPage,
    EventLanguage,
    EventPage,
    NetworkPage,
    NewsIndexPage,
    NewsPage,
)
from network.structure import ensure_network_pages
from services_directory.demo.catalogue import DemoDataError
from services_directory.models import Place, ProviderPage, Term
from services_directory.models.vocabulary import FIELD_OF_ACTION, TARGET_GROUP

DATA = Path(__file__).resolve().parent / "data"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _read(name):
    path = DATA / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoDataError(f"{path}: {error}") from None


def _translated(name, texts):
    return {f"{name}_{code}": text for code, text in texts.items()}


def _slug(text):
    return slugify(text)[:200] or "seite"


class _Loader:
    def __init__(self, stdout):
        self.stdout = stdout
        self.counts = {"created": 0, "unchanged": 0}
        self.providers = {page.title: page for page in ProviderPage.objects.all()}
        self.terms = {(term.taxonomy.code, term.code): term for term in Term.objects.filter(taxonomy__code__in=(FIELD_OF_ACTION, TARGET_GROUP)).select_related("taxonomy")}
        self.today = timezone.localdate()

    def provider(self, name, where):
        if name is None:
            return None
        try:
            return self.providers[name]
        except KeyError:
            raise DemoDataError(f"{where}: unknown provider {name!r} (load the directory demo first)") from None

    def term_list(self, taxonomy, codes, where):
        try:
            return [self.terms[(taxonomy, code)] for code in codes]
        except KeyError as error:
            raise DemoDataError(f"{where}: unknown {taxonomy} code {error.args[0][1]!r}") from None

    def add(self, parent, model, slug_de, values, children=None):
        """The page below `parent` with this German slug, created once and published."""
        existing = model.objects.child_of(parent).filter(slug_de=slug_de).first()
        if existing is not None:
            self.counts["unchanged"] += 1
            return existing
        relations = {name: values.pop(name) for name in ("fields_of_action", "target_groups") if name in values}
        page = model(slug=slug_de, slug_de=slug_de, **values, **(children or {}))
        for name, terms in relations.items():
            setattr(page, name, terms)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.counts["created"] += 1
        return page

    # -- committees --------------------------------------------------------------------------------

    def committees(self, network):
        result = {}
        for spec in _read("committees.json"):
            where = f"committees.json {spec.get('key')}"
            members = [
                CommitteeMember(
                    provider=self.provider(item.get("provider"), where), body_name=item.get("body", ""),
                    role=item["role"], **_translated("contact_function", item.get("contact", {})),
                )
                for item in spec["members"]
            ]
            values = {
                "title": spec["title"]["de"], **_translated("title", spec["title"]), "slug_en": spec["slug_en"],
                "kind": spec["kind"], **_translated("summary", spec["summary"]),
                **{f"purpose_{code}": f"<p>{text}</p>" for code, text in spec["purpose"].items()},
                **_translated("meeting_rhythm", spec["rhythm"]), **_translated("contact_function", spec["contact"]),
                "contact_email": spec["email"], "is_demo": True,
                "fields_of_action": self.term_list(FIELD_OF_ACTION, spec["fields"], where),
            }
            committee = self.add(network, CommitteePage, spec["slug_de"], values, {"members": members})
            if not committee.documents.exists():
                self.documents(committee, spec)
            result[spec["key"]] = committee
        return result

    def documents(self, committee, spec):
        """A public rule book and members-only minutes (small text files, marked as demo)."""
        title = spec["title"]["de"]
        rules = _document(f"Geschäftsordnung {title} (Demo)", f"Geschäftsordnung – {title}\nDemo-Dokument.\n")
        minutes = _document(f"Protokoll {title} (Demo)", f"Protokoll der letzten Sitzung – {title}\nNur für Mitglieder. Demo-Dokument.\n")
        CommitteeDocument.objects.bulk_create([
            CommitteeDocument(committee=committee, document=rules, kind="document", title_de="Geschäftsordnung", title_en="Rules of procedure", sort_order=0),
            CommitteeDocument(committee=committee, document=minutes, kind="minutes", members_only=True, date=self.today - datetime.timedelta(days=30), title_de="Protokoll der letzten Sitzung", title_en="Minutes of the last meeting", sort_order=1),
        ])

    # -- events ------------------------------------------------------------------------------------

    def _start(self, days, clock, zone=BERLIN, weekday=None):
        day = self.today + datetime.timedelta(days=days)
        if weekday is not None:
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
        hour, minute = (int(part) for part in clock.split(":"))
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    def _where(self, spec, where):
        if "place" in spec:
            provider = self.provider(spec["place"], where)
            place = Place.objects.filter(provider=provider).order_by("pk").first()
            if place is not None:
                return {"place": place}
            return {"location_name": provider.title}
        if "address" in spec:
            name, street, postcode = spec["address"]
            return {"location_name": name, "street": street, "postcode": postcode}
        return {}

    def meetings(self, index, committees):
        created = 0
        events = _read("events.json")
        for spec in events["meetings"]:
            where = f"events.json meetings {spec.get('committee')}"
            committee = committees[spec["committee"]]
            for number in range(spec["count"]):
                start = self._start(spec["first_in_days"] + number * spec["every_weeks"] * 7, spec["time"], weekday=spec["weekday"])
                values = {
                    "title": spec["title"]["de"], **_translated("title", spec["title"]), "slug_en": f"{_slug(spec['title']['en'])}-{number + 1}",
                    "start": start, "end": start + datetime.timedelta(hours=spec["hours"]), "committee": committee,
                    "summary_de": f"Sitzung: {committee.title_de}.", "summary_en": f"Meeting: {committee.title_en or committee.title_de}.",
                    "fields_of_action": list(committee.fields_of_action.all()), **self._where(spec, where),
                }
                self.add(index, EventPage, f"{_slug(spec['title']['de'])}-{number + 1}", values, {"languages": [EventLanguage(code="de")]})
                created += 1
        for spec in events["events"]:
            where = f"events.json events {spec.get('key')}"
            zone = zoneinfo.ZoneInfo(spec.get("zone", "Europe/Berlin"))
            start = self._start(spec["in_days"], spec["time"], zone=zone)
            provider = self.provider(spec.get("provider"), where)
            values = {
                "title": spec["title"]["de"], **_translated("title", spec["title"]), "slug_en": _slug(spec["title"]["en"]),
                **_translated("summary", spec["summary"]), "start": start, "end": start + datetime.timedelta(hours=spec["hours"]),
                "time_zone": str(zone), "status": spec.get("status", EventPage.STATUS_SCHEDULED),
                **_translated("status_note", spec.get("status_note", {})),
                "online_url": spec.get("online", ""), "registration_url": spec.get("registration", ""), "capacity": spec.get("capacity"),
                "fields_of_action": self.term_list(FIELD_OF_ACTION, spec["fields"], where),
                "target_groups": self.term_list(TARGET_GROUP, spec["targets"], where),
                **self._where({"place": spec["provider"]} if provider and not ({"place", "address", "online"} & set(spec)) else spec, where),
            }
            languages = [EventLanguage(code=code) for code in spec.get("languages", ["de"])]
            self.add(provider or index, EventPage, spec["key"], values, {"languages": languages})
            created += 1
        return created

    # -- news ----------------------------------------------------------------------------------------

    def news(self, index):
        items = _read("news.json")
        for spec in items:
            where = f"news.json {spec.get('key')}"
            provider = self.provider(spec.get("provider"), where)
            values = {
                "title": spec["title"]["de"], **_translated("title", spec["title"]), "slug_en": _slug(spec["title"]["en"]),
                **_translated("summary", spec["summary"]), "date": self.today - datetime.timedelta(days=spec["days_ago"]),
                **{f"body_{code}": f"<p>{text}</p>" for code, text in spec["summary"].items()},
                "fields_of_action": self.term_list(FIELD_OF_ACTION, spec["fields"], where),
                "target_groups": self.term_list(TARGET_GROUP, spec["targets"], where),
            }
            self.add(provider or index, NewsPage, spec["key"], values)
        return len(items)


def _document(title, text):
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = document_model(title=title)
    document.file.save(f"{_slug(title)}.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


@transaction.atomic
def load(stdout):
    """Paint the demo network; return "created …, unchanged …"."""
    ensure_network_pages()
    loader = _Loader(stdout)
    with translation.override("de"):
        network, news_index, event_index = NetworkPage.objects.get(), NewsIndexPage.objects.get(), EventIndexPage.objects.get()
        committees = loader.committees(network)
        stdout.write(f"      committees: {len(committees)}")
        events = loader.meetings(event_index, committees)
        stdout.write(f"      events: {events}")
        news = loader.news(news_index)
        stdout.write(f"      news: {news}")
    return f"created {loader.counts['created']}, unchanged {loader.counts['unchanged']}"
