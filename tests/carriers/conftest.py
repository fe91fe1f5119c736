"""Two carriers (A and B) with offers, places, drafts and reports, and one user per role."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Workflow

from carriers.models import ProblemReport
from carriers.onboarding import add_provider_editor, invite_editor
from carriers.roles import MODERATORS, STEERING, WORKFLOW_NAME, ensure_roles
from network.models import CommitteeDocument, CommitteeMember
from portal.models import BarrierReport
from services_directory.models import OfferPage
from tests.factories import (
    CommitteePageFactory,
    OfferPageFactory,
    PlaceFactory,
    ProviderPageFactory,
    make_document,
)

PASSWORD = "ein-sicheres-Passwort-42"

# Text that only carrier A's editors and the moderators may ever see.
SECRET_DRAFT_TITLE = "Geheimer Entwurf A"
SECRET_DRAFT_TEXT = "UnveroeffentlichteAenderungA"
SECRET_REPORT_TEXT = "LeserberichtFuerA"
SECRET_PLACE_NAME = "VersteckterOrtA"
# A reader's barrier report: for the moderators' eyes only.
SECRET_BARRIER_TEXT = "BarriereNurFuerModeration"


@dataclass
class World:
    provider_a: object
    provider_b: object
    offer_a: object
    draft_a: object
    offer_b: object
    place_a: object
    place_b: object
    report_a: object
    report_b: object
    draft_revision_a: object
    task: object
    users: dict
    barrier_report: object = None
    spare_place_a: object = None  # used by no offer, so it may be deleted
    invitation_token: str = ""  # moderator invites carrier B's editor to carrier A
    committee: object = None  # carrier A is a member (network)
    minutes: object = None  # the committee's members-only document
    public_document: object = None


def make_user(username, *groups, email=None):
    user = get_user_model().objects.create_user(
        username=username, email=email or f"{username}@example.org", password=PASSWORD
    )
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def world(portal_site):
    return build_world()


def build_world():
    """Carriers A and B, their content, and one user per role (the portal must be set up)."""
    ensure_roles()
    provider_a = ProviderPageFactory(title="Träger A")
    provider_b = ProviderPageFactory(title="Träger B")
    place_a = PlaceFactory(name=SECRET_PLACE_NAME, provider=provider_a)
    place_b = PlaceFactory(name="Ort B", provider=provider_b)
    offer_a = OfferPageFactory(parent=provider_a, title="Angebot A", places=[place_a])
    offer_b = OfferPageFactory(parent=provider_b, title="Angebot B", places=[place_b])
    draft_a = OfferPageFactory(parent=provider_a, title=SECRET_DRAFT_TITLE, places=[], publish=False)
    # A pending draft revision of A's live offer.
    editable = offer_a.get_latest_revision_as_object()
    editable.summary = SECRET_DRAFT_TEXT
    editable.summary_de = SECRET_DRAFT_TEXT
    draft_revision_a = editable.save_revision()
    report_a = ProblemReport.objects.create(
        offer=offer_a, provider=provider_a, offer_title=offer_a.title, description=SECRET_REPORT_TEXT
    )
    report_b = ProblemReport.objects.create(
        offer=offer_b, provider=provider_b, offer_title=offer_b.title, description="Bericht für B"
    )
    editor_a = add_provider_editor(provider_a, "editor_a", "editor_a@example.org").user
    editor_b = add_provider_editor(provider_b, "editor_b", "editor_b@example.org").user
    for user in (editor_a, editor_b):
        user.set_password(PASSWORD)
        user.save()
    moderator = make_user("moderator", Group.objects.get(name=MODERATORS))
    steering = make_user("steering", Group.objects.get(name=STEERING))
    superuser = get_user_model().objects.create_superuser(
        username="superuser", email="superuser@example.org", password=PASSWORD
    )
    barrier_report = BarrierReport.objects.create(
        page_url="/de/suche/", description=SECRET_BARRIER_TEXT, language="de"
    )
    invitation = invite_editor(provider_a, "editor_b", "ignored@example.org", invited_by=moderator)
    # A's draft-only offer waits for review (the workflow report and dashboards must hide it from B).
    workflow_state = Workflow.objects.get(name=WORKFLOW_NAME).start(Page.objects.get(pk=draft_a.pk).specific, editor_a)
    # A committee carrier A sits in, with minutes for its members only (network).
    minutes, public_document = make_document("Protokoll A"), make_document("Satzung")
    committee = CommitteePageFactory(
        title="Arbeitskreis A", members=[CommitteeMember(provider=provider_a, role="member")],
        documents=[CommitteeDocument(document=minutes, kind="minutes"), CommitteeDocument(document=public_document)],
    )
    return World(
        provider_a=provider_a, provider_b=provider_b,
        offer_a=OfferPage.objects.get(pk=offer_a.pk), draft_a=draft_a, offer_b=offer_b,
        place_a=place_a, place_b=place_b, report_a=report_a, report_b=report_b,
        draft_revision_a=draft_revision_a, task=workflow_state.current_task_state.task,
        users={"anonymous": None, "editor_a": editor_a, "editor_b": editor_b, "moderator": moderator,
               "steering": steering, "superuser": superuser},
        barrier_report=barrier_report,
        spare_place_a=PlaceFactory(name="Freier Ort A", provider=provider_a),
        invitation_token=invitation.accept_link.rstrip("/").rsplit("/", 1)[-1],
        committee=committee, minutes=minutes, public_document=public_document,
    )


@pytest.fixture(scope="module")
def table_world(django_db_setup, django_db_blocker):
    """The world built once per module; each test runs in a savepoint inside this transaction."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def login(client):
    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
