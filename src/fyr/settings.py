"""Fyr's one settings module, configured from ``FYR_*`` environment variables only.

See the README for every variable. Defaults give a working single-machine install on SQLite;
``FYR_DATABASE_URL`` and ``FYR_REDIS_URL`` switch to PostgreSQL and Redis.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from fyr.conf import ConfigError, env, env_bool, env_float, env_int, env_list, secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("FYR_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("FYR_DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR)
BASE_URL = env("FYR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("FYR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "django_htmx",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "fyr.core",
    "fyr.accounts",
    "fyr.customers",
    "fyr.tickets",
    "fyr.mail",
    "fyr.portal",
    "fyr.calendars",
    "fyr.sla",
    "fyr.routing",
    "fyr.rules",
    "fyr.macros",
    "fyr.knowledge",
    "fyr.search",
    "fyr.bot",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fyr.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "fyr.urls"
ASGI_APPLICATION = "fyr.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fyr.core.context_processors.fyr",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_database_url = env("FYR_DATABASE_URL", f"sqlite:///{DATA_DIR / 'fyr.sqlite3'}")
try:
    _database = dj_database_url.parse(_database_url)
except ValueError as exc:
    raise ConfigError(f"FYR_DATABASE_URL is not a database URL Fyr understands: {exc}") from exc
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # WAL lets the worker write while the web process reads; IMMEDIATE avoids lock upgrades.
        # A checkpoint (two fsyncs) every 4,000 WAL pages instead of SQLite's 1,000: a received
        # mail writes ~50 pages, and checkpoints were half of its commit time (bench/mail.py).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            "PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=4000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # A connection pool rather than persistent connections: under ASGI, requests run in a
    # thread pool and per-thread persistent connections would pile up.
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        "pool": {"min_size": 1, "max_size": env_int("FYR_DATABASE_POOL_SIZE", 20), "timeout": 10}
    }
else:
    raise ConfigError("FYR_DATABASE_URL must be a sqlite:// or postgres:// URL")
_database["TEST"] = {"NAME": env("FYR_TEST_DATABASE_NAME") or None}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and task queue ------------------------------------------------------
REDIS_URL = env("FYR_REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "fyr"},
        }
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fyr",
        }
    }
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Sessions are read from the cache and written through to the database: one query less on
# every desk request, and nobody is logged out when a cache is cleared.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:inbox"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LANGUAGE_CODE = env("FYR_LANGUAGE", "sv")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ConfigError(f"FYR_LANGUAGE={LANGUAGE_CODE!r} is not one of: sv, en")
TIME_ZONE = env("FYR_TIME_ZONE", "Europe/Stockholm")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
    raise ConfigError(f"FYR_TIME_ZONE={TIME_ZONE!r} is not a known time zone") from exc
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise serves from the apps (finders); this stays empty
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
ATTACHMENT_ROOT = DATA_DIR / "attachments"
ATTACHMENT_MAX_BYTES = env_int("FYR_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email out --------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("FYR_DEFAULT_FROM_EMAIL", "Fyr <support@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_url = env("FYR_EMAIL_URL")
if _email_url.startswith(("smtp://", "smtps://", "submission://")):
    from urllib.parse import unquote, urlsplit

    _parts = urlsplit(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _parts.hostname or "localhost"
    EMAIL_PORT = _parts.port or (
        465 if _parts.scheme == "smtps" else 587 if _parts.scheme == "submission" else 25
    )
    EMAIL_HOST_USER = unquote(_parts.username or "")
    EMAIL_HOST_PASSWORD = unquote(_parts.password or "")
    EMAIL_USE_SSL = _parts.scheme == "smtps"
    EMAIL_USE_TLS = _parts.scheme == "submission"
elif _email_url in {"", "file"}:
    # Nothing leaves the machine until an SMTP server is configured: mail is written to files.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
elif _email_url == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ConfigError("FYR_EMAIL_URL must be smtp://, smtps://, submission://, file or console")

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and BASE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("FYR_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("FYR_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- Fyr --------------------------------------------------------------------------------------
COMPANY_NAME = env("FYR_COMPANY_NAME", "Fyr")
#: The shared secret of POST /api/v1/inbound/email (raw MIME from a provider); unset = off.
INBOUND_EMAIL_SECRET = env("FYR_INBOUND_EMAIL_SECRET", "")
PHONE_COUNTRY_CODE = env("FYR_PHONE_COUNTRY_CODE", "46")
PORTAL_LINK_MAX_AGE = env_int("FYR_PORTAL_LINK_MAX_AGE", 30 * 60)
FETCH_MAIL_INTERVAL = env_int("FYR_FETCH_MAIL_INTERVAL", 60)  # seconds; 0: no IMAP fetching
#: Let webhooks call private, loopback and link-local addresses (an intranet service; tests).
WEBHOOK_ALLOW_PRIVATE = env_bool("FYR_WEBHOOK_ALLOW_PRIVATE", False)
API_PAGE_SIZE_MAX = 100

# --- The chatbot (fyr.bot.conf holds the defaults) ----------------------------------------------
#: Below this confidence (0–1) the bot hands over to a person instead of answering.
FYR_BOT_MIN_CONFIDENCE = env_float("FYR_BOT_MIN_CONFIDENCE", 0.5)
#: Seconds an optional embeddings or LLM service may take before the bot answers without it.
FYR_BOT_TIMEOUT = env_float("FYR_BOT_TIMEOUT", 5.0)
#: An OpenAI-compatible embeddings service (``…/v1``); unset = lexical retrieval only.
FYR_BOT_EMBEDDINGS_URL = env("FYR_BOT_EMBEDDINGS_URL", "")
FYR_BOT_EMBEDDINGS_MODEL = env("FYR_BOT_EMBEDDINGS_MODEL", "")
FYR_BOT_EMBEDDINGS_API_KEY = env("FYR_BOT_EMBEDDINGS_API_KEY", "")
#: The service adds E5's "query:"/"passage:" prefixes itself from an ``input_type`` field.
FYR_BOT_EMBEDDINGS_INPUT_TYPE = env_bool("FYR_BOT_EMBEDDINGS_INPUT_TYPE", False)
#: How much the embedding similarity counts against the lexical score (0–1).
FYR_BOT_EMBEDDINGS_WEIGHT = env_float("FYR_BOT_EMBEDDINGS_WEIGHT", 0.5)
#: An OpenAI-compatible chat-completions service that words answers from the cited passage.
FYR_BOT_LLM_URL = env("FYR_BOT_LLM_URL", "")
FYR_BOT_LLM_MODEL = env("FYR_BOT_LLM_MODEL", "")
FYR_BOT_LLM_API_KEY = env("FYR_BOT_LLM_API_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("FYR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
