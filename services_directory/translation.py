"""Everything a reader reads in the directory, translated into every portal language."""

from modeltranslation.translator import TranslationOptions, register

from services_directory.models import (
    DirectoryIndexPage,
    OfferPage,
    OfferPlace,
    OpeningSlot,
    Place,
    ProgrammePage,
    ProviderCertificate,
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


@register(ProviderCertificate)
class ProviderCertificateTR(TranslationOptions):
    fields = ("name",)


@register(ProgrammePage)
class ProgrammePageTR(TranslationOptions):
    fields = ("funder", "description")


@register(OfferPage)
class OfferPageTR(TranslationOptions):
    # last_verified_by: a team or office ("Redaktion KIM Köln") reads in the reader's language; a
    # person's name or an address is written into every language (carriers.freshness).
    fields = (
        "summary", "description", "access_notes", "what_to_bring", "fee_description", "contact_name", "last_verified_by",
    )


@register(OfferPlace)
class OfferPlaceTR(TranslationOptions):
    fields = ("hours_notes", "closed_reason")


@register(OpeningSlot)
class OpeningSlotTR(TranslationOptions):
    fields = ("note",)
