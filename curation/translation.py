"""Collection pages' texts in every portal language."""

from modeltranslation.translator import TranslationOptions, register

from .models import CollectionPage


@register(CollectionPage)
class CollectionPageTR(TranslationOptions):
    fields = ("intro", "personal_help")
