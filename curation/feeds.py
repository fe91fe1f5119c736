"""Atom feed of a collection: its offers, newest change first, for feed readers and newsletters."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language


class CollectionFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, page):
        self.language = get_language() or "de"
        return page

    def title(self, page):
        return page.title

    def link(self, page):
        return page.url

    def subtitle(self, page):
        return strip_tags(page.intro or "").strip()

    def items(self, page):
        return page.feed_offers(self.language)

    def item_title(self, offer):
        return offer.title

    def item_description(self, offer):
        return offer.summary

    def item_link(self, offer):
        return offer.get_url()

    def item_guid(self, offer):
        return f"urn:uuid:{offer.hsds_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, offer):
        return offer.first_published_at

    def item_updateddate(self, offer):
        return offer.last_published_at
