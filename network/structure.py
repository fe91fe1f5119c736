"""The network's fixed pages below the home page: network (with its committees), news, events.

Created by `setup_portal` like the portal's own structure (never by data migrations: the page
translation columns are added after migrations)."""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import translation
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from carriers.roles import MODERATOR_PAGE_PERMISSIONS, moderators_group
from network.models import EventIndexPage, NetworkPage, NewsIndexPage
from portal.models import HomePage

# The moderators keep the committees' documents (minutes among them).
MODERATOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document", "delete_document")

NETWORK_TITLES = {
    "de": "Netzwerk", "en": "Network", "ar": "الشبكة", "fa": "شبکه", "tr": "Ağ", "uk": "Мережа",
    "ru": "Сеть", "ro": "Rețea", "bg": "Мрежа", "pl": "Sieć",
}
NEWS_TITLES = {
    "de": "Aktuelles", "en": "News", "ar": "الأخبار", "fa": "اخبار", "tr": "Haberler", "uk": "Новини",
    "ru": "Новости", "ro": "Noutăți", "bg": "Новини", "pl": "Aktualności",
}
EVENT_TITLES = {
    "de": "Termine", "en": "Events", "ar": "الفعاليات", "fa": "رویدادها", "tr": "Etkinlikler", "uk": "Події",
    "ru": "Мероприятия", "ro": "Evenimente", "bg": "Събития", "pl": "Wydarzenia",
}

PAGES = [
    (NetworkPage, "netzwerk", "network", NETWORK_TITLES),
    (NewsIndexPage, "aktuelles", "news", NEWS_TITLES),
    (EventIndexPage, "termine", "events", EVENT_TITLES),
]


@transaction.atomic
def ensure_network_pages():
    """Create what is missing below the home page; return the pages created."""
    home = HomePage.objects.first()
    if home is None:
        return []
    created = []
    with translation.override("de"):
        for model, slug_de, slug_en, titles in PAGES:
            if model.objects.exists():
                continue
            page = model(
                title=titles["de"], slug=slug_de, slug_de=slug_de, slug_en=slug_en, show_in_menus=True,
                **{f"title_{code}": title for code, title in titles.items()},
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            created.append(page)
    ensure_moderator_permissions()
    return created


def ensure_moderator_permissions():
    """The KIM moderators write and publish below the network, news and event pages and keep
    documents; carriers write news and events below their own provider instead."""
    moderators = moderators_group()
    page_permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=MODERATOR_PAGE_PERMISSIONS)
    for model, *_rest in PAGES:
        page = model.objects.first()
        if page is None:
            continue
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=moderators, page=Page.objects.get(pk=page.pk), permission=permission)
    root = Collection.get_first_root_node()
    if root is not None:
        for permission in Permission.objects.filter(content_type__app_label="wagtaildocs", codename__in=MODERATOR_DOCUMENT_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(group=moderators, collection=root, permission=permission)
