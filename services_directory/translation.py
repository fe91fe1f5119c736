"""Everything a reader reads in the directory, translated into every portal language."""

from modeltranslation.translator import TranslationOptions, register

from services_directory.models import (
    DirectoryIndexPage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    Place,
    ProgrammePage,
    ProviderContact,
    ProviderPage,
    Taxonomy,
    Term,
)


@register(Taxonomy)
class TaxonomyTR(TranslationOptions):
    fields = ("name",)


@register(Term)
class TermTR(TranslationOptions):
    fields = ("name",)


@register(Place)
class PlaceTR(TranslationOptions):
    fields = ("name", "transport_hint")


@register(DirectoryIndexPage)
class DirectoryIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ProviderPage)
class ProviderPageTR(TranslationOptions):
    fields = ("short_description",)


@register(ProviderContact)
class ProviderContactTR(TranslationOptions):
    fields = ("role",)


@register(ProgrammePage)
class ProgrammePageTR(TranslationOptions):
    fields = ("funder", "description")


@register(OfferPage)
class OfferPageTR(TranslationOptions):
    fields = ("summary", "description", "access_notes", "what_to_bring", "fee_description", "contact_name")


@register(OfferPlace)
class OfferPlaceTR(TranslationOptions):
    fields = ("hours_notes", "closed_reason")


@register(OpeningSlot)
class OpeningSlotTR(TranslationOptions):
    fields = ("note",)
