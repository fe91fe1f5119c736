"""The steering reports' filters (django-filter sets, as Wagtail's own reports use).

The reports are computed, not querysets, so the views read the cleaned values of these forms
instead of letting the filter sets filter a queryset.
"""

import django_filters
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet

from portal.languages import language_name
from services_directory.models import OfferLanguage, Term
from steering import demand, freshness, funding, languages


def _terms(taxonomy, **lookups):
    def choices():
        return [(term.code, term.name) for term in Term.objects.of(taxonomy).filter(**lookups)]

    return choices


def _delivery_languages():
    current = translation.get_language() or "de"
    codes = set(OfferLanguage.objects.values_list("code", flat=True).distinct())
    return sorted(((code, language_name(code, current)) for code in codes), key=lambda item: item[1].casefold())


def _month_choices(values):
    return [(str(months), ngettext("%(months)s month", "%(months)s months", months) % {"months": months}) for months in values]


def _stadtbezirke():
    return [("all", _("All Stadtbezirke")), *((t.code, t.name) for t in Term.objects.stadtbezirke())]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the browser's own date picker, no script


class _Unfiltered(WagtailFilterSet):
    """Filters whose values the report reads; the (empty) queryset is never filtered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from the vocabulary are read per request (labels in the admin's language).
        for item in self.filters.values():
            choices = item.extra.get("choices")
            if callable(choices):
                item.extra["choices"] = list(choices())

    def filter_queryset(self, queryset):
        return queryset


class CoverageFilterSet(_Unfiltered):
    target_group = django_filters.ChoiceFilter(label=_("Target group"), choices=_terms("target-group"), empty_label=_("All"))
    language = django_filters.ChoiceFilter(label=_("Delivery language"), choices=_delivery_languages, empty_label=_("All"))
    funding_level = django_filters.ChoiceFilter(label=_("Funding level"), choices=_terms("funding-level"), empty_label=_("All"))
    residence_status = django_filters.ChoiceFilter(
        label=_("Residence status"), choices=_terms("residence-status"), empty_label=_("All")
    )
    expand = django_filters.ChoiceFilter(
        label=_("Show the Stadtteile of"), choices=_stadtbezirke, empty_label=_("No Stadtbezirk")
    )


class LanguagesFilterSet(_Unfiltered):
    group = django_filters.ChoiceFilter(
        label=_("Rows"), choices=[(languages.BY_FIELD, _("Fields of action")), (languages.BY_DISTRICT, _("Stadtbezirke"))],
        empty_label=None,
    )
    searched_from = django_filters.DateFilter(label=_("From"), widget=DATE)
    searched_to = django_filters.DateFilter(label=_("Until"), widget=DATE)


class FundingFilterSet(_Unfiltered):
    horizon = django_filters.ChoiceFilter(
        label=_("Ending within"),
        choices=lambda: _month_choices(funding.HORIZONS),
        empty_label=None,
    )
    funding_level = django_filters.ChoiceFilter(
        label=_("Funding level"),
        choices=lambda: [*_terms("funding-level")(), (funding.NO_PROGRAMME, _("No programme"))],
        empty_label=_("All"),
    )


class DemandFilterSet(_Unfiltered):
    start = django_filters.DateFilter(label=_("From"), widget=DATE)
    end = django_filters.DateFilter(label=_("Until"), widget=DATE)
    language = django_filters.ChoiceFilter(
        label=_("Search language"),
        choices=lambda: [(code, language_name(code, translation.get_language() or "de")) for code in _portal_codes()],
        empty_label=_("All"),
    )
    field_of_action = django_filters.ChoiceFilter(
        label=_("Field of action"), choices=_terms("field-of-action", parent=None), empty_label=_("All")
    )
    few = django_filters.NumberFilter(
        label=_("“Few results”: at most"), min_value=0, max_value=20,
    )


class FreshnessFilterSet(_Unfiltered):
    group = django_filters.ChoiceFilter(
        label=_("Rows"), choices=[(freshness.BY_CARRIER, _("Carriers")), (freshness.BY_FIELD, _("Fields of action"))],
        empty_label=None,
    )


class TrendFilterSet(_Unfiltered):
    months = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=lambda: _month_choices((12, 24, 36)),
        empty_label=None,
    )


def _portal_codes():
    return [code for code, _name in settings.LANGUAGES]


DEFAULT_FEW = demand.FEW_RESULTS
