"""Languages: delivery languages per field or Stadtbezirk beside the languages searched in."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from steering import demand, filters, languages
from steering.views.base import SteeringReportView


class LanguagesReportView(SteeringReportView):
    report = "languages"
    page_title = _("Languages")
    header_icon = "globe"
    filterset_class = filters.LanguagesFilterSet
    results_template_name = "steering/languages_results.html"

    def default_options(self):
        start, end = demand.default_period()
        return {"group": languages.BY_FIELD, "searched_from": start, "searched_to": end}

    @cached_property
    def matrix(self):
        return languages.matrix(self.options["group"])

    def table_columns(self):
        first = _("Stadtbezirk") if self.options["group"] == languages.BY_DISTRICT else _("Field of action")
        return [("label", first), *self.matrix.columns, ("other", _("Other languages"))]

    def rows(self):
        return [{"label": label, **counts, "other": other} for _code, label, counts, other in self.matrix.rows]

    @cached_property
    def searched(self):
        searched = demand.search_languages(self.options["searched_from"], self.options["searched_to"])
        return languages.searched_vs_delivered(searched, self.matrix.totals)

    def headline(self):
        return [
            (_("Delivery languages"), len([code for code, count in self.matrix.totals.items() if count])),
            (_("Languages people searched in"), len(self.searched)),
        ]

    def report_context(self):
        return {"searched": self.searched, "period": (self.options["searched_from"], self.options["searched_to"])}
