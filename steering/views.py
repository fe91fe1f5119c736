"""The steering reports in the Wagtail admin, on Wagtail's report framework (filters, CSV/XLSX export).

Each report computes its rows (they are figures, not a queryset); the table on the page and the
spreadsheet export come from the same `columns` and rows, so the download matches the page.
Every report also renders as a printable one-page A4 summary (`?print=1` URLs, `print_view`).
"""

from collections import OrderedDict

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from carriers.ownership import may_view_steering_reports
from portal.languages import language_name
from services_directory.models import Term
from steering import coverage as coverage_report
from steering import demand, filters, freshness, funding, languages, trend
from steering.models import Snapshot

PRINT_ROWS = 20  # rows of the main table on the one-page summary
REPORTS = ("coverage", "languages", "funding", "demand", "freshness", "trend")


class SteeringReportView(ReportView):
    """A computed report: rows are dicts keyed by the codes of `columns()`."""

    template_name = "steering/report.html"
    results_template_name = "steering/report_results.html"
    print_template_name = "steering/print.html"
    header_icon = "table"
    paginate_by = None
    report = ""
    print_view = False

    def dispatch(self, request, *args, **kwargs):
        if not may_view_steering_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # -- filters: read, never applied to a queryset ----------------------------------------------

    def get_filterset_kwargs(self):
        # The form shows the defaults the report uses when a filter is not given.
        data = self.request.GET.copy()
        for name, value in self.default_options().items():
            if value not in (None, "") and not data.get(name):
                data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return {**super().get_filterset_kwargs(), "data": data, "queryset": Snapshot.objects.none()}

    def filter_queryset(self, queryset):
        return queryset

    @cached_property
    def options(self) -> dict:
        """The filter values: the valid ones from the request, the rest at their defaults."""
        values = dict(self.default_options())
        if self.filters is not None:
            form = self.filters.form
            form.is_valid()
            for name, value in getattr(form, "cleaned_data", {}).items():
                if value not in (None, "") and name not in form.errors:
                    values[name] = value
        return values

    def default_options(self) -> dict:
        return {}

    # -- rows and columns ------------------------------------------------------------------------

    def table_columns(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def rows(self) -> list[dict]:
        raise NotImplementedError

    @cached_property
    def report_columns(self):
        return [(key, force_str(label)) for key, label in self.table_columns()]

    @cached_property
    def report_rows(self):
        return self.rows()

    def get_queryset(self):
        return self.report_rows

    @property
    def list_export(self):
        return [key for key, _label in self.report_columns]

    def get_heading(self, queryset, field):
        return dict(self.report_columns).get(field, field)

    def to_row_dict(self, item):
        return OrderedDict((key, spreadsheet_safe(item.get(key, ""))) for key in self.list_export)

    def get_filename(self):
        return f"steering-{self.report}-{timezone.localdate():%Y-%m-%d}"

    # -- page ------------------------------------------------------------------------------------

    @cached_property
    def index_url(self):
        return reverse(f"steering:{self.report}")

    @cached_property
    def index_results_url(self):
        return self.index_url

    def print_url(self):
        params = self.request.GET.copy()
        params.pop("export", None)
        query = params.urlencode()
        return reverse(f"steering:{self.report}_print") + (f"?{query}" if query else "")

    def headline(self) -> list[tuple[str, object]]:
        """The report's headline figures: [(label, value)]."""
        return []

    def report_context(self) -> dict:
        return {}

    def trend_figures(self):
        return [key for key, _label in trend.HEADLINES.get(self.report, [])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report,
            columns=self.report_columns,
            rows=self.report_rows,
            table_rows=[[row.get(key, "") for key, _label in self.report_columns] for row in self.report_rows],
            headline=self.headline(),
            filter_form=self.filters.form if self.filters is not None else None,
            # The filter form is on the page itself (it works without JavaScript), not in the header.
            filters=None,
            csv_url=self.csv_export_url,
            xlsx_url=self.xlsx_export_url,
            print_url=self.print_url(),
            reports=report_links(self.report),
            today=timezone.localdate(),
            text_direction="rtl" if translation.get_language_bidi() else "ltr",
            trend_charts=trend_charts(self.trend_figures(), months=12) if self.report != "trend" else [],
            **self.report_context(),
        )
        if self.print_view:
            context.update(
                print_rows=context["table_rows"][:PRINT_ROWS],
                print_more=len(context["table_rows"]) > PRINT_ROWS,
                filter_summary=self.filter_summary(),
            )
        return context

    def filter_summary(self) -> str:
        """The chosen filters in words, for the printed page."""
        if self.filters is None:
            return ""
        form = self.filters.form
        parts = []
        for name, field in form.fields.items():
            value = self.options.get(name)
            if value in (None, "") or name in form.errors:
                continue
            choices = dict(getattr(field, "choices", []) or [])
            shown = choices.get(value, choices.get(str(value), value))
            if hasattr(shown, "isoformat"):
                shown = shown.isoformat()
            parts.append(f"{force_str(field.label)}: {force_str(shown)}")
        return " · ".join(parts)

    def render_to_response(self, context, **response_kwargs):
        if self.print_view and not self.is_export:
            return TemplateResponse(self.request, self.print_template_name, context)
        return super().render_to_response(context, **response_kwargs)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula (a search text like "=HYPERLINK(…)") gets a leading
    apostrophe, so a download never executes what someone typed into the public search."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def report_links(current):
    labels = {view.report: view.page_title for view in REPORT_VIEWS}
    return [(code, labels[code], reverse(f"steering:{code}"), code == current) for code in REPORTS]


def trend_charts(keys, months=12):
    """[(label, [(month, value)])] of the snapshots, one series per headline figure."""
    snapshots = trend.series(months)
    charts = []
    for key in keys:
        points = [(snapshot.month, snapshot.figures.get(key)) for snapshot in snapshots]
        charts.append((force_str(trend.FIGURE_LABELS[key]), [(month, value) for month, value in points if value is not None]))
    return charts


# -- 1. coverage --------------------------------------------------------------------------------


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


# -- 2. languages --------------------------------------------------------------------------------


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


# -- 3. funding risk -----------------------------------------------------------------------------


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


# -- 4. unmet demand -----------------------------------------------------------------------------


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


# -- 5. freshness and translation ------------------------------------------------------------------


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


# -- 6. trend ------------------------------------------------------------------------------------


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


def label_for(code):
    return {view.report: view.page_title for view in REPORT_VIEWS}[code]


REPORT_VIEWS = (
    CoverageReportView, LanguagesReportView, FundingReportView, DemandReportView, FreshnessReportView, TrendReportView,
)
