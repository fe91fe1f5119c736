"""Who may see and change what: one table, (view, role) → exactly one expected answer.

Every object in the table belongs to carrier A: `carrier_a` is the editor of its own provider,
`carrier_b` the editor of another provider. Answers:

200, 400, 403, 404, 405  that status
login   a redirect to the admin login with `next` set to the requested address
denied  Wagtail's refusal inside the admin: a redirect to the dashboard with the message
        "Sorry, you do not have permission to access this area."
own     the explorer's answer to a carrier outside its subtree: a redirect to its own provider
404     also when it comes as the redirect to the language-prefixed address that then answers 404
done    a write that succeeded: a redirect that is none of the above

Whatever the answer, carrier B never receives carrier A's drafts, reports or places, and nobody but
the moderators and superusers reads a barrier report.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page

from tests.carriers.conftest import (
    SECRET_BARRIER_TEXT,
    SECRET_DRAFT_TEXT,
    SECRET_DRAFT_TITLE,
    SECRET_PLACE_NAME,
    SECRET_REPORT_TEXT,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "carrier_a", "carrier_b", "moderator", "steering", "superuser")
USER_OF_ROLE = {
    "anonymous": "anonymous", "carrier_a": "editor_a", "carrier_b": "editor_b", "moderator": "moderator",
    "steering": "steering", "superuser": "superuser",
}
CARRIER_A_SECRETS = (SECRET_DRAFT_TITLE, SECRET_DRAFT_TEXT, SECRET_REPORT_TEXT, SECRET_PLACE_NAME)
DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


@dataclass
class Row:
    name: str
    url: Callable
    expected: dict
    method: str = "get"
    data: Callable = lambda world: {}


def row(name, url, anonymous, carrier_a, carrier_b, moderator, steering, superuser, method="get", data=None):
    expected = dict(zip(ROLES, (anonymous, carrier_a, carrier_b, moderator, steering, superuser), strict=True))
    return Row(name, url, expected, method, data or (lambda world: {}))


def post(name, url, *expected, data=None):
    return row(name, url, *expected, method="post", data=data)


def _place_form(world, provider, name="Neuer Ort"):
    return {
        "name_de": name, "provider": provider.pk, "street": "Domkloster 4", "postcode": "50667",
        "district": world.place_a.district_id,
    }


def _csv_takeover(world):
    text = f"id,name,description\n{world.offer_a.hsds_id},Übernommen,Ein Text.\n"
    upload = SimpleUploadedFile("offers.csv", text.encode(), content_type="text/csv")
    return {"provider": world.provider_b.pk, "file": upload, "language": "de", "dry_run": "on", "allow_move": "on"}


L, D, OWN = "login", "denied", "own"


def _network_page(model_name):
    """The id of the network's one page of that type (created by setup_portal)."""
    return Page.objects.get(content_type__app_label="network", content_type__model=model_name).pk

TABLE = [
    # Pages: providers and offers
    row("provider-edit", lambda w: f"/admin/pages/{w.provider_a.pk}/edit/", L, 200, D, 200, D, 200),
    row("provider-explorer", lambda w: f"/admin/pages/{w.provider_a.pk}/", L, 200, OWN, 200, D, 200),
    row("directory-explorer", lambda w: f"/admin/pages/{w.provider_a.get_parent().pk}/", L, OWN, OWN, 200, D, 200),
    row("offer-edit", lambda w: f"/admin/pages/{w.offer_a.pk}/edit/", L, 200, D, 200, D, 200),
    post("offer-edit-post", lambda w: f"/admin/pages/{w.offer_a.pk}/edit/", L, 200, D, 200, D, 200,
         data=lambda w: {"title": "Übernommen", "slug": "x"}),
    row("draft-offer-edit", lambda w: f"/admin/pages/{w.draft_a.pk}/edit/", L, 200, D, 200, D, 200),
    row("offer-add", lambda w: f"/admin/pages/add/services_directory/offerpage/{w.provider_a.pk}/", L, 200, D, 200, D, 200),
    row("offer-delete", lambda w: f"/admin/pages/{w.offer_a.pk}/delete/", L, D, D, 200, D, 200),
    post("offer-delete-post", lambda w: f"/admin/pages/{w.offer_a.pk}/delete/", L, D, D, "done", D, "done"),
    row("offer-unpublish", lambda w: f"/admin/pages/{w.offer_a.pk}/unpublish/", L, D, D, 200, D, 200),
    post("offer-unpublish-post", lambda w: f"/admin/pages/{w.offer_a.pk}/unpublish/", L, D, D, "done", D, "done"),
    row("offer-move", lambda w: f"/admin/pages/{w.offer_a.pk}/move/", L, D, D, 200, D, 200),
    row("offer-copy", lambda w: f"/admin/pages/{w.offer_a.pk}/copy/", L, 200, D, 200, D, 200),
    row("offer-usage", lambda w: f"/admin/pages/{w.offer_a.pk}/usage/", L, 200, D, 200, D, 200),
    row("offer-lock", lambda w: f"/admin/pages/{w.offer_a.pk}/lock/", L, 405, 405, 405, 405, 405),
    post("offer-lock-post", lambda w: f"/admin/pages/{w.offer_a.pk}/lock/", L, D, D, "done", D, "done"),
    # Revisions, previews, history, workflow
    row("revision-view", lambda w: f"/admin/pages/{w.offer_a.pk}/revisions/{w.draft_revision_a.pk}/view/", L, 200, D, 200, D, 200),
    row("revision-compare", lambda w: f"/admin/pages/{w.offer_a.pk}/revisions/compare/live...{w.draft_revision_a.pk}/", L, 200, D, 200, D, 200),
    row("revision-revert", lambda w: f"/admin/pages/{w.offer_a.pk}/revisions/{w.draft_revision_a.pk}/revert/", L, 200, D, 200, D, 200),
    row("view-draft", lambda w: f"/admin/pages/{w.offer_a.pk}/view_draft/", L, 200, D, 200, D, 200),
    row("view-draft-only-page", lambda w: f"/admin/pages/{w.draft_a.pk}/view_draft/", L, 200, D, 200, D, 200),
    row("edit-preview", lambda w: f"/admin/pages/{w.offer_a.pk}/edit/preview/", L, 200, D, 200, D, 200),
    row("history", lambda w: f"/admin/pages/{w.offer_a.pk}/history/", L, 200, D, 200, D, 200),
    row("history-results", lambda w: f"/admin/pages/{w.offer_a.pk}/history/results/", L, 200, D, 200, D, 200),
    row("workflow-history", lambda w: f"/admin/pages/{w.offer_a.pk}/workflow_history/", L, 200, D, 200, D, 200),
    row("workflow-preview", lambda w: f"/admin/pages/workflow/preview/{w.draft_a.pk}/{w.task.pk}/", L, D, D, 200, D, 200),
    # Searching and choosing pages
    row("page-search", lambda w: "/admin/pages/search/?q=Entwurf", L, 200, 200, 200, D, 200),
    row("page-chooser-browse-provider", lambda w: f"/admin/choose-page/{w.provider_a.pk}/", L, 200, 200, 200, 200, 200),
    row("page-chooser-browse-draft", lambda w: f"/admin/choose-page/{w.draft_a.pk}/", L, 200, 404, 200, 404, 200),
    row("page-chooser-search", lambda w: "/admin/choose-page/search/?q=Entwurf", L, 200, 200, 200, 200, 200),
    row("page-chooser-chosen-multiple", lambda w: f"/admin/choose-page/chosen-multiple/?id={w.draft_a.pk}", L, 200, 200, 200, 200, 200),
    row("admin-api-children", lambda w: f"/admin/api/main/pages/?child_of={w.provider_a.pk}", L, 200, 400, 200, 400, 200),
    row("admin-api-page", lambda w: f"/admin/api/main/pages/{w.draft_a.pk}/", L, 200, 404, 200, 404, 200),
    # Bulk actions on pages (confirmation pages and the action itself)
    row("bulk-publish-draft", lambda w: f"/admin/bulk/wagtailcore/page/publish/?id={w.draft_a.pk}", L, 200, 404, 200, 404, 200),
    row("bulk-unpublish", lambda w: f"/admin/bulk/wagtailcore/page/unpublish/?id={w.offer_a.pk}", L, 200, 200, 200, 200, 200),
    row("bulk-delete-draft", lambda w: f"/admin/bulk/wagtailcore/page/delete/?id={w.draft_a.pk}", L, 200, 404, 200, 404, 200),
    row("bulk-move-draft", lambda w: f"/admin/bulk/wagtailcore/page/move/?id={w.draft_a.pk}", L, 200, 404, 200, 404, 200),
    post("bulk-unpublish-post", lambda w: f"/admin/bulk/wagtailcore/page/unpublish/?id={w.offer_a.pk}&next=/admin/",
         L, "done", "done", "done", "done", "done"),
    post("bulk-delete-post", lambda w: f"/admin/bulk/wagtailcore/page/delete/?id={w.offer_a.pk}&next=/admin/",
         L, "done", "done", "done", "done", "done"),
    row("bulk-delete-place", lambda w: f"/admin/bulk/services_directory/place/delete/?id={w.place_a.pk}", L, 200, 404, 200, 404, 200),
    row("bulk-delete-problem-report", lambda w: f"/admin/bulk/carriers/problemreport/delete/?id={w.report_a.pk}", L, 200, 404, 200, 404, 200),
    # Reports
    row("report-page-types-usage", lambda w: "/admin/reports/page-types-usage/", L, D, D, 200, D, 200),
    row("report-aging-pages", lambda w: "/admin/reports/aging-pages/", L, 200, 200, 200, D, 200),
    row("report-locked-pages", lambda w: "/admin/reports/locked/", L, D, D, 200, D, 200),
    row("report-site-history", lambda w: "/admin/reports/site-history/", L, 200, 200, 200, 200, 200),
    row("report-workflow", lambda w: "/admin/reports/workflow/", L, 200, 200, 200, D, 200),
    row("report-workflow-tasks", lambda w: "/admin/reports/workflow_tasks/", L, 200, 200, 200, D, 200),
    row("report-translation-status", lambda w: "/admin/carriers/translations/", L, 200, 200, 200, 200, 200),
    # Steering reports (steering/): moderators and steering viewers only, page, print summary and export alike
    *(row(f"steering-{code}", lambda w, code=code: f"/admin/steering/{code}/", L, D, D, 200, 200, 200)
      for code in ("coverage", "languages", "funding", "demand", "freshness", "trend")),
    *(row(f"steering-{code}-print", lambda w, code=code: f"/admin/steering/{code}/print/", L, D, D, 200, 200, 200)
      for code in ("coverage", "funding", "trend")),
    row("steering-coverage-csv", lambda w: "/admin/steering/coverage/?export=csv", L, D, D, 200, 200, 200),
    row("steering-demand-xlsx", lambda w: "/admin/steering/demand/?export=xlsx", L, D, D, 200, 200, 200),
    row("dashboard", lambda w: "/admin/", L, 200, 200, 200, 200, 200),
    # Collections (curation/): the live count answers any admin user (it reveals only public counts);
    # collection pages are added where Wagtail's page permissions allow (below the home page: the editorial team).
    row("collection-count", lambda w: "/admin/curation/count/?criteria_field_of_action=wohnen", L, 200, 200, 200, 200, 200),
    row("collection-add", lambda w: f"/admin/pages/add/curation/collectionpage/{w.provider_a.get_parent().get_parent().pk}/",
        L, D, D, D, D, 200),
    # Foreign taxonomy terms met in HSDS imports (open_data): moderators map them onto the vocabulary
    row("foreign-terms-list", lambda w: "/admin/snippets/open_data/foreignterm/", L, D, D, 200, D, 200),
    # Places (snippets scoped by provider)
    row("places-list", lambda w: "/admin/snippets/services_directory/place/", L, 200, 200, 200, D, 200),
    row("place-edit", lambda w: f"/admin/snippets/services_directory/place/edit/{w.place_a.pk}/", L, 200, D, 200, D, 200),
    row("place-history", lambda w: f"/admin/snippets/services_directory/place/history/{w.place_a.pk}/", L, 200, D, 200, D, 200),
    row("place-usage", lambda w: f"/admin/snippets/services_directory/place/usage/{w.place_a.pk}/", L, 200, D, 200, D, 200),
    row("place-delete", lambda w: f"/admin/snippets/services_directory/place/delete/{w.spare_place_a.pk}/", L, D, D, 200, D, 200),
    post("place-delete-post", lambda w: f"/admin/snippets/services_directory/place/delete/{w.spare_place_a.pk}/",
         L, D, D, "done", D, "done"),
    post("place-add-for-carrier-a", lambda w: "/admin/snippets/services_directory/place/add/",
         L, "done", 200, "done", D, "done", data=lambda w: _place_form(w, w.provider_a)),
    post("place-hand-to-carrier-b", lambda w: f"/admin/snippets/services_directory/place/edit/{w.place_a.pk}/",
         L, 200, D, "done", D, "done", data=lambda w: _place_form(w, w.provider_b, name="VersteckterOrtA")),
    row("place-chooser", lambda w: "/admin/snippets/choose/services_directory/place/", L, 200, 200, 200, 200, 200),
    row("place-chooser-chosen", lambda w: f"/admin/snippets/choose/services_directory/place/chosen/{w.place_a.pk}/",
        L, 200, 404, 200, 404, 200),
    # Problem reports
    row("problem-reports-list", lambda w: "/admin/snippets/carriers/problemreport/", L, 200, 200, 200, D, 200),
    row("problem-report-edit", lambda w: f"/admin/snippets/carriers/problemreport/edit/{w.report_a.pk}/", L, 200, D, 200, D, 200),
    post("problem-report-edit-post", lambda w: f"/admin/snippets/carriers/problemreport/edit/{w.report_a.pk}/",
         L, "done", D, "done", D, "done", data=lambda w: {"done": "on", "done_note": ""}),
    row("problem-report-inspect", lambda w: f"/admin/snippets/carriers/problemreport/inspect/{w.report_a.pk}/", L, 200, D, 200, D, 200),
    row("problem-report-history", lambda w: f"/admin/snippets/carriers/problemreport/history/{w.report_a.pk}/", L, 200, D, 200, D, 200),
    row("problem-report-add", lambda w: "/admin/snippets/carriers/problemreport/add/", L, D, D, D, D, 200),
    row("problem-report-chooser", lambda w: "/admin/snippets/choose/carriers/problemreport/", L, 200, 200, 200, 200, 200),
    row("problem-report-chooser-chosen", lambda w: f"/admin/snippets/choose/carriers/problemreport/chosen/{w.report_a.pk}/",
        L, 200, 404, 200, 404, 200),
    # Barrier reports (read-only, moderators)
    row("barrier-reports-list", lambda w: "/admin/barrier-reports/", L, D, D, 200, D, 200),
    row("barrier-report-inspect", lambda w: f"/admin/barrier-reports/inspect/{w.barrier_report.pk}/", L, D, D, 200, D, 200),
    row("barrier-report-edit", lambda w: f"/admin/barrier-reports/edit/{w.barrier_report.pk}/", L, D, D, D, D, D),
    row("barrier-report-delete", lambda w: f"/admin/barrier-reports/delete/{w.barrier_report.pk}/", L, D, D, D, D, D),
    # Carrier self-service views
    row("offer-verify", lambda w: f"/admin/carriers/offers/{w.offer_a.pk}/verify/", L, 200, D, 200, D, 200),
    post("offer-verify-post", lambda w: f"/admin/carriers/offers/{w.offer_a.pk}/verify/", L, "done", D, "done", D, "done"),
    # Invitations
    row("invite-editor", lambda w: "/admin/carriers/invite/", L, D, D, 200, D, 200),
    post("invite-editor-post", lambda w: "/admin/carriers/invite/", L, D, D, 200, D, 200,
         data=lambda w: {"provider": w.provider_a.pk, "username": "neu", "email": "neu@example.org"}),
    row("invitation-accept", lambda w: f"/admin/invitations/{w.invitation_token}/", L, 403, 200, 403, 403, 403),
    post("invitation-accept-post", lambda w: f"/admin/invitations/{w.invitation_token}/", L, 403, "done", 403, 403, 403),
    row("invitation-forged", lambda w: "/admin/invitations/forged-token/", L, 400, 400, 400, 400, 400),
    # Users, groups, workflows
    row("users", lambda w: "/admin/users/", L, D, D, D, D, 200),
    row("groups", lambda w: "/admin/groups/", L, D, D, D, D, 200),
    row("workflows", lambda w: "/admin/workflows/list/", L, D, D, D, D, 200),
    # CSV import of offers (open_data); the POST is a dry run of a row naming carrier A's offer
    row("csv-import-form", lambda w: "/admin/import-offers/", L, 200, 200, 200, D, 200),
    row("csv-import-template", lambda w: "/admin/import-offers/template.csv", L, 200, 200, 200, D, 200),
    row("csv-import-report-unknown", lambda w: "/admin/import-offers/report/gone.csv", L, 404, 404, 404, D, 404),
    post("csv-import-post", lambda w: "/admin/import-offers/", L, 200, 200, 200, D, 200, data=_csv_takeover),
    # Network: members-only committee documents, carriers' news and events below their own provider
    row("committee-minutes", lambda w: w.minutes.url, L, 200, 403, 200, 403, 200),
    row("committee-public-document", lambda w: w.public_document.url, 200, 200, 200, 200, 200, 200),
    row("committee-page", lambda w: w.committee.url, 200, 200, 200, 200, 200, 200),
    row("committee-edit", lambda w: f"/admin/pages/{w.committee.pk}/edit/", L, D, D, 200, D, 200),
    row("news-add-own-provider", lambda w: f"/admin/pages/add/network/newspage/{w.provider_a.pk}/", L, 200, D, 200, D, 200),
    row("event-add-own-provider", lambda w: f"/admin/pages/add/network/eventpage/{w.provider_a.pk}/", L, 200, D, 200, D, 200),
    row("news-add-news-index", lambda w: f"/admin/pages/add/network/newspage/{_network_page('newsindexpage')}/", L, D, D, 200, D, 200),
    row("event-add-event-index", lambda w: f"/admin/pages/add/network/eventpage/{_network_page('eventindexpage')}/", L, D, D, 200, D, 200),
    # Public
    row("public-report-form", lambda w: f"/de/offers/{w.offer_a.hsds_id}/report/", 200, 200, 200, 200, 200, 200),
    row("public-report-form-draft", lambda w: f"/de/offers/{w.draft_a.hsds_id}/report/", 404, 404, 404, 404, 404, 404),
    # Referral lists (referrals/): public, offer ids only; a draft's id is left out, never shown
    row("referral-list-shared-draft", lambda w: f"/de/referrals/?offer={w.offer_a.hsds_id}&offer={w.draft_a.hsds_id}",
        200, 200, 200, 200, 200, 200),
    row("referral-print-draft", lambda w: f"/ro/referrals/print/?offer={w.draft_a.hsds_id}", 200, 200, 200, 200, 200, 200),
    row("referral-client-mode", lambda w: "/de/search/client/", 200, 200, 200, 200, 200, 200),
    post("referral-add-draft", lambda w: "/de/referrals/add/", "done", "done", "done", "done", "done", "done",
         data=lambda w: {"offer": str(w.draft_a.hsds_id)}),
]


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _answer(response, client, url, own_provider):
    """What the response is, in the table's words."""
    status = response.status_code
    if status != 302:
        return status
    location = response["Location"]
    if location.startswith(reverse("wagtailadmin_login") + "?next="):
        return L, location
    if location == "/de" + url:
        # A 404 outside i18n_patterns is retried with the language prefix: the public 404 page.
        return client.get(location).status_code
    if own_provider is not None and location == f"/admin/pages/{own_provider.pk}/":
        return OWN
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the site's language here
        denied = gettext(DENIED_MESSAGE)
    if location == reverse("wagtailadmin_home") and denied in messages:
        return D
    return "done"


CASES = [
    pytest.param(table_row, role, id=f"{table_row.name}/{role}") for table_row in TABLE for role in ROLES
]


@pytest.mark.parametrize(("table_row", "role"), CASES)
def test_permission_table(table_world, client, table_row, role):
    user = table_world.users[USER_OF_ROLE[role]]
    if user is not None:
        client.force_login(user)
    url = table_row.url(table_world)
    accept = "application/json" if "/api/" in url else "text/html"
    send = getattr(client, table_row.method)
    response = send(url, table_row.data(table_world), HTTP_ACCEPT=accept)
    expected = table_row.expected[role]
    own_provider = {"carrier_a": table_world.provider_a, "carrier_b": table_world.provider_b}.get(role)
    answer = _answer(response, client, url, own_provider)
    if expected == L:
        assert answer == (L, reverse("wagtailadmin_login") + "?next=" + quote(url, safe="/"))
    else:
        assert answer == expected
    body = _body(response)
    if role in ("anonymous", "carrier_b"):
        assert not [secret for secret in CARRIER_A_SECRETS if secret in body]
    if role not in ("moderator", "superuser"):
        assert SECRET_BARRIER_TEXT not in body


def test_editor_b_cannot_change_carrier_a(table_world, login):
    """The same protection for writes: nothing of A's changes when B posts."""
    client = login(table_world.users["editor_b"])
    offer = table_world.offer_a
    responses = [
        client.post(f"/admin/pages/{offer.pk}/edit/", {"title": "Übernommen", "slug": "x"}),
        client.post(f"/admin/carriers/offers/{offer.pk}/verify/"),
        client.post(f"/admin/snippets/carriers/problemreport/edit/{table_world.report_a.pk}/", {"done": "on"}),
        client.post(f"/admin/snippets/services_directory/place/delete/{table_world.place_a.pk}/"),
        client.post(f"/admin/pages/{offer.pk}/unpublish/"),
        client.post(f"/admin/pages/{offer.pk}/delete/"),
    ]
    for response in responses:  # each refused as Wagtail refuses: back to the dashboard
        assert _answer(response, client, response.request["PATH_INFO"], None) == D
    offer.refresh_from_db()
    table_world.report_a.refresh_from_db()
    assert offer.title == "Angebot A" and offer.live
    assert offer.get_latest_revision().pk == table_world.draft_revision_a.pk
    assert not table_world.report_a.done
    assert type(table_world.place_a)._default_manager.filter(pk=table_world.place_a.pk).exists()


def test_editor_b_listings_show_only_b(table_world, login):
    client = login(table_world.users["editor_b"])
    places = client.get("/admin/snippets/services_directory/place/").content.decode()
    reports = client.get("/admin/snippets/carriers/problemreport/").content.decode()
    assert "Ort B" in places and SECRET_PLACE_NAME not in places
    assert "Angebot B" in reports and "Angebot A" not in reports


def test_untrusted_editor_cannot_publish_trusted_can(table_world):
    page = Page.objects.get(pk=table_world.offer_a.pk)
    editor = table_world.users["editor_a"]
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    table_world.provider_a.is_trusted = True
    table_world.provider_a.save_revision().publish()
    editor = type(editor).objects.get(pk=editor.pk)
    assert page.permissions_for_user(editor).can_publish()
    table_world.provider_a.is_trusted = False
    table_world.provider_a.save_revision().publish()
    editor = type(editor).objects.get(pk=editor.pk)
    assert not page.permissions_for_user(editor).can_publish()
