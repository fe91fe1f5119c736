"""Members-only committee documents (minutes) and carrier-submitted news going through review."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from carriers.onboarding import add_provider_editor
from carriers.roles import MODERATORS, ensure_roles
from network.models import CommitteeDocument, EventPage, NewsIndexPage, NewsPage
from tests.carriers.conftest import make_user
from tests.directory.admin_forms import form_data
from tests.factories import ProviderPageFactory, make_document

pytestmark = pytest.mark.django_db


def test_minutes_are_refused_to_anonymous_readers_with_the_login(client, committee_with_documents):
    url = committee_with_documents.minutes.url
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")


def test_minutes_are_refused_to_editors_of_non_member_providers(client, committee_with_documents):
    client.force_login(committee_with_documents.outsider)
    response = client.get(committee_with_documents.minutes.url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    assert "Protokoll" not in response.content.decode()  # no file content, no file name
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("who", ["member", "invited"])
def test_members_and_invited_users_read_the_minutes(client, committee_with_documents, who):
    client.force_login(getattr(committee_with_documents, who))
    response = client.get(committee_with_documents.minutes.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_public_committee_documents_are_open_to_everyone(client, committee_with_documents):
    response = client.get(committee_with_documents.public.url)
    assert response.status_code == 200


def test_minutes_stay_members_only_even_when_the_box_is_not_ticked(committee_with_documents):
    item = CommitteeDocument(committee=committee_with_documents.committee, document=make_document("Protokoll Mai"), kind="minutes", members_only=False)
    item.save()
    assert item.members_only


def test_carrier_news_goes_through_review_before_it_is_public(client, portal_site):
    ensure_roles()
    provider = ProviderPageFactory(title="Träger mit Neuigkeiten")
    editor = add_provider_editor(provider, "redaktion", "redaktion@example.org").user
    moderator = make_user("moderation", Group.objects.get(name=MODERATORS))
    client.force_login(editor)

    url = f"/admin/pages/add/network/newspage/{provider.pk}/"
    data = form_data(client.get(url).content.decode())
    data.update(title_de="Neue Gruppe für Mütter", slug_de="neue-gruppe", summary_de="Ab Mai jeden Dienstag.", date="2026-04-20")
    data["action-submit"] = "Submit"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    news = NewsPage.objects.get(title_de="Neue Gruppe für Mütter")
    assert not news.live and news.provider_id == provider.pk
    state = news.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert "Neue Gruppe für Mütter" not in client.get("/de/aktuelles/").content.decode()

    # The moderator approves in the review workflow (Wagtail's own task action).
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(news, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")
    news.refresh_from_db()
    assert news.live
    assert "Neue Gruppe für Mütter" in client.get("/de/aktuelles/").content.decode()


def test_carrier_cannot_publish_news_for_another_provider_or_under_the_news_index(client, portal_site):
    ensure_roles()
    own = ProviderPageFactory(title="Eigener Träger")
    other = ProviderPageFactory(title="Fremder Träger")
    editor = add_provider_editor(own, "eigen", "eigen@example.org").user
    index = NewsIndexPage.objects.get()
    for parent in (other, index):
        assert not Page.objects.get(pk=parent.pk).permissions_for_user(editor).can_add_subpage()
    assert Page.objects.get(pk=own.pk).permissions_for_user(editor).can_add_subpage()
    assert NewsPage.can_create_at(Page.objects.get(pk=own.pk).specific)
    assert EventPage.can_create_at(Page.objects.get(pk=own.pk).specific)
