"""Everything a reader reads on the network's pages, translated into every portal language."""

from modeltranslation.translator import TranslationOptions, register

from network.models import (
    CommitteeDocument,
    CommitteeMember,
    CommitteePage,
    EventIndexPage,
    EventPage,
    NetworkPage,
    NewsIndexPage,
    NewsPage,
)


@register(NetworkPage)
class NetworkPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(EventIndexPage)
class EventIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("summary", "body")


@register(EventPage)
class EventPageTR(TranslationOptions):
    fields = ("summary", "description", "status_note", "location_name", "registration_note")


@register(CommitteePage)
class CommitteePageTR(TranslationOptions):
    fields = ("summary", "purpose", "meeting_rhythm", "contact_function")


@register(CommitteeMember)
class CommitteeMemberTR(TranslationOptions):
    fields = ("contact_function",)


@register(CommitteeDocument)
class CommitteeDocumentTR(TranslationOptions):
    fields = ("title",)
