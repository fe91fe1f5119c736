"""Members-only committee documents: Wagtail serves every document through its view, and this
check runs before it (hook `before_serve_document`). The rule itself is carriers.ownership's."""

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.urls import reverse

from carriers.ownership import may_see_members_only
from network.models import CommitteePage


def committees_keeping(document):
    """The committees that list `document` for their members only."""
    return CommitteePage.objects.filter(documents__document=document, documents__members_only=True).distinct()


def refusal(document, request):
    """None when `request.user` may read `document`, else the answer that refuses it: the login
    for anonymous readers, 403 for signed-in non-members. A document listed as members-only by
    any committee stays closed to those who are members of none of them."""
    committees = list(committees_keeping(document))
    if not committees or any(may_see_members_only(request.user, committee) for committee in committees):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
    return TemplateResponse(request, "network/members_only.html", {"committees": committees}, status=403)
