"""The criteria fields of a collection, chosen from labelled lists (no typed codes).

`CriteriaForm` reads them alone (the admin's live count); `CollectionPageForm` is the page's
edit form, which stores them in `CollectionPage.criteria` and `exposed_facets`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from search.params import MAX_TEXT
from search.query import FACETS

from . import choices
from .criteria import Criteria, validate

PREFIX = "criteria_"
TEXT, AGE, RESIDENCE, SORT, NEAR, EXPOSED = (
    f"{PREFIX}text", f"{PREFIX}age", f"{PREFIX}residence_status", f"{PREFIX}sort", f"{PREFIX}near", "reader_filters",
)


def facet_field(facet):
    return f"{PREFIX}{facet}"


def criteria_field_names():
    return [TEXT, *(facet_field(facet) for facet in FACETS), AGE, RESIDENCE, SORT, NEAR]


def _criteria_fields():
    fields = {
        TEXT: forms.CharField(
            label=_("Search words"), required=False, max_length=MAX_TEXT,
            help_text=_("Optional. Only offers that match these words."),
        ),
    }
    for facet in FACETS:
        widget = forms.SelectMultiple(attrs={"size": 8}) if facet in choices.LONG_FACETS else forms.CheckboxSelectMultiple
        fields[facet_field(facet)] = forms.MultipleChoiceField(label=choices.facet_legend(facet), required=False, widget=widget)
    fields[AGE] = forms.IntegerField(
        label=_("Age"), required=False, min_value=0, max_value=130,
        help_text=_("Optional. Only offers open to a person of this age."),
    )
    fields[RESIDENCE] = forms.MultipleChoiceField(
        label=_("Residence status"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Only offers open to one of these residence statuses."),
    )
    fields[SORT] = forms.ChoiceField(label=_("Sort by"), initial="name", required=False)
    fields[NEAR] = forms.ChoiceField(label=_("Neighbourhood (for distance)"), required=False)
    return fields


def _exposed_field():
    return forms.MultipleChoiceField(
        label=_("Filters readers may use"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers can narrow the collection with these filters; they never see offers outside it."),
    )


class CriteriaMixin:
    """Fills the choices (in the admin's language) and turns cleaned data into `Criteria`."""

    def set_criteria_choices(self):
        for facet in FACETS:
            self.fields[facet_field(facet)].choices = choices.facet_choices(facet)
        self.fields[RESIDENCE].choices = choices.residence_choices()
        self.fields[SORT].choices = choices.SORT_CHOICES
        self.fields[NEAR].choices = choices.stadtteil_choices()
        if EXPOSED in self.fields:
            self.fields[EXPOSED].choices = choices.exposed_facet_choices()

    def criteria_from(self, data) -> Criteria:
        return Criteria(
            filters={facet: tuple(data.get(facet_field(facet)) or ()) for facet in FACETS if data.get(facet_field(facet))},
            text=(data.get(TEXT) or "").strip(),
            age=data.get(AGE),
            residence_status=tuple(data.get(RESIDENCE) or ()),
            sort=data.get(SORT) or "name",
            near=data.get(NEAR) or None,
        )

    def clean_criteria(self, cleaned_data):
        """The criteria, checked with the search's own rules; errors go to the form."""
        criteria = self.criteria_from(cleaned_data)
        try:
            validate(criteria)
        except ValidationError as error:
            self.add_error(None, error)
            return None
        return criteria


class _CriteriaForm(CriteriaMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_criteria_choices()

    def clean(self):
        cleaned = super().clean()
        self.criteria = self.clean_criteria(cleaned)
        return cleaned


CriteriaForm = type(_CriteriaForm)("CriteriaForm", (_CriteriaForm,), {"__module__": __name__, **_criteria_fields()})


class _CollectionPageForm(CriteriaMixin, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_criteria_choices()
        if not self.is_bound:
            criteria = Criteria.from_data(self.instance.criteria)
            self.initial.update({
                TEXT: criteria.text, AGE: criteria.age, RESIDENCE: list(criteria.residence_status),
                SORT: criteria.sort, NEAR: criteria.near or "", EXPOSED: list(self.instance.exposed_facets or []),
                **{facet_field(facet): list(codes) for facet, codes in criteria.filters.items()},
            })
        self.criteria = None

    def clean(self):
        cleaned = super().clean()
        self.criteria = self.clean_criteria(cleaned)
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.criteria is not None:
            page.criteria = self.criteria.as_data()
        page.exposed_facets = [facet for facet in FACETS if facet in (self.cleaned_data.get(EXPOSED) or ())]
        if commit:
            page.save()
        return page


CollectionPageForm = type(_CollectionPageForm)(
    "CollectionPageForm", (_CollectionPageForm,), {"__module__": __name__, **_criteria_fields(), EXPOSED: _exposed_field()}
)
