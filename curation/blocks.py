"""The "offer list" StreamField block: a small saved search on any content page ("the 5 newest
offers in housing", "all offers of programme Durchstarten"), through the one search service."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from search.params import MAX_TEXT
from search.query import FACETS
from search.views import result_items

from . import choices
from .criteria import Criteria, run, validate
from .views import search_url

MAX_LIMIT = 20
# Sorts that need no reader input (distance needs a Stadtteil).
BLOCK_SORTS = [(code, label) for code, label in choices.SORT_CHOICES if code != "distance"]


def _block_sorts():
    return BLOCK_SORTS


class _OfferListBlock(blocks.StructBlock):
    def criteria(self, value) -> Criteria:
        return Criteria(
            filters={facet: tuple(value.get(facet) or ()) for facet in FACETS if value.get(facet)},
            text=(value.get("text") or "").strip(),
            age=value.get("age"),
            residence_status=tuple(value.get("residence_status") or ()),
            sort=value.get("sort") or "name",
        )

    def clean(self, value):
        value = super().clean(value)
        try:
            validate(self.criteria(value))
        except ValidationError as error:
            raise blocks.StructBlockValidationError(non_block_errors=ErrorList([error])) from None
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        language = get_language() or "de"
        criteria = self.criteria(value)
        result = run(criteria, language, page=1, page_size=value.get("limit") or 5)
        context.update(
            result=result,
            items=result_items(result, language),
            search_url=search_url(criteria),
            more=result.count > len(result.hits),
        )
        return context

    class Meta:
        icon = "list-ul"
        label = _("Offer list")
        template = "curation/blocks/offer_list.html"
        form_classname = "offer-list-block"


def _children():
    children = {
        "heading": blocks.CharBlock(label=_("Heading"), required=False, max_length=200),
        "text": blocks.CharBlock(
            label=_("Search words"), required=False, max_length=MAX_TEXT,
            help_text=_("Optional. Only offers that match these words."),
        ),
    }
    for facet in FACETS:
        widget = forms.SelectMultiple if facet in choices.LONG_FACETS else forms.CheckboxSelectMultiple
        children[facet] = blocks.MultipleChoiceBlock(
            label=choices.facet_legend(facet), required=False,
            choices=choices.facet_choice_function(facet), widget=widget,
        )
    children["age"] = blocks.IntegerBlock(label=_("Age"), required=False, min_value=0, max_value=130)
    children["residence_status"] = blocks.MultipleChoiceBlock(
        label=_("Residence status"), required=False, choices=choices.residence_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    children["sort"] = blocks.ChoiceBlock(label=_("Sort by"), choices=_block_sorts, default="name")
    children["limit"] = blocks.IntegerBlock(label=_("Number of offers shown"), min_value=1, max_value=MAX_LIMIT, default=5)
    return children


OfferListBlock = type(_OfferListBlock)(
    "OfferListBlock", (_OfferListBlock,), {"__module__": __name__, "__qualname__": "OfferListBlock", **_children()}
)
