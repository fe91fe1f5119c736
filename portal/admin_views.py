"""Admin account views made safe: logout only by POST, password reset throttled, and
wagtail-modeltranslation's copy-between-languages endpoint with CSRF and permission checks.

portal.urls mounts them before Wagtail's admin URLs, at the same addresses.
"""

import json

from axes.handlers.proxy import AxesProxyHandler
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import account
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_modeltranslation.wagtail_hooks import return_translation_target_field_rendered_html

from portal import limits


class LogoutView(account.LogoutView):
    """Log out by POST (the admin menu's button). A GET only asks for that button.

    Wagtail's own view answers GET with 405 but still deletes the session cookie and says "logged
    out", while the session stays valid on the server for anyone holding a copy of the cookie.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().dispatch(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        response = render(request, "portal/logout_confirm.html", status=405)
        response["Allow"] = "POST"
        return response


class PasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, refused to locked-out clients and limited like the public forms
    (every request sends a mail, so an open form is a way to flood someone's mailbox)."""

    def post(self, request, *args, **kwargs):
        if not AxesProxyHandler.is_allowed(request):
            return limits.locked_out(request)
        if refused := limits.limit(request, "password_reset"):
            return refused
        return super().post(request, *args, **kwargs)


@require_admin_access
@require_POST
def copy_translation_content(request, page_id):
    """wagtail-modeltranslation's "copy content from <language>" for StreamFields, checked first.

    The library's view is CSRF-exempt, lets any admin user read any page, and answers a missing
    page, a GET, a wrong field or malformed data with a 500. Here: CSRF applies (its script sends
    the token), only editors of the page may use it, bad input is a 400 naming the problem.
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # 400, not 404: LocaleMiddleware would redirect a 404 to /de/admin/…
        return _bad_request(_("There is no page with this id."))
    page = page.specific
    if not page.permissions_for_user(request.user).can_edit():
        return JsonResponse({"error": _("You may not edit this page.")}, status=403)
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return _bad_request(_("This address is only for the page editor's copy buttons."))
    for name in ("origin_field_name", "target_field_name"):
        if not _is_stream_field(page, request.POST.get(name, "")):
            return _bad_request(_("“%(name)s” must name a content field of this page.") % {"name": name})
    try:
        items = json.loads(request.POST.get("serializedOriginField", ""))
    except ValueError:
        items = None
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("name"), str) and "value" in item for item in items
    ):
        return _bad_request(_("The copied content is not in the expected form."))
    return return_translation_target_field_rendered_html(request, page_id)


def _is_stream_field(page, name):
    try:
        return isinstance(page._meta.get_field(name), StreamField)
    except Exception:  # FieldDoesNotExist, or an empty/odd name
        return False


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)
