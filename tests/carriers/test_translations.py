"""Translation status per offer and language: missing, outdated, up to date; a minor change keeps it current."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory

from carriers.models import TranslationStatus
from carriers.wagtail_hooks import _record_translations
from services_directory.models import OfferPage
from tests.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

ENGLISH = {
    "title_en": "Counselling",
    "summary_en": "Advice on residence, work and language.",
    "description_en": "<p>Confidential and free.</p>",
    "contact_name_en": "Advice team",
}
FROZEN = datetime.datetime(2027, 2, 1, 10, 0, tzinfo=datetime.UTC)


def _status(offer, language):
    return TranslationStatus.objects.get(offer=offer, language=language)


def _publish(offer, **changes):
    draft = offer.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return OfferPage.objects.get(pk=offer.pk)


def _admin_save(offer, user, minor, **changes):
    """What the admin edit view leaves for the after_edit_page hook: the edited page and the tick."""
    draft = offer.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision(user=user)
    request = RequestFactory().post("/", {"translation_minor_change": "on"} if minor else {})
    request.user = user
    _record_translations(request, draft)


def test_missing_outdated_current_and_minor_change(world, login):
    editor = world.users["editor_b"]
    with time_machine.travel(FROZEN, tick=False):
        offer = OfferPageFactory(parent=world.provider_b, title="Beratung", places=[], **ENGLISH)
        assert _status(offer, "en").status == TranslationStatus.CURRENT
        assert _status(offer, "ar").status == TranslationStatus.MISSING

    later = FROZEN + datetime.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        offer = _publish(offer, summary="Beratung zu Aufenthalt und Arbeit, neu mit Sprachkursen.",
                         summary_de="Beratung zu Aufenthalt und Arbeit, neu mit Sprachkursen.")
        english = _status(offer, "en")
        assert english.status == TranslationStatus.OUTDATED
        assert english.source_changed_at == later
        assert _status(offer, "ar").status == TranslationStatus.MISSING

    # Updating the English text makes it current again.
    offer = _publish(offer, summary_en="Advice on residence and work, now with language courses.")
    assert _status(offer, "en").status == TranslationStatus.CURRENT

    # A typo fix with the "minor change" tick keeps it current; without the tick it is outdated.
    _admin_save(offer, editor, minor=True, summary_de="Beratung zu Aufenthalt und Arbeit, neu mit Sprachkursen!")
    assert _status(offer, "en").status == TranslationStatus.CURRENT
    _admin_save(offer, editor, minor=False, description_de="<p>Ganz neuer Text.</p>")
    assert _status(offer, "en").status == TranslationStatus.OUTDATED

    # Carriers and moderators filter the report by language and status.
    for role in ("editor_b", "moderator"):
        client = login(world.users[role])
        outdated = client.get("/admin/carriers/translations/?language=en&status=outdated").content.decode()
        current = client.get("/admin/carriers/translations/?language=en&status=current").content.decode()
        assert ">Beratung<" in outdated and ">Beratung<" not in current
    # Carrier A's editor does not see B's offer at all.
    other = login(world.users["editor_a"]).get("/admin/carriers/translations/").content.decode()
    assert ">Beratung<" not in other


def test_minor_change_tick_is_on_the_offer_edit_form(world, login):
    response = login(world.users["editor_b"]).get(f"/admin/pages/{world.offer_b.pk}/edit/")
    assert response.status_code == 200
    assert 'name="translation_minor_change"' in response.content.decode()
