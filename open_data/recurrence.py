"""HSDS schedules in a reader's words: "every 2 weeks on Monday and Wednesday, 09:00–12:00,
1 March – 30 June 2027", "monthly on the first Tuesday", "monthly on day 1 and 15".

The directory's opening hours hold plain weekly slots; every other recurrence an import met
(monthly, every n weeks, dated, limited) is kept with the imported document
(open_data.keeping) and shown on the offer page through `offer_schedules`. Day and month names,
dates, times and lists come from Babel (CLDR) in the reader's language; the sentences are gettext
templates with placeholders. `wkst` (the week start) changes no date a reader meets and is not
spelled out; `timezone` is Cologne's.
"""

import datetime
import re

from babel.dates import format_date, format_interval, format_time, get_day_names
from babel.lists import format_list
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from open_data.models import ImportedDocument
from open_data.offer_facts import iso_date

HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# What makes a weekly schedule more than the opening-hours table can show.
SPECIAL = ("bymonthday", "byyearday", "byweekno", "count", "until", "valid_from", "valid_to")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
LIST_SEPARATORS = {"ar": "، ", "fa": "، "}
# freq → (every one, every n: singular and plural form); the catalogues translate these msgids.
EVERY = {
    "DAILY": ("daily", "every %(count)s day", "every %(count)s days"),
    "WEEKLY": ("weekly", "every %(count)s week", "every %(count)s weeks"),
    "MONTHLY": ("monthly", "every %(count)s month", "every %(count)s months"),
    "YEARLY": ("yearly", "every %(count)s year", "every %(count)s years"),
}


def _ordinal_weekday(position, weekday):
    """"the first Tuesday" … "the last Tuesday" of a month, None for a position HSDS cannot mean."""
    phrases = {
        1: _("the first %(weekday)s of the month"),
        2: _("the second %(weekday)s of the month"),
        3: _("the third %(weekday)s of the month"),
        4: _("the fourth %(weekday)s of the month"),
        5: _("the fifth %(weekday)s of the month"),
        -1: _("the last %(weekday)s of the month"),
    }
    phrase = phrases.get(position)
    return phrase % {"weekday": weekday} if phrase else None


def _language():
    return translation.get_language() or "de"


def _babel_locale(language):
    return language.replace("-", "_")


def _day_names(language):
    names = get_day_names("wide", locale=_babel_locale(language))
    return {code: names[index] for index, code in enumerate(HSDS_DAYS)}


def _listed(items, language):
    return format_list([str(item) for item in items], locale=_babel_locale(language))


def _numbers(text):
    """[1, 15] from "1,15"; None where a part is no whole number."""
    try:
        return [int(part) for part in str(text).split(",") if part.strip()]
    except ValueError:
        return None


def _time(text):
    try:
        return datetime.time.fromisoformat(str(text)[:8])
    except ValueError:
        return None


def _interval(schedule):
    value = schedule.get("interval")
    return value if isinstance(value, int) and value > 0 else 1


def is_plain_weekly(schedule) -> bool:
    """A schedule the directory holds as weekly opening slots (no words needed beyond the table)."""
    return (
        (schedule.get("freq") or "WEEKLY") == "WEEKLY"
        and _interval(schedule) == 1
        and not any(schedule.get(name) not in (None, "") for name in (*SPECIAL, "dtstart"))
    )


def is_start_date(schedule) -> bool:
    """A one-time dated schedule without hours: a course's start date (shown as such)."""
    return schedule.get("count") == 1 and bool(schedule.get("dtstart")) and not schedule.get("opens_at") and not schedule.get("byday")


def _weekdays(schedule, language):
    """(plain weekday names, ordinal phrases) of `byday`; None where a part is not a weekday."""
    names = _day_names(language)
    plain, ordinal = [], []
    for part in str(schedule.get("byday") or "").split(","):
        part = part.strip().upper()
        if not part:
            continue
        match = _BYDAY.match(part)
        if not match:
            return None
        position, day = match.groups()
        if position:
            phrase = _ordinal_weekday(int(position), names[day])
            if phrase is None:
                return None
            ordinal.append(phrase)
        else:
            plain.append(names[day])
    return plain, ordinal


def _month_days(schedule, language):
    days = _numbers(schedule.get("bymonthday") or "")
    if not days or any(day == 0 or not -31 <= day <= 31 for day in days):
        return None
    if any(day < -1 for day in days):
        return None  # "the 2nd-last day" is rare enough to leave to the producer's description
    if days == [-1]:
        return _("on the last day of the month")
    shown = [str(day) for day in days if day > 0] + ([_("the last day")] if -1 in days else [])
    return ngettext(
        "on day %(days)s of the month", "on days %(days)s of the month", len(days)
    ) % {"days": _listed(shown, language)}


def _rule(schedule, language):
    """The recurrence part ("monthly on the first Tuesday"), or None where it cannot be said."""
    freq = (schedule.get("freq") or "WEEKLY").upper()
    every = _interval(schedule)
    days = _weekdays(schedule, language)
    if days is None:
        return None
    plain, ordinal = days
    parts = []
    if ordinal and freq != "MONTHLY":
        return None  # "the first Tuesday" of a week or year: not what HSDS producers mean
    if freq == "WEEKLY" and plain:
        parts.append(_("weekly on %(days)s") % {"days": _listed(plain, language)} if every == 1 else ngettext(
            "every %(count)s week on %(days)s", "every %(count)s weeks on %(days)s", every
        ) % {"count": every, "days": _listed(plain, language)})
    elif freq in EVERY:
        once, many, plural = EVERY[freq]
        parts.append(_(once) if every == 1 else ngettext(many, plural, every) % {"count": every})
    else:
        return None
    if freq == "MONTHLY" and ordinal:
        parts.append(_("on %(days)s") % {"days": _listed(ordinal, language)})
    if freq != "WEEKLY" and plain:
        parts.append(_("every %(days)s") % {"days": _listed(plain, language)})
    if schedule.get("bymonthday") not in (None, ""):
        month_days = _month_days(schedule, language)
        if month_days is None:
            return None
        parts.append(month_days)
    for name, singular, plural in (
        ("byweekno", "in week %(numbers)s of the year", "in weeks %(numbers)s of the year"),
        ("byyearday", "on day %(numbers)s of the year", "on days %(numbers)s of the year"),
    ):
        if schedule.get(name) not in (None, ""):
            numbers = _numbers(schedule[name])
            if not numbers:
                return None
            parts.append(ngettext(singular, plural, len(numbers)) % {"numbers": _listed(numbers, language)})
    return parts


def _hours(schedule, language):
    opens, closes = _time(schedule.get("opens_at") or ""), _time(schedule.get("closes_at") or "")
    locale = _babel_locale(language)
    if opens and closes:
        return _("%(opens)s–%(closes)s") % {
            "opens": format_time(opens, "short", locale=locale), "closes": format_time(closes, "short", locale=locale)}
    if opens:
        return _("from %(time)s") % {"time": format_time(opens, "short", locale=locale)}
    return None


def _period(schedule, language, today):
    """When the rule applies: its validity, its end (`until`, `count`), a start still ahead."""
    locale = _babel_locale(language)
    start = iso_date(schedule.get("valid_from") or "")
    if start is None:
        start = iso_date(schedule.get("dtstart") or "")
        start = start if start and start > today else None
    end = iso_date(schedule.get("valid_to") or "")
    until = iso_date(schedule.get("until") or "")
    end = min(day for day in (end, until) if day) if (end or until) else None
    parts = []
    if start and end and start <= end:
        parts.append(format_interval(start, end, "yMMMd", locale=locale))
    elif start:
        parts.append(_("from %(date)s") % {"date": format_date(start, "long", locale=locale)})
    elif end:
        parts.append(_("until %(date)s") % {"date": format_date(end, "long", locale=locale)})
    count = schedule.get("count")
    if isinstance(count, int) and count > 1:
        parts.append(ngettext("%(count)s time in all", "%(count)s times in all", count) % {"count": count})
    return parts


def describe(schedule: dict, language: str | None = None, today: datetime.date | None = None) -> str | None:
    """One HSDS schedule as a sentence in `language` (default: the active one), or None where
    its rule cannot be put into words (a malformed or exotic rule: the page then says nothing
    rather than something wrong)."""
    language = language or _language()
    today = today or timezone.localdate()
    with translation.override(language):
        rule = _rule(schedule, language)
        if rule is None:
            return None
        parts = [*rule]
        hours = _hours(schedule, language)
        if hours:
            parts.append(hours)
        parts += _period(schedule, language, today)
        text = LIST_SEPARATORS.get(language, ", ").join(parts)
    return text[:1].upper() + text[1:]


def needs_words(schedule) -> bool:
    """A schedule the weekly table does not show and that is not a start date."""
    return isinstance(schedule, dict) and not is_plain_weekly(schedule) and not is_start_date(schedule)


def schedules_of(document) -> list[dict]:
    """The schedules of an imported service document: its own and those of its places."""
    found = list(document.get("schedules") or [])
    for link in document.get("service_at_locations") or []:
        if isinstance(link, dict):
            found += link.get("schedules") or []
            found += (link.get("location") or {}).get("schedules") or []
    seen, unique = set(), []
    for schedule in found:
        key = schedule.get("id") if isinstance(schedule, dict) else None
        if key and key in seen:
            continue
        seen.add(key)
        unique.append(schedule)
    return unique


def offer_schedules(offer, language=None, today=None) -> list[str]:
    """The sentences for an offer's imported recurrences the opening-hours table cannot show
    (the import in the reader's language, else the German one)."""
    language = language or _language()
    rows = {
        row.language: row.original
        for row in ImportedDocument.objects.filter(kind="service", hsds_id=offer.hsds_id, language__in=[language, "de"])
    }
    document = rows.get(language) or rows.get("de")
    if not isinstance(document, dict):
        return []
    sentences = []
    for schedule in schedules_of(document):
        if needs_words(schedule):
            sentence = describe(schedule, language, today)
            if sentence and sentence not in sentences:
                sentences.append(sentence)
    return sentences
