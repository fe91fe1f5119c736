"""The demo landscape for the steering tests, loaded once per module, and users of each role."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from carriers.roles import MODERATORS, STEERING, ensure_roles


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo landscape indexed by the database search; rolled back after the module."""
    from search.backends.database import DatabaseBackend
    from search.backends.memory import reset
    from services_directory.demo import load

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with translation.override("de"):
                load(io.StringIO())
                DatabaseBackend().rebuild()
                reset()
                ensure_roles()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            reset()


def make_viewer(username="lenkung", group=STEERING, language=""):
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password="x")
    user.groups.add(Group.objects.get(name=group))
    if language:
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@pytest.fixture
def steering_client(client, db):
    ensure_roles()
    client.force_login(make_viewer())
    return client


@pytest.fixture
def moderator_client(client, db):
    ensure_roles()
    client.force_login(make_viewer("moderation", MODERATORS))
    return client
