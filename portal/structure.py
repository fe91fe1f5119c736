"""The portal's fixed page structure: site, home, directory and the pages the law requires.

Created by `setup_portal` (never by data migrations: wagtail-modeltranslation adds the page
translation columns after migrations, so pages made there would lack them).
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page, Site

from portal.models import ContentPage, HomePage, PortalSettings
from services_directory.models import DirectoryIndexPage

HOME_TITLES = {
    "de": "Angebote für Menschen mit internationaler Familiengeschichte in Köln",
    "en": "Support offers for people with an international family history in Cologne",
    "ar": "عروض الدعم للأشخاص ذوي التاريخ العائلي الدولي في كولونيا",
    "fa": "خدمات حمایتی برای افراد با پیشینه خانوادگی بین‌المللی در کلن",
    "tr": "Köln'de uluslararası aile geçmişine sahip kişiler için destek hizmetleri",
    "uk": "Пропозиції підтримки для людей з міжнародною сімейною історією в Кельні",
    "ru": "Предложения поддержки для людей с международной семейной историей в Кёльне",
    "ro": "Oferte de sprijin pentru persoane cu istorie familială internațională în Köln",
    "bg": "Предложения за подкрепа за хора с международна семейна история в Кьолн",
    "pl": "Oferty wsparcia dla osób z międzynarodową historią rodzinną w Kolonii",
}

DIRECTORY_TITLES = {
    "de": "Angebote und Träger", "en": "Offers and providers", "ar": "العروض والجهات المقدمة",
    "fa": "خدمات و ارائه‌دهندگان", "tr": "Hizmetler ve kurumlar", "uk": "Пропозиції та організації",
    "ru": "Предложения и организации", "ro": "Oferte și furnizori", "bg": "Предложения и доставчици",
    "pl": "Oferty i organizacje",
}

# (settings field, German slug, English slug, titles)
REQUIRED_PAGES = [
    ("imprint_page", "impressum", "imprint", {
        "de": "Impressum", "en": "Imprint", "ar": "بيانات الناشر", "fa": "اطلاعات ناشر", "tr": "Künye",
        "uk": "Вихідні дані", "ru": "Выходные данные", "ro": "Date de identificare", "bg": "Импресум",
        "pl": "Nota prawna"}),
    ("privacy_page", "datenschutz", "privacy", {
        "de": "Datenschutzerklärung", "en": "Privacy policy", "ar": "سياسة الخصوصية", "fa": "سیاست حفظ حریم خصوصی",
        "tr": "Gizlilik politikası", "uk": "Політика конфіденційності", "ru": "Политика конфиденциальности",
        "ro": "Politica de confidențialitate", "bg": "Политика за поверителност", "pl": "Polityka prywatności"}),
    ("accessibility_page", "barrierefreiheit", "accessibility", {
        "de": "Erklärung zur Barrierefreiheit", "en": "Accessibility statement", "ar": "بيان إمكانية الوصول",
        "fa": "بیانیه دسترسی‌پذیری", "tr": "Erişilebilirlik beyanı", "uk": "Заява про доступність",
        "ru": "Заявление о доступности", "ro": "Declarație de accesibilitate", "bg": "Декларация за достъпност",
        "pl": "Deklaracja dostępności"}),
    ("easy_language_page", "leichte-sprache", "easy-language", {
        "de": "Leichte Sprache", "en": "Easy language (German)", "ar": "لغة مبسطة (بالألمانية)",
        "fa": "زبان ساده (آلمانی)", "tr": "Kolay dil (Almanca)", "uk": "Проста мова (німецькою)",
        "ru": "Простой язык (на немецком)", "ro": "Limbaj simplu (în germană)", "bg": "Лесен език (на немски)",
        "pl": "Język łatwy (po niemiecku)"}),
    ("sign_language_page", "gebaerdensprache", "sign-language", {
        "de": "Gebärdensprache", "en": "Sign language", "ar": "لغة الإشارة", "fa": "زبان اشاره",
        "tr": "İşaret dili", "uk": "Жестова мова", "ru": "Жестовый язык", "ro": "Limbajul semnelor",
        "bg": "Жестов език", "pl": "Język migowy"}),
]


def _titles(titles):
    return {f"title_{code}": title for code, title in titles.items()}


def _ensure_child(parent, model, slug_de, slug_en, titles, created_list, **fields):
    existing = model.objects.child_of(parent).filter(slug_de=slug_de).first()
    if existing:
        return existing
    page = model(title=titles["de"], slug=slug_de, slug_de=slug_de, slug_en=slug_en, **_titles(titles), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    created_list.append(page)
    return page


@transaction.atomic
def ensure_structure():
    """Create what is missing; return the list of pages created (empty when all exist)."""
    created = []
    # One page tree with translated fields: Wagtail's own locale is just the default language.
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    with translation.override("de"):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node() or Page.add_root(
                instance=Page(title="Root", title_de="Root", slug="root", slug_de="root")
            )
            home = HomePage(title=HOME_TITLES["de"], slug="start", slug_de="start", slug_en="start", **_titles(HOME_TITLES))
            root.add_child(instance=home)
            home.save_revision().publish()
            created.append(home)
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="KIM Köln")
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = site.site_name or "KIM Köln"
            site.save()
            # Wagtail's "Welcome to your new Wagtail site!" placeholder goes once nothing points to it.
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()

        _ensure_child(home, DirectoryIndexPage, "angebote", "offers", DIRECTORY_TITLES, created, show_in_menus=True)
        portal_settings = PortalSettings.for_site(site)
        changed = False
        for field, slug_de, slug_en, titles in REQUIRED_PAGES:
            page = _ensure_child(home, ContentPage, slug_de, slug_en, titles, created)
            if getattr(portal_settings, f"{field}_id") is None:
                setattr(portal_settings, field, page)
                changed = True
        if changed:
            portal_settings.save()
    return created
