"""Unmet demand: searches with no or few results and the filters people use (anonymous log)."""

from django.utils import translation
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.languages import language_name
from services_directory.models import Term
from steering import coverage as coverage_report
from steering import demand, filters
from steering.views.base import SteeringReportView


class DemandReportView(SteeringReportView):
    report = "demand"
    page_title = _("Unmet demand")
    header_icon = "search"
    filterset_class = filters.DemandFilterSet
    results_template_name = "steering/demand_results.html"

    def default_options(self):
        start, end = demand.default_period()
        return {"start": start, "end": end, "language": "", "field_of_action": "", "few": demand.FEW_RESULTS}

    @cached_property
    def period(self):
        return self.options["start"], self.options["end"]

    @cached_property
    def few(self):
        return int(self.options["few"])

    @cached_property
    def field_labels(self):
        return dict(coverage_report.coverage_fields())

    def table_columns(self):
        return [
            ("text", _("Search text")),
            ("language", _("Language")),
            ("fields", _("Fields of action")),
            ("searches", _("Searches")),
            ("results", _("Results")),
        ]

    def rows(self):
        current = translation.get_language() or "de"
        return [
            {
                "text": item.text or force_str(_("(filters only)")),
                "language": language_name(item.language, current),
                "fields": ", ".join(self.field_labels.get(code, code) for code in sorted(item.fields)),
                "searches": item.searches,
                "results": item.results,
            }
            for item in demand.unmet(*self.period, self.options["language"], self.options["field_of_action"], self.few)
        ]

    def headline(self):
        languages_table = demand.by_language(*self.period, few=self.few)
        searches = sum(counts["searches"] for counts in languages_table.values())
        unmet = sum(counts["unmet"] for counts in languages_table.values())
        return [(_("Searches"), searches), (_("With no or few results"), unmet)]

    def report_context(self):
        current = translation.get_language() or "de"
        combinations = []
        for combination, searches in demand.filter_combinations(*self.period, self.options["language"], self.options["field_of_action"]):
            combinations.append((describe_filters(combination, self.field_labels), searches))
        return {
            "period": self.period,
            "few": self.few,
            "by_language": [
                (language_name(code, current), counts["searches"], counts["unmet"])
                for code, counts in demand.by_language(*self.period, few=self.few, field_of_action=self.options["field_of_action"]).items()
            ],
            "by_field": [
                (self.field_labels.get(code, code), counts["searches"], counts["unmet"])
                for code, counts in demand.by_field(*self.period, few=self.few, language=self.options["language"]).items()
            ],
            "combinations": combinations,
        }


def describe_filters(combination: dict, field_labels: dict) -> str:
    """A filter combination from the log in words: "Field of action: Wohnen; Age: 25"."""
    names = {
        "field_of_action": _("Field of action"), "target_group": _("Target group"), "district": _("District"),
        "language": _("Delivery language"), "delivery": _("Delivery form"), "funding_level": _("Funding level"),
        "legal_scope": _("Legal scope"), "provider": _("Carrier"), "programme": _("Programme"), "free": _("Free of charge"),
        "age": _("Age"), "residence_status": _("Residence status"),
    }
    codes = [code for values in combination.values() if isinstance(values, list) for code in values]
    labels = dict(Term.objects.filter(code__in=codes).values_list("code", "name"))
    labels.update(field_labels)
    parts = []
    for name, values in combination.items():
        shown = ", ".join(labels.get(str(value), str(value)) for value in (values if isinstance(values, list) else [values]))
        parts.append(f"{force_str(names.get(name, name))}: {shown}")
    return "; ".join(parts)
