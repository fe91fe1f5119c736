"""Builders for collection pages (below the home page, published like editors publish)."""

from django.utils import translation
from wagtail.models import Page

from curation.models import CollectionPage
from portal.models import HomePage


def make_collection(title="Wohnen in Kalk", criteria=None, exposed=(), publish=True, parent=None, **fields):
    parent = Page.objects.get(pk=(parent or HomePage.objects.get()).pk)
    with translation.override("de"):
        page = CollectionPage(
            title=title, title_de=title, slug=fields.pop("slug", None) or title.lower().replace(" ", "-"),
            criteria=criteria or {}, exposed_facets=list(exposed), **fields,
        )
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
    return CollectionPage.objects.get(pk=page.pk)
