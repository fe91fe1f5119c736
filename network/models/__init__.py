"""The network's pages: committees, news, events and the "who works with whom" page."""

from .committees import CommitteeDocument, CommitteeMember, CommitteePage
from .events import EventIndexPage, EventLanguage, EventPage
from .network_page import NetworkPage
from .news import NewsIndexPage, NewsPage

__all__ = [
    "CommitteeDocument", "CommitteeMember", "CommitteePage", "EventIndexPage", "EventLanguage", "EventPage",
    "NetworkPage", "NewsIndexPage", "NewsPage",
]
