"""The example mirror client (bench/hsds_mirror.py) stays identical to a full export through a
scripted series of edits of every kind a service document shows, fetching only what changed."""

import datetime
import json
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from services_directory.models import OpeningSlot, Term
from tests.factories import OfferPageFactory

from .data import make_directory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from hsds_mirror import Mirror  # noqa: E402 - the example client lives in bench/, outside the apps

pytestmark = pytest.mark.django_db


class ClientTransport:
    def __init__(self, client):
        self.client = client

    def lines(self, path, params):
        response = self.client.get(f"/api/hsds{path}", {**params, "format": "ndjson"})
        assert response.status_code == 200, response.content
        for line in b"".join(response.streaming_content).decode().splitlines():
            yield json.loads(line)


def full_export(client):
    return {document["id"]: document for document in ClientTransport(client).lines("/services", {"full": "true"})}


def publish(page):
    page.save_revision().publish()


def test_mirror_follows_every_kind_of_edit(client, portal_site):
    cache.clear()
    world = make_directory()
    offer, free, provider, programme, place = (world[key] for key in ("offer", "free", "provider", "programme", "place"))
    mirror = Mirror(ClientTransport(client))
    assert mirror.sync() == (2, 0) and mirror.services == full_export(client)

    def offer_hours():
        live = type(offer).objects.get(pk=offer.pk)
        live.opening_slots.add(OpeningSlot(place=place, weekday=5, opens=datetime.time(10), closes=datetime.time(12)))
        publish(live)

    def term_label():
        term = Term.objects.get(taxonomy__code="target-group", code="jugendliche")
        term.name_de = "Junge Menschen"
        term.save()

    def new_offer():
        OfferPageFactory(parent=provider, title="Neues Angebot", slug="neu", summary="Neu.")

    def unpublish(page):
        return lambda: type(page).objects.get(pk=page.pk).unpublish()

    def edit(page, **values):
        def change():
            fresh = type(page).objects.get(pk=page.pk)
            for name, value in values.items():
                setattr(fresh, name, value)
            publish(fresh)
        return change

    def place_street():
        place.street = "Kalker Hauptstr. 99"
        place.save()

    def place_district():
        place.district = Term.objects.get(taxonomy__code="district", code="kalk")
        place.save()

    edits = [
        ("offer title", edit(offer, title="Jugendberatung Kalk", title_de="Jugendberatung Kalk"), 1),
        ("provider name", edit(provider, title="Brücke e.V.", title_de="Brücke e.V."), 2),
        ("programme name", edit(programme, title="JMD Köln", title_de="JMD Köln"), 1),
        ("place street", place_street, 2),
        ("opening hours", offer_hours, 1),
        ("vocabulary label", term_label, 1),
        ("new offer", new_offer, 1),
        ("programme unpublished", unpublish(programme), 1),
        ("offer unpublished", unpublish(free), 0),
        ("place in another district", place_district, 1),
        ("provider unpublished", unpublish(provider), 0),
    ]
    for label, change, changed in edits:
        change()
        before = {key: value["last_modified"] for key, value in mirror.services.items()}
        fetched, _removed = mirror.sync()
        assert mirror.services == full_export(client), label
        moved = [key for key, value in mirror.services.items() if before.get(key) != value["last_modified"]]
        assert len(moved) == changed, (label, moved)  # last_modified moved exactly where the document changed
        # only what changed (and what shares the latest millisecond) is fetched again
        assert changed <= fetched <= changed + 1, (label, fetched)
    assert mirror.services == {}
