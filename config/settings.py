"""Casebook settings, configured by environment variables.

Local use needs none of them: SQLite in the project folder and DEBUG on. Setting CASEBOOK_ENV=production
turns DEBUG off and refuses to start without a real SECRET_KEY and ALLOWED_HOSTS; any CASEBOOK_ENV other
than development or production (ignoring case and surrounding spaces) refuses to start.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_environment(name: str = "CASEBOOK_ENV") -> str:
    """development (the default, also when empty) or production, read without case or surrounding spaces.
    Anything else is refused: a mistyped production setting must not start a server in development mode."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower() or "development"
    if value not in {"development", "production"}:
        raise ImproperlyConfigured(f"{name} must be development or production, not {raw!r}.")
    return value


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


LOCKOUT_PARAMETERS = {"username", "ip_address"}


def env_lockout_parameters(name: str, default: str) -> list[str | list[str]]:
    """Lockout rules for django-axes: comma-separated, each rule a name or names joined by "+".
    "username,ip_address" counts failures per user name and, separately, per client address;
    "username+ip_address" counts them per pair."""
    rules: list[str | list[str]] = []
    for item in (os.environ.get(name) or default).split(","):
        parts = [part.strip() for part in item.split("+") if part.strip()]
        if not parts:
            continue
        unknown = sorted(set(parts) - LOCKOUT_PARAMETERS)
        if unknown:
            raise ImproperlyConfigured(f"{name}: unknown {', '.join(unknown)}; use username and ip_address.")
        rules.append(parts[0] if len(parts) == 1 else parts)
    if not rules:
        raise ImproperlyConfigured(f"{name} must name at least one rule, e.g. {default!r}.")
    return rules


PRODUCTION = env_environment() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

_DEV_SECRET_KEY = "insecure-local-development-key-not-for-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ([] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])

if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Production needs SECRET_KEY: a random string of at least 32 characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS: a comma-separated list of host names.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    # Behind a TLS proxy (the README's deployment): HTTPS only, HSTS, and the proxy's word on the scheme.
    SECURE_SSL_REDIRECT = env_bool("CASEBOOK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CASEBOOK_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CASEBOOK_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("CASEBOOK_HSTS_PRELOAD", False)
    if env_bool("CASEBOOK_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and orchestrators ask for /healthz and /readyz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "nested_admin",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "cases",
]

MIDDLEWARE = [
    "cases.ops.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (the admin's, the API docs') straight from the app server, compressed, with hashed names.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cases.api.middleware.RefuseUnstorableTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout that no login view reported into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'casebook.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a load runs; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out user name or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Outside production WhiteNoise serves from the apps' static folders as they change (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ISO 3166-3 codes for states that no longer exist but appear in older cases.
COUNTRIES_OVERRIDE = {
    "SUHH": "Soviet Union",
    "DDDE": "East Germany",
    "YUCS": "Yugoslavia",
    "CSHH": "Czechoslovakia",
}

# ---------------------------------------------------------------------------------------------- API

# Anonymous reading of published records is off unless a deployment publishes openly.
CASEBOOK_API_ANONYMOUS_READ = env_bool("CASEBOOK_API_ANONYMOUS_READ", False)
# Let synthetic published cases count as public (for benchmark deployments only).
CASEBOOK_SYNTHETIC_PUBLIC = env_bool("CASEBOOK_SYNTHETIC_PUBLIC", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cases.api.permissions.CasebookPermission"],
    "DEFAULT_FILTER_BACKENDS": ["cases.api.filters.StrictFilterBackend", "cases.api.filters.OrderingFilter"],
    "DEFAULT_PARSER_CLASSES": [
        "cases.api.parsers.JSONParser",
        "cases.api.parsers.FormParser",
        "cases.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "cases.api.pagination.CasebookPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("CASEBOOK_THROTTLE_ANON") or "120/minute",
        "user": os.environ.get("CASEBOOK_THROTTLE_USER") or "6000/minute",
        # Password attempts on /api/v1/auth/token/, per client address.
        "login": os.environ.get("CASEBOOK_THROTTLE_LOGIN") or "10/minute",
    },
    # Proxies in front of the server whose X-Forwarded-For is trusted. With none, a client's address is
    # REMOTE_ADDR: a header the client writes itself must not pick its throttle bucket.
    "NUM_PROXIES": env_int("CASEBOOK_PROXY_COUNT", 0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cases.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Casebook API",
    "DESCRIPTION": "Published US insider-threat and espionage cases: sentences, statistics and exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cases.api.schema.describe_filter_parameters",
        "cases.api.schema.describe_generic_properties",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "cases.filtersets.COUNTRY_CHOICES",
        "DatePrecisionEnum": "cases.choices.DatePrecision",
        "DefendantDispositionEnum": "cases.choices.DefendantDisposition",
        "ChargeDispositionEnum": "cases.choices.ChargeDisposition",
        "FactBasisEnum": "cases.choices.FactBasis",
        "PublisherEnum": "cases.choices.Publisher",
        "SentenceKindEnum": "cases.choices.SentenceKind",
        "CaseEventKindEnum": "cases.choices.CaseEventKind",
        "OrganizationKindEnum": "cases.choices.OrganizationKind",
        "AgencyKindEnum": "cases.choices.AgencyKind",
        "DefendantKindEnum": "cases.choices.DefendantKind",
        "SentenceStateEnum": "cases.choices.SentenceState",
        "CourtKindEnum": "cases.choices.CourtKind",
        "StatuteJurisdictionEnum": "cases.choices.StatuteJurisdiction",
    },
}

# Change reasons (review comments, correction reasons) are kept whole in the history, however long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# ------------------------------------------------------------------------------------- cache, logins

# Throttle counters (and every other cache use) must be shared by all worker processes: Redis where
# REDIS_URL is set, else a table in the database (created by `migrate`).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "casebook",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "casebook_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Login lockout (django-axes) for the admin login and the API token endpoint. Failures are recorded in the
# database, so every worker process sees them. Unlock: `manage.py axes_reset_username NAME`,
# `manage.py axes_reset_ip ADDRESS`, or delete the attempt under Axes -> Access attempts in the admin.
AXES_FAILURE_LIMIT = env_int("CASEBOOK_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CASEBOOK_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = env_lockout_parameters("CASEBOOK_LOGIN_LOCKOUT_BY", "username,ip_address")
# Every attempt during a lockout counts and starts the cool-off again (the API's Retry-After relies on it).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_CLIENT_IP_CALLABLE = "cases.logins.client_address"
AXES_LOCKOUT_CALLABLE = "cases.logins.lockout_response"
AXES_VERBOSE = False  # no banner on every manage.py command; failures and lockouts are still logged


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One JSON line per request: on in production, on elsewhere with CASEBOOK_REQUEST_LOG=true.
        "casebook.requests": {
            "handlers": ["requests"],
            "level": "INFO" if env_bool("CASEBOOK_REQUEST_LOG", PRODUCTION) else "WARNING",
            "propagate": False,
        },
    },
}
