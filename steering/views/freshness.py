"""Freshness and translation per carrier or field of action."""

from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.languages import language_name
from steering import filters, freshness
from steering.views.base import SteeringReportView


class FreshnessReportView(SteeringReportView):
    report = "freshness"
    page_title = _("Freshness and translation")
    header_icon = "time"
    filterset_class = filters.FreshnessFilterSet
    results_template_name = "steering/freshness_results.html"

    def default_options(self):
        return {"group": freshness.BY_CARRIER}

    @cached_property
    def groups(self):
        return freshness.groups(self.options["group"])

    def table_columns(self):
        current = translation.get_language() or "de"
        first = _("Carrier") if self.options["group"] == freshness.BY_CARRIER else _("Field of action")
        return [
            ("label", first),
            ("offers", _("Offers")),
            ("verified_6", _("Verified in the last 6 months (%)")),
            ("verified_12", _("Verified in the last 12 months (%)")),
            *((f"lang_{code}", language_name(code, current)) for code in freshness.target_languages()),
        ]

    def rows(self):
        return [
            {
                "label": item.label, "offers": item.offers, "verified_6": item.verified_6_pct,
                "verified_12": item.verified_12_pct,
                **{f"lang_{code}": item.translated_pct(code) for code in freshness.target_languages()},
            }
            for item in self.groups
        ]

    def headline(self):
        whole = freshness.overall()
        return [
            (_("Live offers"), whole.offers),
            (_("Verified in the last 6 months (%)"), whole.verified_6_pct),
            (_("Verified in the last 12 months (%)"), whole.verified_12_pct),
        ]
