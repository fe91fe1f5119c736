"""The steering reports in the Wagtail admin, on Wagtail's report framework (filters, CSV/XLSX export).

Each report computes its rows (they are figures, not a queryset); the table on the page and the
spreadsheet export come from the same columns and rows, so the download matches the page.
Every report also renders as a printable one-page A4 summary (the `print_view` URLs).
"""

from steering.views.coverage import CoverageReportView
from steering.views.demand import DemandReportView
from steering.views.freshness import FreshnessReportView
from steering.views.funding import FundingReportView
from steering.views.languages import LanguagesReportView
from steering.views.trend import TrendReportView

REPORT_VIEWS = (
    CoverageReportView, LanguagesReportView, FundingReportView, DemandReportView, FreshnessReportView, TrendReportView,
)
