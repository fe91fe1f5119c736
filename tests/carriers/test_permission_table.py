"""Who may see and change what: one table, view × role → expected answer.

ok     200, the content is there
clean  200, but nothing of carrier A's unpublished content or reports in it
deny   403, 404 or a redirect away (Wagtail sends users without permission to the dashboard)
login  redirect to the admin login

Whatever the answer, an editor of carrier B never receives carrier A's drafts, reports or places.
"""

import pytest

from tests.carriers.conftest import (
    SECRET_DRAFT_TEXT,
    SECRET_DRAFT_TITLE,
    SECRET_PLACE_NAME,
    SECRET_REPORT_TEXT,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor_a", "editor_b", "moderator", "steering")
SECRETS = (SECRET_DRAFT_TITLE, SECRET_DRAFT_TEXT, SECRET_REPORT_TEXT, SECRET_PLACE_NAME)


def row(name, url, anonymous, editor_a, editor_b, moderator, steering):
    return pytest.param(
        url, dict(zip(ROLES, (anonymous, editor_a, editor_b, moderator, steering), strict=True)), id=name
    )  # a param only for its id and values: the table is checked in one test


TABLE = [
    # Pages: providers and offers
    row("provider edit", lambda w: f"/admin/pages/{w.provider_a.pk}/edit/", "login", "ok", "deny", "ok", "deny"),
    row("provider explorer", lambda w: f"/admin/pages/{w.provider_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("directory explorer", lambda w: f"/admin/pages/{w.provider_a.get_parent().pk}/", "login", "deny", "deny", "ok", "deny"),
    row("offer edit", lambda w: f"/admin/pages/{w.offer_a.pk}/edit/", "login", "ok", "deny", "ok", "deny"),
    row("draft offer edit", lambda w: f"/admin/pages/{w.draft_a.pk}/edit/", "login", "ok", "deny", "ok", "deny"),
    row("add offer", lambda w: f"/admin/pages/add/services_directory/offerpage/{w.provider_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("offer delete", lambda w: f"/admin/pages/{w.offer_a.pk}/delete/", "login", "deny", "deny", "ok", "deny"),
    row("offer unpublish", lambda w: f"/admin/pages/{w.offer_a.pk}/unpublish/", "login", "deny", "deny", "ok", "deny"),
    row("offer move", lambda w: f"/admin/pages/{w.offer_a.pk}/move/", "login", "deny", "deny", "ok", "deny"),
    row("offer copy", lambda w: f"/admin/pages/{w.offer_a.pk}/copy/", "login", "ok", "deny", "ok", "deny"),
    row("offer usage", lambda w: f"/admin/pages/{w.offer_a.pk}/usage/", "login", "ok", "deny", "ok", "deny"),
    row("offer lock", lambda w: f"/admin/pages/{w.offer_a.pk}/lock/", "login", "deny", "deny", "deny", "deny"),
    # Revisions, previews, history, workflow
    row("revision view", lambda w: f"/admin/pages/{w.offer_a.pk}/revisions/{w.draft_revision_a.pk}/view/", "login", "ok", "deny", "ok", "deny"),
    row("revision compare", lambda w: f"/admin/pages/{w.offer_a.pk}/revisions/compare/live...{w.draft_revision_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("revision revert", lambda w: f"/admin/pages/{w.offer_a.pk}/revisions/{w.draft_revision_a.pk}/revert/", "login", "ok", "deny", "ok", "deny"),
    row("view draft", lambda w: f"/admin/pages/{w.offer_a.pk}/view_draft/", "login", "ok", "deny", "ok", "deny"),
    row("view draft-only page", lambda w: f"/admin/pages/{w.draft_a.pk}/view_draft/", "login", "ok", "deny", "ok", "deny"),
    row("edit preview", lambda w: f"/admin/pages/{w.offer_a.pk}/edit/preview/", "login", "ok", "deny", "ok", "deny"),
    row("history", lambda w: f"/admin/pages/{w.offer_a.pk}/history/", "login", "ok", "deny", "ok", "deny"),
    row("history results", lambda w: f"/admin/pages/{w.offer_a.pk}/history/results/", "login", "ok", "deny", "ok", "deny"),
    row("workflow history", lambda w: f"/admin/pages/{w.offer_a.pk}/workflow_history/", "login", "ok", "deny", "ok", "deny"),
    # Searching and choosing pages
    row("page search", lambda w: "/admin/pages/search/?q=Entwurf", "login", "ok", "clean", "ok", "deny"),
    row("chooser browse", lambda w: f"/admin/choose-page/{w.provider_a.pk}/", "login", "ok", "clean", "ok", "clean"),
    row("chooser search", lambda w: "/admin/choose-page/search/?q=Entwurf", "login", "ok", "clean", "ok", "clean"),
    row("admin API page", lambda w: f"/admin/api/main/pages/{w.draft_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("admin API children", lambda w: f"/admin/api/main/pages/?child_of={w.provider_a.pk}", "login", "ok", "deny", "ok", "deny"),
    # Places (snippets scoped by provider)
    row("places list", lambda w: "/admin/snippets/services_directory/place/", "login", "ok", "clean", "ok", "deny"),
    row("place edit", lambda w: f"/admin/snippets/services_directory/place/edit/{w.place_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("place history", lambda w: f"/admin/snippets/services_directory/place/history/{w.place_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("place usage", lambda w: f"/admin/snippets/services_directory/place/usage/{w.place_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("place delete", lambda w: f"/admin/snippets/services_directory/place/delete/{w.place_a.pk}/", "login", "deny", "deny", "ok", "deny"),
    # Problem reports
    row("reports list", lambda w: "/admin/snippets/carriers/problemreport/", "login", "ok", "clean", "ok", "deny"),
    row("report edit", lambda w: f"/admin/snippets/carriers/problemreport/edit/{w.report_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("report inspect", lambda w: f"/admin/snippets/carriers/problemreport/inspect/{w.report_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("report history", lambda w: f"/admin/snippets/carriers/problemreport/history/{w.report_a.pk}/", "login", "ok", "deny", "ok", "deny"),
    row("report add", lambda w: "/admin/snippets/carriers/problemreport/add/", "login", "deny", "deny", "deny", "deny"),
    # Carrier self-service views
    row("verify offer", lambda w: f"/admin/carriers/offers/{w.offer_a.pk}/verify/", "login", "ok", "deny", "ok", "deny"),
    row("translation report", lambda w: "/admin/carriers/translations/", "login", "ok", "clean", "ok", "ok"),
    row("invite editor", lambda w: "/admin/carriers/invite/", "login", "deny", "deny", "ok", "deny"),
    row("dashboard", lambda w: "/admin/", "login", "ok", "clean", "ok", "clean"),
    # Audit log and workflow reports
    row("site history", lambda w: "/admin/reports/site-history/", "login", "ok", "clean", "ok", "clean"),
    row("workflow report", lambda w: "/admin/reports/workflow/", "login", "ok", "clean", "ok", "deny"),
    row("workflow tasks report", lambda w: "/admin/reports/workflow_tasks/", "login", "ok", "clean", "ok", "deny"),
    row("workflow preview", lambda w: f"/admin/pages/workflow/preview/{w.draft_a.pk}/{w.task.pk}/", "login", "deny", "deny", "ok", "deny"),
    row("aging pages", lambda w: "/admin/reports/aging-pages/", "login", "clean", "clean", "clean", "deny"),
    row("locked pages", lambda w: "/admin/reports/locked/", "login", "deny", "deny", "clean", "deny"),
    # Users and groups
    row("users", lambda w: "/admin/users/", "login", "deny", "deny", "deny", "deny"),
    row("groups", lambda w: "/admin/groups/", "login", "deny", "deny", "deny", "deny"),
    row("workflows", lambda w: "/admin/workflows/list/", "login", "deny", "deny", "deny", "deny"),
    # Public
    row("public report form", lambda w: f"/de/offers/{w.offer_a.hsds_id}/report/", "ok", "ok", "ok", "ok", "ok"),
    row("public draft page", lambda w: f"/de/offers/{w.draft_a.hsds_id}/report/", "deny", "deny", "deny", "deny", "deny"),
]


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def check(response, expected, url, client):
    if response.status_code == 302 and response["Location"] == "/de" + url:
        # A 404 outside i18n_patterns is retried with the language prefix: the public 404 page.
        response = client.get(response["Location"])
        assert response.status_code == 404, (url, response.status_code)
    body = _body(response)
    status = response.status_code
    if expected == "login":
        assert status == 302 and "/admin/login/" in response["Location"], (url, status)
    elif expected == "deny":
        assert status in (302, 400, 403, 404, 405), (url, status)
        if status == 302:
            assert url.split("?")[0] not in response["Location"], (url, response["Location"])
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    elif expected == "ok":
        assert status == 200, (url, status)
    elif expected == "clean":
        assert status == 200, (url, status)
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    else:
        raise AssertionError(expected)


def test_permission_table(world, login):
    """One pass over the whole table (the world is built once); every failing cell is reported."""
    failures = []
    for param in TABLE:
        url_of, expected = param.values
        url = url_of(world)
        for role in ROLES:
            client = login(world.users[role])
            accept = "application/json" if "/api/" in url else "text/html"
            response = client.get(url, HTTP_ACCEPT=accept)
            try:
                check(response, expected[role], url, client)
            except AssertionError as error:
                failures.append(f"{param.id} / {role}: expected {expected[role]}, got {error}")
    assert not failures, "\n".join(failures)


def test_editor_b_cannot_change_carrier_a(world, login):
    """The same protection for writes: nothing of A's changes when B posts."""
    client = login(world.users["editor_b"])
    offer = world.offer_a
    responses = [
        client.post(f"/admin/pages/{offer.pk}/edit/", {"title": "Übernommen", "slug": "x"}),
        client.post(f"/admin/carriers/offers/{offer.pk}/verify/"),
        client.post(f"/admin/snippets/carriers/problemreport/edit/{world.report_a.pk}/", {"done": "on"}),
        client.post(f"/admin/snippets/services_directory/place/delete/{world.place_a.pk}/"),
        client.post(f"/admin/pages/{offer.pk}/unpublish/"),
        client.post(f"/admin/pages/{offer.pk}/delete/"),
    ]
    for response in responses:
        assert response.status_code in (302, 403, 404)
    offer.refresh_from_db()
    world.report_a.refresh_from_db()
    assert offer.title == "Angebot A" and offer.live
    assert offer.get_latest_revision().pk == world.draft_revision_a.pk
    assert not world.report_a.done
    assert type(world.place_a)._default_manager.filter(pk=world.place_a.pk).exists()


def test_editor_b_listings_show_only_b(world, login):
    client = login(world.users["editor_b"])
    places = client.get("/admin/snippets/services_directory/place/").content.decode()
    reports = client.get("/admin/snippets/carriers/problemreport/").content.decode()
    assert "Ort B" in places and SECRET_PLACE_NAME not in places
    assert "Angebot B" in reports and "Angebot A" not in reports


def test_untrusted_editor_cannot_publish_trusted_can(world, login):
    from wagtail.models import Page

    page = Page.objects.get(pk=world.offer_a.pk)
    editor = world.users["editor_a"]
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    world.provider_a.is_trusted = True
    world.provider_a.save_revision().publish()
    editor = type(editor).objects.get(pk=editor.pk)
    assert page.permissions_for_user(editor).can_publish()
    world.provider_a.is_trusted = False
    world.provider_a.save_revision().publish()
    editor = type(editor).objects.get(pk=editor.pk)
    assert not page.permissions_for_user(editor).can_publish()
