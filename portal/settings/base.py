"""Settings for every environment, driven by environment variables (see README "Configuration").

A bad or missing variable ends start-up with one line naming it (`ConfigError` -> SystemExit).
"""

import sys
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE

from portal import env
from portal.languages import native_name, portal_language_codes, rtl_language_codes

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

try:
    DEBUG = env.get_bool("DEBUG", False)
    SECRET_KEY = env.get_str("SECRET_KEY", required=not DEBUG) or "dev-only-insecure-key-do-not-use"
    if not DEBUG:
        env.check_secret_key("SECRET_KEY", SECRET_KEY)
    ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
    if not DEBUG and not ALLOWED_HOSTS:
        raise env.ConfigError("ALLOWED_HOSTS", "is required when DEBUG is off (comma-separated host names)")
    DATABASES = {"default": env.get_database("DATABASE_URL", VAR_DIR / "db.sqlite3")}
    ELASTICSEARCH_URL = env.get_url("ELASTICSEARCH_URL")
    ELASTICSEARCH_INDEX_PREFIX = env.get_str("ELASTICSEARCH_INDEX_PREFIX", "kim")
    # The embedded search engine (search.service.database_backend): "sql" or "memory".
    SEARCH_ENGINE = env.get_str("SEARCH_ENGINE", "memory")
    if SEARCH_ENGINE not in ("sql", "memory"):
        raise env.ConfigError("SEARCH_ENGINE", "must be sql or memory")
    SEARCH_LOG_RETENTION_MONTHS = env.get_int("SEARCH_LOG_RETENTION_MONTHS", 18)  # prune_search_log
    MEDIA_ROOT = env.get_str("MEDIA_ROOT", str(VAR_DIR / "media"))
    STATIC_ROOT = env.get_str("STATIC_ROOT", str(VAR_DIR / "static"))
    # No default in production: mails and the admin must not point readers at localhost.
    PORTAL_BASE_URL = env.get_url("PORTAL_BASE_URL") or ("http://127.0.0.1:8000" if DEBUG else None)
    if not PORTAL_BASE_URL:
        raise env.ConfigError("PORTAL_BASE_URL", "is required when DEBUG is off (e.g. https://kim.example.org)")
    CACHES = {
        "default": env.get_cache("CACHE_URL"),
        # Whole pages for anonymous readers (portal/page_cache.py); its own table or Redis keys, so
        # pages never push rate-limit counters out of the default cache.
        "pages": env.get_cache("PAGE_CACHE_URL", "db://kim_page_cache", max_entries=env.get_int("PAGE_CACHE_MAX_ENTRIES", 5000)),
        # Pieces of pages that rarely change (navigation, footer, vocabulary links; portal/fragments.py)
        # in each process's memory: their keys carry the content generation from the default cache,
        # so a publish makes them stale in every worker at once, and a hit costs no query.
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kim-fragments",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
    # 0 turns the page cache off; off by default in development (`make run`), where templates change.
    PAGE_CACHE_SECONDS = env.get_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
    FRAGMENT_CACHE_SECONDS = env.get_int("FRAGMENT_CACHE_SECONDS", 0 if DEBUG else 3600)  # 0: off
    REQUEST_LOG = env.get_bool("REQUEST_LOG", not DEBUG)  # JSON lines per request (portal/request_log.py)
    TRUSTED_PROXIES = env.get_networks("TRUSTED_PROXIES")
    EMAIL_BACKEND = env.get_email_backend("EMAIL_BACKEND", "console" if DEBUG else "smtp")
    EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
    DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "kim-portal@localhost")
    SECURE_COOKIES = env.get_bool("SECURE_COOKIES", not DEBUG)
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", not DEBUG)
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
except env.ConfigError as error:
    sys.exit(str(error))

INSTALLED_APPS = [
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "portal",
    "services_directory",
    "search",
    "open_data",
    "carriers",
    "referrals",
    "curation",
    "steering",
    "network",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "portal.request_log.RequestLogMiddleware",  # first: times everything, sees the cache outcome
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page cache stores what GZip and ConditionalGet made (compressed, with an ETag) and
    # answers hits at FetchPageCacheMiddleware, once the language is known (portal/page_cache.py).
    "portal.page_cache.UpdatePageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.page_cache.FetchPageCacheMiddleware",
    "portal.page_tree.CachedSiteMiddleware",  # on a miss: the site and its root page from memory
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it answers for locked-out logins
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out clients before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% referral_button offer %} on offer pages without services_directory importing referrals.
            "builtins": ["referrals.templatetags.referral_tags"],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the portal languages of the shared vocabulary, German first and default.
LANGUAGE_CODE = "de"
LANGUAGES = [(code, native_name(code)) for code in portal_language_codes()]
RTL_LANGUAGES = rtl_language_codes()
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_COOKIE_NAME = "kim_language"  # never set by us: the URL carries the language

MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WAGTAIL_SITE_NAME = "KIM Köln"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAIL_I18N_ENABLED = False  # one page tree with translated fields (wagtail-modeltranslation)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.admin_search"}}  # modelsearch db, cheaper writes
# Wagtail's upkeep tasks (admin search index, reference index) run after the commit, not inside
# the editor's transaction (portal/tasks.py: concurrent publishes deadlocked in Wagtail's index).
TASKS = {"default": {"BACKEND": "portal.tasks.AfterCommitBackend"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES  # the admin speaks the portal's ten languages (steering reports in ar, fa …)
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "csv", "txt", "vtt"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No third-party requests unless an operator configures them: Wagtail's own update checks and
# avatars stay off.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USAGE_COUNT_ENABLED = True

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Wagtail's live preview shows our own pages in a same-origin frame, so SAMEORIGIN, not DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"

# Content-Security-Policy (django-csp, portal.middleware): our own origin only, no inline script or
# style. JSON-LD (<script type="application/ld+json">) is data, never executed, so the policy does
# not apply to it and it needs no nonce; without nonces, pages stay cacheable.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # Wagtail's preview frames our pages from the admin
    }
}
# Wagtail's admin (and wagtail-modeltranslation's editor buttons) use inline scripts and styles, so
# /admin/ may run them, but still loads nothing from other origins. Logged-in staff only.
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
    }
}

# Rate limits (portal.limits): per client and for all clients together, in the shared cache.
PORTAL_RATE_LIMITS = {
    "problem_report": ("5/h", "100/h"),
    "barrier_report": ("5/h", "100/h"),
    "password_reset": ("5/h", "50/h"),
    # A printed referral list draws up to 30 QR codes (about a second of a worker): generous for an
    # office of case managers behind one address, a ceiling for a script.
    "referral_print": ("120/h", "3000/h"),
}
RATELIMIT_USE_CACHE = "default"

# The full-page cache (portal/page_cache.py): never for these paths (not public pages, or answers
# that must be current: health, admin; the HSDS API keeps its own listing cache, open_data/).
PAGE_CACHE_EXCLUDE = ["/admin/", "/healthz", "/readyz", "/api/hsds/", "/documents/", "/static/", "/media/"]
# Writes that change nothing a reader sees; every other committed model write bumps the page
# cache generation (portal/signals.py).
PAGE_CACHE_IGNORE_MODELS = [
    "sessions.*", "axes.*", "admin.*", "contenttypes.*", "auth.permission",
    "kim_search.searchlogentry", "kim_search.pendingindexupdate",
    "wagtailcore.pagelogentry", "wagtailcore.modellogentry", "wagtailcore.workflowstate",
    "wagtailcore.taskstate", "wagtailcore.pagesubscription", "wagtailcore.comment",
    "wagtailcore.commentreply", "wagtailadmin.*", "wagtailusers.*", "wagtailsearch.*",
]

# Login throttling (django-axes): 10 wrong passwords for one account or from one client lock
# both signing in and the password reset for 30 minutes. Failures are kept in the database.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.limits.client_address"
AXES_LOCKOUT_CALLABLE = "portal.limits.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no log of successful logins: failures are all we need
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "message": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # JSON lines on standard output (portal/request_log.py); REQUEST_LOG=false silences them.
        "requests": {"class": "logging.StreamHandler", "formatter": "message", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "kim": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "kim.requests": {"handlers": ["requests"], "level": "INFO" if REQUEST_LOG else "WARNING", "propagate": False},
    },
}
