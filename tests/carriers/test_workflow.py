"""Review: a carrier submits, the KIM moderators approve (live) or reject with a comment the carrier sees."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

pytestmark = pytest.mark.django_db


def _submit(offer, user, summary):
    """What the edit view's "submit for moderation" does: save a revision, start the page's workflow."""
    draft = offer.get_latest_revision_as_object()
    draft.summary = draft.summary_de = summary
    draft.save_revision(user=user)
    workflow = draft.get_workflow()
    assert workflow is not None and workflow.name == "KIM review"
    return workflow.start(draft, user)


def _act(client, offer, state, action, comment=""):
    task_state = state.current_task_state
    return client.post(
        f"/admin/pages/workflow/action/{offer.pk}/{action}/{task_state.pk}/",
        {"comment": comment},
    )


def test_submit_then_approve_makes_the_change_live(world, login):
    offer, editor, moderator = world.offer_b, world.users["editor_b"], world.users["moderator"]
    mail.outbox.clear()

    state = _submit(offer, editor, "Neue Zusammenfassung von B")

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    offer.refresh_from_db()
    assert offer.summary != "Neue Zusammenfassung von B"  # not live before review
    assert moderator.email in {address for message in mail.outbox for address in message.to}

    mail.outbox.clear()
    response = _act(login(moderator), offer, state, "approve", "Passt.")

    assert response.status_code in (200, 302)
    state.refresh_from_db()
    offer.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert offer.live and offer.summary == "Neue Zusammenfassung von B"
    assert not offer.has_unpublished_changes
    assert editor.email in {address for message in mail.outbox for address in message.to}


def test_reject_sends_the_comment_to_the_carrier_who_sees_it_in_the_admin(world, login):
    offer, editor, moderator = world.offer_b, world.users["editor_b"], world.users["moderator"]
    state = _submit(offer, editor, "Fehlerhafte Zusammenfassung")
    mail.outbox.clear()

    _act(login(moderator), offer, state, "reject", "Bitte die Öffnungszeiten ergänzen.")

    state.refresh_from_db()
    offer.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert offer.summary != "Fehlerhafte Zusammenfassung"
    rejection = [message for message in mail.outbox if editor.email in message.to]
    assert rejection and "Bitte die Öffnungszeiten ergänzen." in rejection[0].body

    client = login(editor)
    history = client.get(f"/admin/pages/{offer.pk}/workflow_history/detail/{state.pk}/")
    assert history.status_code == 200
    assert "Bitte die Öffnungszeiten ergänzen." in history.content.decode()
    # Carrier A's editor sees neither the page nor the comment.
    other = login(world.users["editor_a"]).get(f"/admin/pages/{offer.pk}/workflow_history/detail/{state.pk}/")
    assert other.status_code != 200 and "Öffnungszeiten ergänzen" not in other.content.decode()


def test_trust_is_granted_by_moderators_only_and_lets_the_carrier_publish(world, login):
    field = 'name="is_trusted"'
    assert field not in login(world.users["editor_b"]).get(f"/admin/pages/{world.provider_b.pk}/edit/").content.decode()
    assert field in login(world.users["moderator"]).get(f"/admin/pages/{world.provider_b.pk}/edit/").content.decode()
    world.provider_b.is_trusted = True
    world.provider_b.save_revision().publish()
    editor = type(world.users["editor_b"]).objects.get(pk=world.users["editor_b"].pk)
    offer = world.offer_b
    assert offer.permissions_for_user(editor).can_publish()
    assert not world.offer_a.permissions_for_user(editor).can_edit()


def test_dashboard_panels_for_a_carrier(world, login):
    html = login(world.users["editor_a"]).get("/admin/").content.decode()
    for panel in ("my-offers", "waiting-for-review", "due-for-verification", "ending-soon", "translations-outdated"):
        assert f'id="carriers-{panel}-section"' in html  # Wagtail's {% panel id=… %}
    assert "Geheimer Entwurf A" in html  # A's own draft, waiting for review
