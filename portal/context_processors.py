"""Template context every page needs: language direction, switcher and site-wide links."""

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from portal import fragments
from portal.languages import native_name
from portal.page_cache import request_generation


def portal(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIRECTION": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
        "PORTAL_LANGUAGES": [(code, native_name(code)) for code, _name in settings.LANGUAGES],
        "CURRENT_LANGUAGE": language,
        # For `{% cache FRAGMENT_CACHE_SECONDS name CURRENT_LANGUAGE CONTENT_GENERATION %}` (portal/fragments.py)
        "FRAGMENT_CACHE_SECONDS": fragments.seconds(),
        "CONTENT_GENERATION": SimpleLazyObject(lambda: request_generation(request)),
    }
