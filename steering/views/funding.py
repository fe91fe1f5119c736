"""Funding risk: offers and programmes ending, by funding level, and the cells they leave thin."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from steering import coverage as coverage_report
from steering import filters, funding, trend
from steering.views.base import SteeringReportView


class FundingReportView(SteeringReportView):
    report = "funding"
    page_title = _("Funding risk")
    header_icon = "warning"
    filterset_class = filters.FundingFilterSet
    results_template_name = "steering/funding_results.html"

    def default_options(self):
        return {"horizon": str(funding.LONGEST), "funding_level": ""}

    @cached_property
    def horizon(self):
        return int(self.options["horizon"])

    @cached_property
    def endings(self):
        return funding.ending_offers(horizon=self.horizon, funding_level=self.options["funding_level"])

    @cached_property
    def level_labels(self):
        return funding.level_labels()

    def table_columns(self):
        return [
            ("offer", _("Offer")),
            ("provider", _("Carrier")),
            ("programme", _("Programme")),
            ("funding_level", _("Funding level")),
            ("ends_on", _("Ends on")),
            ("within", _("Within (months)")),
        ]

    def rows(self):
        providers = {}
        rows = []
        for item in self.endings:
            parent_path = item.offer.path[: -item.offer.steplen]
            if parent_path not in providers:
                providers[parent_path] = item.offer.get_parent().title
            rows.append({
                "offer": item.offer.title,
                "provider": providers[parent_path],
                "programme": item.offer.programme.title if item.offer.programme else "",
                "funding_level": self.level_labels.get(item.funding_level, item.funding_level),
                "ends_on": item.ends_on.isoformat(),
                "within": item.within,
                "_edit_url": reverse("wagtailadmin_pages:edit", args=[item.offer.pk]),
            })
        return rows

    @cached_property
    def at_risk(self):
        return funding.cells_at_risk(self.endings)

    def headline(self):
        return [
            (trend.ending_label(months),
             sum(1 for item in self.endings if item.within <= months))
            for months in funding.HORIZONS if months <= self.horizon
        ] + [(_("Cells that would drop to zero or one offer"), len(self.at_risk))]

    def report_context(self):
        bezirk_labels = coverage_report.bezirk_labels()
        field_labels = dict(coverage_report.coverage_fields())
        by_level = funding.by_level(self.endings)
        order = list(self.level_labels)  # the vocabulary's order: EU, Bund, Land, Kommune …
        return {
            "by_level": [
                (self.level_labels.get(code, code), [counts[months] for months in funding.HORIZONS])
                for code, counts in sorted(by_level.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
            ],
            "horizons": funding.HORIZONS,
            "programmes": [
                (programme, within, self.level_labels.get(programme.funding_level.code, ""))
                for programme, within in funding.ending_programmes(
                    horizon=self.horizon, funding_level=self.options["funding_level"]
                )
            ],
            "at_risk": [
                (bezirk_labels.get(cell.bezirk, cell.bezirk), field_labels.get(cell.field, cell.field), cell.before, cell.after)
                for cell in self.at_risk
            ],
        }
