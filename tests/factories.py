"""factory-boy factories for the directory: vocabulary terms, places, providers, programmes, offers.

They need the portal structure (site, home, DirectoryIndexPage, vocabulary): request the
`portal_site` fixture (tests/conftest.py) in any test that uses them.

Pages are created in the real page tree, published (live, with a revision) and with German as
their source language:

    from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory, term

    provider = ProviderPageFactory(title="Caritas Köln")           # child of the DirectoryIndexPage
    offer = OfferPageFactory(
        parent=provider,                                          # default: a new ProviderPageFactory()
        title="Migrationsberatung",
        summary="Beratung für Erwachsene",
        summary_ar="استشارة",                                     # any translated field: <name>_<lang>
        fields_of_action=["arbeit"],                              # vocabulary codes or Term objects
        target_groups=["alle"],
        delivery_forms=["vor-ort"],
        languages=["de", "ar", "ti"],                             # ISO 639 codes (OfferLanguage)
        places=[PlaceFactory(district="ehrenfeld-stadtteil")],              # Places or OfferPlace instances
        opening_slots=[OpeningSlot(weekday=0, opens=time(9), closes=time(12))],
    )
    programme = ProgrammePageFactory(funding_level="bund")        # a code or a Term

    term("target-group", "alle")                                  # look up one vocabulary Term
    PlaceFactory(district="kalk-stadtteil", postcode="51103")               # district: a Stadtteil code

Pass `publish=False` for a draft page. By default an offer has one place (`PlaceFactory()`) and
one language (German); pass `places=[]` / `languages=[]` for none. Other models' fields can be
passed as keyword arguments as usual.
"""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from network.models import (
    CommitteeMember,
    CommitteePage,
    EventIndexPage,
    EventLanguage,
    EventPage,
    NetworkPage,
    NewsIndexPage,
    NewsPage,
)
from services_directory.models import (
    DirectoryIndexPage,
    OfferLanguage,
    OfferPage,
    OfferPlace,
    Place,
    ProgrammePage,
    ProviderPage,
    Taxonomy,
    Term,
)
from services_directory.models.vocabulary import DISTRICT, FUNDING_LEVEL


def term(taxonomy_code, code):
    """The vocabulary Term `code` of taxonomy `taxonomy_code` (loaded by `portal_site`)."""
    return Term.objects.get(taxonomy__code=taxonomy_code, code=code)


def _as_term(taxonomy_code, value):
    return value if isinstance(value, Term) else term(taxonomy_code, value)


def directory_index():
    """The portal's one DirectoryIndexPage (created by the `portal_site` fixture)."""
    index = DirectoryIndexPage.objects.first()
    if index is None:
        raise RuntimeError("No DirectoryIndexPage: use the `portal_site` fixture with these factories.")
    return index


class TermFactory(factory.django.DjangoModelFactory):
    """A vocabulary term; with an existing (taxonomy, code) it returns that term unchanged.

    `TermFactory(taxonomy="target-group", code="neu", name="Neue Gruppe")` adds a term.
    """

    class Meta:
        model = Term
        django_get_or_create = ("taxonomy", "code")

    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        taxonomy = kwargs.get("taxonomy")
        if isinstance(taxonomy, str):
            kwargs["taxonomy"] = Taxonomy.objects.get(code=taxonomy)
        return super()._create(model_class, *args, **kwargs)


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place in Cologne. `district` may be a Stadtteil code (default: "altstadt-nord")."""

    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    street = factory.Sequence(lambda n: f"Domstraße {n + 1}")
    postcode = "50667"
    district = "altstadt-nord"
    latitude = Decimal("50.941278")
    longitude = Decimal("6.958281")
    step_free_access = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["district"] = _as_term(DISTRICT, kwargs["district"])
        with translation.override("de"):
            return super()._create(model_class, *args, **kwargs)


class _PageFactory(factory.django.DjangoModelFactory):
    """Adds the page below `parent` in the tree and publishes it (unless publish=False)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Seite {n}")
    slug = factory.LazyAttribute(lambda o: _slugify(o.title))

    @classmethod
    def _default_parent(cls):
        return directory_index()

    @classmethod
    def _prepare_page_kwargs(cls, kwargs):
        return kwargs

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        parent = parent or cls._default_parent()
        if isinstance(parent, Page):
            parent = Page.objects.get(pk=parent.pk)
        kwargs.setdefault("slug_de", kwargs["slug"])
        kwargs.setdefault("title_de", kwargs["title"])
        for name, taxonomy_code in _TERM_FIELDS.get(model_class, {}).items():
            if name not in kwargs:
                continue
            value = kwargs[name]
            if isinstance(value, list | tuple):
                kwargs[name] = [_as_term(taxonomy_code, item) for item in value]
            elif value is not None:
                kwargs[name] = _as_term(taxonomy_code, value)
        kwargs = cls._prepare_page_kwargs(kwargs)
        with translation.override("de"):
            page = model_class(*args, **kwargs)
            parent.add_child(instance=page)
            revision = page.save_revision()
            if publish:
                revision.publish()
            else:
                page.live = False
                page.save(update_fields=["live"])
        return model_class.objects.get(pk=page.pk)


# Keyword -> taxonomy for vocabulary relations that may be given as codes.
_NETWORK_TERMS = {"fields_of_action": "field-of-action", "target_groups": "target-group"}
_TERM_FIELDS = {
    ProgrammePage: {"funding_level": FUNDING_LEVEL},
    OfferPage: OfferPage.TERM_RELATIONS,
    NewsPage: _NETWORK_TERMS,
    EventPage: _NETWORK_TERMS,
    CommitteePage: {"fields_of_action": "field-of-action"},
}


def _slugify(text):
    return slugify(text) or "seite"


class ProviderPageFactory(_PageFactory):
    """A carrier (Träger) below the DirectoryIndexPage."""

    class Meta:
        model = ProviderPage

    title = factory.Sequence(lambda n: f"Träger {n}")
    short_description = "Ein Träger der Integrationsarbeit in Köln."
    kind = "association"
    email = "info@traeger.example"
    phone = "0221 123456"


class ProgrammePageFactory(_PageFactory):
    """A funding programme below the DirectoryIndexPage; `funding_level` a code or Term."""

    class Meta:
        model = ProgrammePage

    title = factory.Sequence(lambda n: f"Förderprogramm {n}")
    funding_level = "bund"
    funder = "Bundesamt für Migration und Flüchtlinge"
    description = "<p>Ein Förderprogramm.</p>"


class OfferPageFactory(_PageFactory):
    """An offer below a provider (`parent`, default a new ProviderPageFactory()).

    Vocabulary relations take codes or Terms; `languages` takes ISO 639 codes; `places` takes
    Place or OfferPlace instances (default: one new place).
    """

    class Meta:
        model = OfferPage

    title = factory.Sequence(lambda n: f"Angebot {n}")
    summary = "Beratung zu Aufenthalt, Arbeit und Sprache."
    description = "<p>Wir beraten vertraulich und kostenlos.</p>"
    access_walk_in = True
    cost = OfferPage.COST_FREE
    contact_name = "Beratungsteam"
    contact_email = "beratung@traeger.example"
    last_verified_at = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    last_verified_by = "Redaktion"
    languages = ("de",)

    @classmethod
    def _default_parent(cls):
        return ProviderPageFactory()

    @classmethod
    def _prepare_page_kwargs(cls, kwargs):
        places = kwargs.pop("places", None)
        if places is None:
            places = [PlaceFactory()]
        kwargs["places"] = [item if isinstance(item, OfferPlace) else OfferPlace(place=item) for item in places]
        kwargs["languages"] = [
            item if isinstance(item, OfferLanguage) else OfferLanguage(code=item)
            for item in kwargs.get("languages") or ()
        ]
        return kwargs


# -- short builders with the defaults most search tests want ----------------------------------------


def make_provider(title="Caritas Köln", publish=True, **fields):
    return ProviderPageFactory(title=title, publish=publish, **fields)


def make_programme(title="Migrationsberatung für erwachsene Zuwanderer", funding_level="bund", publish=True, **fields):
    return ProgrammePageFactory(title=title, funding_level=funding_level, publish=publish, **fields)


def make_place(name="Beratungsstelle", district="ehrenfeld-stadtteil", latitude=None, longitude=None, **fields):
    return PlaceFactory(name=name, district=district, latitude=latitude, longitude=longitude, **fields)


def make_offer(provider, title, summary="", description="", fields_of_action=(), target_groups=(), legal_scopes=(),
               delivery=(), residence=(), languages=(), places=(), verified_days_ago=30, publish=True,
               translations=None, **fields):
    """An offer below `provider`; `translations` = {"en": {"title": …, "summary": …}}."""
    fields.pop("live", None)  # publish=False makes a draft
    for language, texts in (translations or {}).items():
        fields.update({f"{name}_{language}": value for name, value in texts.items()})
    verified = None if verified_days_ago is None else timezone.localdate() - datetime.timedelta(days=verified_days_ago)
    return OfferPageFactory(
        parent=provider, title=title, summary=summary or title, description=f"<p>{description}</p>" if description else "",
        fields_of_action=list(fields_of_action), target_groups=list(target_groups), legal_scopes=list(legal_scopes),
        delivery_forms=list(delivery), residence_statuses=list(residence), languages=list(languages), places=list(places),
        last_verified_at=verified, publish=publish, **fields,
    )


# -- the network (network app): committees, news, events --------------------------------------------


class NewsPageFactory(_PageFactory):
    """A news item below the news index, or below a provider (`parent=provider`): then it is that
    provider's news. `fields_of_action` / `target_groups` take codes or Terms."""

    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nachricht {n}")
    summary = "Neues aus dem Kölner Integrationsnetzwerk."
    body = "<p>Ein Bericht.</p>"
    date = factory.LazyFunction(datetime.date.today)

    @classmethod
    def _default_parent(cls):
        return NewsIndexPage.objects.get()


class EventPageFactory(_PageFactory):
    """An event below the event index (or a provider). `start` default: a week from now, 10:00
    Cologne time; `languages` takes ISO 639 codes."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    summary = "Ein Treffen des Netzwerks."
    start = factory.LazyFunction(lambda: timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    location_name = "Bürgerzentrum"
    street = "Domstraße 1"
    postcode = "50667"
    languages = ("de",)

    @classmethod
    def _default_parent(cls):
        return EventIndexPage.objects.get()

    @classmethod
    def _prepare_page_kwargs(cls, kwargs):
        kwargs["languages"] = [
            item if isinstance(item, EventLanguage) else EventLanguage(code=item) for item in kwargs.get("languages") or ()
        ]
        return kwargs


class CommitteePageFactory(_PageFactory):
    """A committee below the network page. `members` takes ProviderPages, body names (str) or
    CommitteeMember rows; `documents` CommitteeDocument rows."""

    class Meta:
        model = CommitteePage

    title = factory.Sequence(lambda n: f"Arbeitskreis {n}")
    kind = "working-group"
    summary = "Ein Gremium des Netzwerks."
    purpose = "<p>Austausch und Abstimmung.</p>"
    meeting_rhythm = "alle zwei Monate"
    contact_function = "Geschäftsstelle"
    contact_email = "netzwerk@stadt.example"

    @classmethod
    def _default_parent(cls):
        return NetworkPage.objects.get()

    @classmethod
    def _prepare_page_kwargs(cls, kwargs):
        members = []
        for item in kwargs.pop("members", None) or ():
            if isinstance(item, CommitteeMember):
                members.append(item)
            elif isinstance(item, str):
                members.append(CommitteeMember(body_name=item))
            else:
                members.append(CommitteeMember(provider=item))
        kwargs["members"] = members
        invited = kwargs.pop("invited_users", None)
        if invited:
            kwargs["invited_users"] = list(invited)
        return kwargs


def make_document(title, content=b"%PDF-1.4 demo"):
    """A Wagtail document with a small PDF-like file (for committee documents)."""
    if Collection.get_first_root_node() is None:  # a flushed database (transactional tests) lost it
        Collection.add_root(name="Root")
    document = get_document_model()(title=title)
    document.file.save(f"{slugify(title) or 'dokument'}.pdf", ContentFile(content), save=False)
    document.save()
    return document
