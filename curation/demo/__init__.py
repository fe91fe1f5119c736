"""Demo landing pages: one collection page per KIM target group and per Stadtbezirk.

Texts in all ten portal languages come from `landing_pages.json`; titles of target group pages
are the vocabulary's labels. Idempotent: an existing landing page (found by its term) only gets
its still empty fields filled, so editors' changes stay.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Site

from curation.models import CollectionPage
from services_directory.models import Term
from services_directory.models.vocabulary import TARGET_GROUP

DATA = Path(__file__).with_name("landing_pages.json")
KIM_TARGET_GROUPS = (
    "unionsbuerger-18-27", "migrierte-18-27", "haushaltsangehoerige",
    "alleinerziehende", "behinderung-18-27", "lsbtiq-18-27",
)
TARGET_GROUP_FILTERS = ["field_of_action", "district", "language"]
DISTRICT_FILTERS = ["field_of_action", "target_group", "language"]


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _name(term, language):
    return getattr(term, f"name_{language}", None) or term.name_de or term.name


def _slug(title):
    return slugify(title.replace("–", "-"))  # "18–27" stays "18-27"


def _paragraph(text):
    return f"<p>{text}</p>"


def _target_group_page(term, data):
    titles = {language: _name(term, language) for language in _languages()}
    intros = {language: _paragraph(text) for language, text in data["target_groups"][term.code].items()}
    criteria = {"filters": {"target_group": [term.code]}, "sort": "name"}
    return titles, intros, criteria, TARGET_GROUP_FILTERS


def _district_page(bezirk, data):
    teile = list(Term.objects.filter(parent=bezirk).order_by("sort_order", "code"))
    titles, intros = {}, {}
    for language in _languages():
        name = _name(bezirk, language)
        titles[language] = data["district_title"][language].format(bezirk=name)
        stadtteile = ", ".join(_name(teil, language) for teil in teile) or name
        intros[language] = _paragraph(data["district_intro"][language].format(bezirk=name, stadtteile=stadtteile))
    criteria = {"filters": {"district": [bezirk.code]}, "sort": "name"}
    return titles, intros, criteria, DISTRICT_FILTERS


def _fill(page, field, values):
    changed = False
    for language, value in values.items():
        if not (getattr(page, f"{field}_{language}", None) or "").strip():
            setattr(page, f"{field}_{language}", value)
            changed = True
    return changed


@transaction.atomic
def load(stdout):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    help_texts = {language: _paragraph(text) for language, text in data["personal_help"].items()}
    terms = [(term, _target_group_page) for term in Term.objects.of(TARGET_GROUP).filter(code__in=KIM_TARGET_GROUPS)]
    terms += [(term, _district_page) for term in Term.objects.stadtbezirke().order_by("sort_order", "code")]
    created = updated = unchanged = 0
    with translation.override("de"):
        home = Site.objects.get(is_default_site=True).root_page  # the home page
        for term, build in terms:
            titles, intros, criteria, exposed = build(term, data)
            page = CollectionPage.objects.filter(landing_term=term).first()
            if page is None:
                page = CollectionPage(
                    title=titles["de"], slug=_slug(titles["de"]), slug_de=_slug(titles["de"]),
                    slug_en=_slug(titles["en"]), criteria=criteria, exposed_facets=exposed, landing_term=term,
                    **{f"title_{language}": title for language, title in titles.items()},
                )
                _fill(page, "intro", intros)
                _fill(page, "personal_help", help_texts)
                home.add_child(instance=page)
                page.save_revision().publish()
                created += 1
                continue
            changed = any([_fill(page, "title", titles), _fill(page, "intro", intros), _fill(page, "personal_help", help_texts)])
            if changed or not page.live:
                page.save_revision().publish()
                updated += 1
            else:
                unchanged += 1
    summary = f"created {created}, updated {updated}, unchanged {unchanged}"
    stdout.write(f"      landing pages: {summary}")
    return summary
