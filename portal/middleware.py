"""Security headers: the Content-Security-Policy (public site and admin) and Permissions-Policy.

The public site's policy (`CONTENT_SECURITY_POLICY`) allows scripts and styles from our own origin
only. Wagtail's admin still relies on inline scripts and styles of its own and of its editors, so
`/admin/` gets `ADMIN_CONTENT_SECURITY_POLICY`, which relaxes exactly that and nothing else
(still no other origins, no plugins, no framing by other sites).
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
