"""Who works with whom: providers, programmes and committees and their links, as data and as a
server-drawn diagram (three columns: committees, providers, programmes; mirrored right to left).

Links: membership (a provider sits in a committee) and funding (a provider runs public offers of
a programme); providers sharing a programme meet at its node and are listed per programme.
Everything comes from what the public may see.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation

from network.models import CommitteeMember, CommitteePage
from services_directory.models import OfferPage, ProgrammePage, ProviderPage

MEMBERSHIP, FUNDING = "membership", "funding"

# Diagram geometry (SVG user units)
WIDTH = 1200
NODE_WIDTH = 270
NODE_HEIGHT = 26
ROW = 32
TOP = 56
COLUMN_CENTRES = {"committee": 150, "provider": 600, "programme": 1050}
LABEL_CHARACTERS = 34


@dataclass
class Node:
    kind: str  # committee, provider, programme
    page: object
    x: float = 0
    y: float = 0

    @property
    def key(self):
        return f"{self.kind}-{self.page.pk}"

    @property
    def title(self):
        return self.page.title

    @property
    def label(self):
        title = self.page.title
        return title if len(title) <= LABEL_CHARACTERS else title[: LABEL_CHARACTERS - 1].rstrip() + "…"

    @property
    def direction(self):
        """The label's own direction (its first strong character): a German name inside an
        Arabic diagram still reads left to right, and its ellipsis stays at its end."""
        for character in self.label:
            kind = unicodedata.bidirectional(character)
            if kind in ("R", "AL"):
                return "rtl"
            if kind == "L":
                return "ltr"
        return "ltr"

    @property
    def left(self):
        return self.x - NODE_WIDTH / 2

    @property
    def top(self):
        return self.y - NODE_HEIGHT / 2


@dataclass
class Link:
    kind: str
    source: Node
    target: Node
    detail: str = ""  # a committee role, a programme's name


@dataclass
class Network:
    committees: list
    providers: list
    programmes: list
    links: list

    def of_kind(self, kind):
        return [link for link in self.links if link.kind == kind]

    @property
    def memberships(self):
        return self.of_kind(MEMBERSHIP)

    @property
    def fundings(self):
        return self.of_kind(FUNDING)

    def members_by_committee(self):
        """[(committee node, [membership links])] for the table: one row per committee."""
        return _grouped(self.memberships, lambda link: link.source)

    def programmes_by_provider(self):
        """[(provider node, [funding links])]: one row per provider."""
        return _grouped(self.fundings, lambda link: link.source)

    def shared_programmes(self):
        """[(programme node, [provider nodes])] for programmes that two or more providers share."""
        rows = _grouped(self.fundings, lambda link: link.target)
        return [(programme, [link.source for link in links]) for programme, links in rows if len(links) > 1]

    @property
    def nodes(self):
        return [*self.committees, *self.providers, *self.programmes]


def build_network(field_of_action=None):
    public_providers = {page.pk: page for page in ProviderPage.objects.for_public()}
    public_programmes = {page.pk: page for page in ProgrammePage.objects.live().public()}
    offers = OfferPage.objects.for_public().filter(programme__isnull=False)
    if field_of_action is not None:
        offers = offers.filter(fields_of_action=field_of_action)
    providers_by_path = {page.path: page.pk for page in public_providers.values()}
    funded = defaultdict(set)  # provider id → programme ids
    for path, programme_id in offers.values_list("path", "programme_id").distinct():
        provider_id = _provider_of(path, providers_by_path)
        if provider_id and programme_id in public_programmes:
            funded[provider_id].add(programme_id)

    committees = list(CommitteePage.objects.for_public().prefetch_related("fields_of_action").order_by("title"))
    if field_of_action is not None:
        committees = [c for c in committees if field_of_action in c.fields_of_action.all() or not c.fields_of_action.all()]
    committee_ids = {c.pk for c in committees}
    members = CommitteeMember.objects.filter(committee_id__in=committee_ids, provider_id__in=public_providers).order_by("committee_id", "sort_order", "pk")

    shown_providers = set(funded) if field_of_action is not None else set(funded) | {m.provider_id for m in members}
    members = [m for m in members if m.provider_id in shown_providers]
    if field_of_action is not None:
        committees = [c for c in committees if c.fields_of_action.all() or any(m.committee_id == c.pk for m in members)]

    committee_nodes = {c.pk: Node("committee", c) for c in committees}
    provider_nodes = {pk: Node("provider", public_providers[pk]) for pk in sorted(shown_providers, key=lambda pk: public_providers[pk].title.casefold())}
    programme_ids = sorted({pid for pids in funded.values() for pid in pids}, key=lambda pk: public_programmes[pk].title.casefold())
    programme_nodes = {pk: Node("programme", public_programmes[pk]) for pk in programme_ids}

    links = [
        Link(MEMBERSHIP, committee_nodes[m.committee_id], provider_nodes[m.provider_id], detail=m.get_role_display())
        for m in members if m.committee_id in committee_nodes
    ]
    links += [
        Link(FUNDING, provider_nodes[provider_id], programme_nodes[programme_id], detail=programme_nodes[programme_id].title)
        for provider_id in provider_nodes for programme_id in sorted(funded.get(provider_id, ()), key=programme_ids.index)
    ]
    return Network(list(committee_nodes.values()), list(provider_nodes.values()), list(programme_nodes.values()), links)


def _grouped(links, key):
    rows = {}
    for link in links:
        rows.setdefault(key(link).key, (key(link), []))[1].append(link)
    return list(rows.values())


def _provider_of(path, providers_by_path):
    """The provider above an offer, from its tree path (offers live below their provider)."""
    for length in {len(provider_path) for provider_path in providers_by_path}:
        if (provider_id := providers_by_path.get(path[:length])) is not None:
            return provider_id
    return None


@dataclass
class Diagram:
    width: int
    height: int
    nodes: list
    lines: list  # (kind, x1, y1, x2, y2)
    rtl: bool
    headings: list  # (x, text)


def layout(network):
    """Positions for every node and a line for every membership and funding link."""
    rtl = translation.get_language_bidi()
    columns = {"committee": network.committees, "provider": network.providers, "programme": network.programmes}
    tallest = max((len(nodes) for nodes in columns.values()), default=0)
    height = TOP + max(tallest, 1) * ROW + 16
    for kind, nodes in columns.items():
        offset = TOP + (tallest - len(nodes)) * ROW / 2
        centre = COLUMN_CENTRES[kind]
        for number, node in enumerate(nodes):
            node.x = WIDTH - centre if rtl else centre
            node.y = offset + number * ROW + ROW / 2
    lines = []
    for link in network.links:
        source, target = link.source, link.target
        direction = -1 if rtl else 1
        lines.append((link.kind, source.x + direction * NODE_WIDTH / 2, source.y, target.x - direction * NODE_WIDTH / 2, target.y))
    headings = [(WIDTH - centre if rtl else centre, kind) for kind, centre in COLUMN_CENTRES.items()]
    return Diagram(WIDTH, int(height), network.nodes, lines, rtl, headings)
