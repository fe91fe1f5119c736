"""Trend: the monthly snapshots of every report's headline figures."""

from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from steering import filters, trend
from steering.models import Snapshot
from steering.views.base import SteeringReportView, label_for, trend_charts


class TrendReportView(SteeringReportView):
    report = "trend"
    page_title = _("Trend")
    header_icon = "history"
    filterset_class = filters.TrendFilterSet
    results_template_name = "steering/trend_results.html"

    def default_options(self):
        return {"months": "12"}

    @cached_property
    def snapshots(self):
        return trend.series(int(self.options["months"]))

    def table_columns(self):
        return [("month", _("Month")), ("source", _("Source")), *trend.FIGURE_LABELS.items()]

    def rows(self):
        sources = dict(Snapshot.SOURCE_CHOICES)
        return [
            {"month": snapshot.month.strftime("%Y-%m"), "source": force_str(sources.get(snapshot.source, "")),
             **{key: snapshot.figures.get(key, "") for key in trend.FIGURE_LABELS}}
            for snapshot in self.snapshots
        ]

    def headline(self):
        latest = self.snapshots[-1] if self.snapshots else None
        return [(_("Months recorded"), len(self.snapshots)),
                (_("Latest snapshot"), latest.month.strftime("%Y-%m") if latest else "–")]

    def report_context(self):
        months = int(self.options["months"])
        return {
            "report_charts": [
                (label_for(code), trend_charts([key for key, _label in figures], months=months))
                for code, figures in trend.HEADLINES.items()
            ],
        }
