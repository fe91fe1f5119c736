"""Coverage: offers per district × field of action, a tile map, links to the public search."""

from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from steering import coverage as coverage_report
from steering import filters
from steering.views.base import SteeringReportView


class CoverageReportView(SteeringReportView):
    report = "coverage"
    page_title = _("Coverage")
    header_icon = "site"
    filterset_class = filters.CoverageFilterSet
    results_template_name = "steering/coverage_results.html"

    @cached_property
    def matrix(self):
        expand = self.options.get("expand")
        return coverage_report.coverage(
            {name: self.options.get(name) for name in coverage_report.FILTER_PARAMS}, expand=(expand,) if expand else ()
        )

    def table_columns(self):
        return [
            ("district", _("Stadtbezirk / Stadtteil")),
            ("level", _("Level")),
            *((code, label) for code, label in self.matrix.fields),
            ("total", _("All fields")),
        ]

    def rows(self):
        levels = {"stadtbezirk": force_str(_("Stadtbezirk")), "stadtteil": force_str(_("Stadtteil"))}
        rows = []
        for row in self.matrix.rows:
            if row.level == "stadtbezirk":
                params = self.request.GET.copy()
                params.pop("export", None)
                params["expand"] = row.code
                row.expand_url = f"{self.index_url}?{params.urlencode()}"
            item = {"district": row.label, "level": levels[row.level], "total": row.total.count, "_row": row}
            item.update({code: row.cells[code].count for code, _label in self.matrix.fields})
            rows.append(item)
        return rows

    def headline(self):
        cells = self.matrix.bezirk_cells()
        return [
            (_("Live offers"), self.matrix.total.count),
            (_("Empty cells (district × field)"), sum(1 for _r, _c, cell in cells if cell.state == coverage_report.EMPTY)),
            (_("Thin cells (1–2 offers)"), sum(1 for _r, _c, cell in cells if cell.state == coverage_report.THIN)),
        ]

    def report_context(self):
        totals = {row.code: row.total.count for row in self.matrix.rows if row.level == "stadtbezirk"}
        return {
            "matrix": self.matrix,
            "map_counts": totals,
            "map_labels": {row.code: row.label for row in self.matrix.rows if row.level == "stadtbezirk"},
            "map_urls": {row.code: row.total.url for row in self.matrix.rows if row.level == "stadtbezirk"},
            "thin_at_most": coverage_report.THIN_AT_MOST,
        }
