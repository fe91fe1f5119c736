"""Fields of the editorial pages translated into every portal language."""

from modeltranslation.translator import TranslationOptions, register

from portal.models import ContentPage, HomePage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "search_prompt", "body")


@register(ContentPage)
class ContentPageTR(TranslationOptions):
    fields = ("intro", "body")
