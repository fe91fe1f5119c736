"""Translation status per offer and language: missing, outdated or up to date.

A translation is *outdated* when the German text changed after the translation was saved. The
editor's "minor change" tick (typo fixes) keeps the translations current.
"""

import hashlib
import json

from django.conf import settings
from django.utils import timezone
from modeltranslation.translator import translator

from carriers.models import TranslationStatus
from services_directory.forms import MINOR_CHANGE_FIELD  # noqa: F401  (the offer form asks it)

SOURCE_LANGUAGE = "de"


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


# Translatable, but not the carrier's text to translate: who verified the offer (a name is written
# into every language when a carrier confirms the offer, carriers.freshness).
NOT_TRANSLATION_WORK = {"last_verified_by"}


def text_fields(offer_class):
    """The offer's translated text fields: its title and what modeltranslation registers."""
    registered = translator.get_options_for_model(offer_class).get_field_names()
    own = sorted(set(registered) - {"title", "slug", "url_path", "seo_title", "search_description"} - NOT_TRANSLATION_WORK)
    return ["title", *own]


def _text(value):
    if value is None:
        return ""
    return str(value).strip()


def _hash(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def texts(offer, language):
    return {name: _text(getattr(offer, f"{name}_{language}", "")) for name in text_fields(type(offer))}


def compute(source, local):
    """(status, source hash, translation hash) of one language's texts against the German texts."""
    relevant = [name for name, value in source.items() if value]
    missing = any(not local.get(name) for name in relevant)
    return (
        TranslationStatus.MISSING if missing else None,
        _hash([source[name] for name in relevant]),
        _hash([local.get(name, "") for name in relevant]),
    )


def record(offer, minor_change=False, now=None):
    """Update the stored statuses from the offer's current (draft or live) content."""
    record_all([offer], minor_change, now)


def record_all(offers, minor_change=False, now=None):
    """`record` for many offers in three statements (an import updates a hundred at a time)."""
    now = now or timezone.now()
    offers = [offer for offer in offers if offer.pk is not None]
    stored = {}
    for status in TranslationStatus.objects.filter(offer_id__in=[offer.pk for offer in offers]):
        stored.setdefault(status.offer_id, {})[status.language] = status
    new, updated, fields = [], [], {"updated_at"}
    for offer in offers:
        _compare(offer, stored.get(offer.pk, {}), minor_change, now, new, updated, fields)
    TranslationStatus.objects.bulk_create(new)
    if updated:
        TranslationStatus.objects.bulk_update(updated, sorted(fields))


def _compare(offer, existing, minor_change, now, new, updated, fields):
    """One offer's statuses against `existing` ({language: status}): missing ones into `new`,
    changed ones into `updated` (their changed columns into `fields`)."""
    source = texts(offer, SOURCE_LANGUAGE)
    for language in target_languages():
        missing, source_hash, translation_hash = compute(source, texts(offer, language))
        status = existing.get(language)
        if status is None:
            status = TranslationStatus(
                offer_id=offer.pk, language=language, source_hash=source_hash,
                translation_hash=translation_hash, translated_at=now,
            )
            status.status = missing or TranslationStatus.CURRENT
            new.append(status)
            continue
        changed = []
        if status.translation_hash != translation_hash:
            # The translation was edited: it is now made from the current German text.
            status.translation_hash = translation_hash
            status.source_hash = source_hash
            status.translated_at = now
            changed += ["translation_hash", "source_hash", "translated_at"]
        elif status.source_hash != source_hash:
            if minor_change:
                status.source_hash = source_hash
                changed.append("source_hash")
            elif status.status != TranslationStatus.OUTDATED:
                status.source_changed_at = now
                changed.append("source_changed_at")
        new_status = missing or (
            TranslationStatus.CURRENT if status.source_hash == source_hash else TranslationStatus.OUTDATED
        )
        if new_status != status.status:
            status.status = new_status
            changed.append("status")
        if changed:
            status.updated_at = now
            updated.append(status)
            fields.update(changed)


def statuses_for(offer):
    """{language: TranslationStatus} for one offer, computing them if never recorded."""
    found = {status.language: status for status in TranslationStatus.objects.filter(offer_id=offer.pk)}
    if len(found) < len(target_languages()):
        record(offer)
        found = {status.language: status for status in TranslationStatus.objects.filter(offer_id=offer.pk)}
    return found
