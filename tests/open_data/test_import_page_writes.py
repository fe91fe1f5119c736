"""An import's new page and page update write the same rows, and send the same signals, as
Wagtail's `page.save()` and `page.save(update_fields=…)` (importing.writes writes them as plain
INSERTs and UPDATEs)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation
from wagtail.models import Page

from open_data.importing import writes
from services_directory.models import OfferPage, ProviderPage
from tests.factories import make_offer, make_provider

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30))


def rows(pk):
    """The page's rows in both tables, every column as stored."""
    found = []
    with connection.cursor() as cursor:
        for meta in (Page._meta, OfferPage._meta):
            cursor.execute(f"SELECT * FROM {meta.db_table} WHERE {meta.pk.column} = %s", [pk])  # noqa: S608
            found.append(dict(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True)))
    return found


def changed_offer(pk):
    offer = OfferPage.objects.get(pk=pk)
    writes.remember_fields([offer])
    offer.title_ar = "مقهى اللغة"
    offer.summary_ar = "نتحدث الألمانية معاً"
    offer.description_ar = "<p>كل ثلاثاء</p>"
    offer.last_published_at = WHEN
    return offer


@pytest.mark.parametrize("language", ["de", "ar"])
def test_an_update_writes_the_rows_wagtails_save_writes(portal_site, language):
    provider = make_provider("Caritas Köln")
    offer = make_offer(provider, "Sprachcafé", summary="Deutsch sprechen bei Kaffee.", translations={"ar": {"title": "قديم"}})
    saved = []

    def note(sender, instance, created, update_fields, **kwargs):
        saved.append((sender, instance.pk, created, update_fields))

    post_save.connect(note, sender=OfferPage)
    try:
        with translation.override(language), transaction.atomic():
            names = None
            point = transaction.savepoint()
            ours = changed_offer(offer.pk)
            writes.update_page(ours)
            ours_rows, ours_saved = rows(offer.pk), saved[:]
            transaction.savepoint_rollback(point)
            assert rows(offer.pk) != ours_rows  # the change was written, and rolled back

            saved.clear()
            theirs = changed_offer(offer.pk)
            plain, originals = writes._updated_fields(OfferPage)
            unchanged = writes.unchanged_fields(theirs)
            names = [name for name in plain if name not in unchanged]
            names += [name for name in originals if f"{name}_{language}" in names]
            theirs.save(clean=False, update_fields=names)
            assert rows(offer.pk) == ours_rows
            assert saved == ours_saved
    finally:
        post_save.disconnect(note, sender=OfferPage)
    assert ours_rows[1]["summary_ar"] == "نتحدث الألمانية معاً"
    assert [(sender, created, sorted(fields)) for sender, _pk, created, fields in ours_saved] == [
        (OfferPage, False, sorted(names))
    ]


def test_an_update_of_a_page_deleted_meanwhile_is_refused(portal_site):
    provider = make_provider("Caritas Köln")
    with transaction.atomic():
        page = ProviderPage.objects.get(pk=provider.pk)
        writes.remember_fields([page])
        page.title_ar = "كاريتاس"
        Page.objects.filter(pk=provider.pk).delete()
        with pytest.raises(DatabaseError, match="no longer there"):
            writes.update_page(page)


def test_a_new_page_gets_the_rows_wagtails_save_writes(portal_site):
    provider = ProviderPage.objects.get(pk=make_provider("Caritas Köln").pk)
    saved = []

    def note(sender, instance, created, update_fields, **kwargs):
        saved.append((sender, created, update_fields))

    def new(number):
        page = writes.new_object(
            OfferPage, title="Sprachcafé", title_de="Sprachcafé", title_ar="مقهى اللغة", slug=f"sprachcafe-{number}",
            slug_de=f"sprachcafe-{number}", summary_de="Deutsch sprechen bei Kaffee.", description_ar="<p>كل ثلاثاء</p>",
            live=True, first_published_at=WHEN, last_published_at=WHEN, locale_id=provider.locale_id,
        )
        page.path, page.depth, page.numchild = f"{provider.path}000{number}", provider.depth + 1, 0
        return page

    post_save.connect(note, sender=OfferPage)
    try:
        with transaction.atomic(), translation.override("de"):
            ours = new(1)
            writes.insert_page(ours, provider)
            theirs = new(2)
            theirs.save(clean=False)
            ours_rows, theirs_rows = rows(ours.pk), rows(theirs.pk)
    finally:
        post_save.disconnect(note, sender=OfferPage)
    own = {"id", "page_ptr_id", "path", "translation_key", "hsds_id"}  # and the slugs and URL paths
    for mine, wagtails in zip(ours_rows, theirs_rows, strict=True):
        differing = {name for name in mine if mine[name] != wagtails[name]}
        assert {name for name in differing if not name.startswith(("slug", "url_path"))} <= own
    assert ours_rows[0]["url_path_de"] == f"{provider.url_path_de}sprachcafe-1/"
    assert ours_rows[1]["description_ar"] == "<p>كل ثلاثاء</p>"
    assert saved == [(OfferPage, True, None), (OfferPage, True, None)]
