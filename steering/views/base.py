"""The base of every steering report view (Wagtail's ReportView with computed rows) and shared helpers."""

from collections import OrderedDict

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from wagtail.admin.views.reports import ReportView

from carriers.ownership import may_view_steering_reports
from steering import trend
from steering.models import Snapshot

PRINT_ROWS = 20  # rows of the main table on the one-page summary
REPORTS = ("coverage", "languages", "funding", "demand", "freshness", "trend")
# report code -> view class, filled as the report modules are imported
REGISTRY = {}


class SteeringReportView(ReportView):
    """A computed report: rows are dicts keyed by the codes of `table_columns()`."""

    template_name = "steering/report.html"
    results_template_name = "steering/report_results.html"
    print_template_name = "steering/print.html"
    header_icon = "table"
    paginate_by = None
    report = ""
    print_view = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.report:
            REGISTRY[cls.report] = cls

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
    return [(code, REGISTRY[code].page_title, reverse(f"steering:{code}"), code == current) for code in REPORTS]


def label_for(code):
    return REGISTRY[code].page_title


def trend_charts(keys, months=12):
    """[(label, [(month, value)])] of the snapshots, one series per headline figure."""
    snapshots = trend.series(months)
    charts = []
    for key in keys:
        points = [(snapshot.month, snapshot.figures.get(key)) for snapshot in snapshots]
        charts.append((force_str(trend.FIGURE_LABELS[key]), [(month, value) for month, value in points if value is not None]))
    return charts
