"""What the network knows about one provider: its committees, programmes and coming events."""

from django.utils import timezone

from network.models import CommitteeMember, CommitteePage, EventPage
from services_directory.models import OfferPage, ProgrammePage

PROVIDER_EVENTS = 5


def provider_network(provider, now=None):
    memberships = (
        CommitteeMember.objects.filter(provider=provider, committee__in=CommitteePage.objects.for_public())
        .select_related("committee").order_by("committee__title", "pk")
    )
    programme_ids = OfferPage.objects.for_public().descendant_of(provider).exclude(programme=None).values("programme_id")
    programmes = ProgrammePage.objects.live().public().filter(pk__in=programme_ids).order_by("title")
    events = EventPage.upcoming(EventPage.objects.for_public().filter(provider=provider), now or timezone.now())[:PROVIDER_EVENTS]
    return {"memberships": list(memberships), "programmes": list(programmes), "events": list(events)}
