"""A committee with a public document, members-only minutes, a member, an outsider, a meeting."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from carriers.onboarding import add_provider_editor
from network.models import CommitteeDocument, CommitteeMember
from tests.factories import (
    CommitteePageFactory,
    EventPageFactory,
    ProviderPageFactory,
    make_document,
)


@dataclass
class CommitteeWorld:
    committee: object
    public: object
    minutes: object
    member: object
    outsider: object
    invited: object


def build_committee_world():
    member_provider = ProviderPageFactory(title="Caritas Köln")
    other_provider = ProviderPageFactory(title="Anderer Träger")
    member = add_provider_editor(member_provider, "mitglied", "mitglied@example.org").user
    outsider = add_provider_editor(other_provider, "aussen", "aussen@example.org").user
    invited = get_user_model().objects.create_user("gast", "gast@example.org", "ein-sicheres-Passwort-42")
    public = make_document("Geschaeftsordnung")
    minutes = make_document("Protokoll Maerz")
    committee = CommitteePageFactory(
        title="Arbeitskreis JMD/MBE",
        members=[
            CommitteeMember(provider=member_provider, role="office", contact_function="Fachdienst Integration"),
            CommitteeMember(body_name="Jobcenter Köln", role="member", contact_function="Team Migration"),
        ],
        documents=[
            CommitteeDocument(document=public, kind="document"),
            CommitteeDocument(document=minutes, kind="minutes", date=datetime.date(2026, 3, 10)),
        ],
        invited_users=[invited],
    )
    EventPageFactory(title="Sitzung im Frühjahr", committee=committee, start=timezone.now() + datetime.timedelta(days=10))
    return CommitteeWorld(committee, public, minutes, member, outsider, invited)


@pytest.fixture
def committee_with_documents(portal_site):
    return build_committee_world()
