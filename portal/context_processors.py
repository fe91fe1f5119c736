"""Template context every page needs: language direction, switcher and site-wide links."""

from django.conf import settings
from django.utils import translation

from portal.languages import native_name


def portal(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIRECTION": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
        "PORTAL_LANGUAGES": [(code, native_name(code)) for code, _name in settings.LANGUAGES],
        "CURRENT_LANGUAGE": language,
    }
