"""The one settings module. Everything that differs between the embedded default and production is
chosen by environment variables, documented in docs/operator-guide.md."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from entrepairs.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# The embedded key only ever protects a demo on 127.0.0.1; `check --deploy` rejects it in production.
SECRET_KEY = env_secret("SECRET_KEY", "django-insecure-embedded-demo-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "entrepairs.accounts",
    "entrepairs.professionals",
    "entrepairs.networks",
    "entrepairs.web",
    "entrepairs.privacy",
    "entrepairs.discussions",
    "entrepairs.audit",
    "channels",
    "entrepairs.messaging",
    "entrepairs.api",
]

MIDDLEWARE = [
    "entrepairs.web.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "entrepairs.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "entrepairs.accounts.middleware.NoStoreForMembersMiddleware",
]

ROOT_URLCONF = "entrepairs.urls"
WSGI_APPLICATION = "entrepairs.wsgi.application"
ASGI_APPLICATION = "entrepairs.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "entrepairs.web.context_processors.personas",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the embedded server take concurrent readers and one writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
    # A bounded pool per process: connecting cost about 7 ms of every request, and unbounded
    # connections turned overload into "too many clients" 500s. A request that waits longer than
    # DB_POOL_TIMEOUT_SECONDS for a connection gets a 503 with Retry-After (entrepairs/web/errors.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN_SIZE", 2),
        "max_size": env_int("DB_POOL_MAX_SIZE", 10),
        "timeout": env_int("DB_POOL_TIMEOUT_SECONDS", 5),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# HTTP requests of one process inside Django at once (as many as the pool has connections); the
# next wait up to ADMISSION_WAIT_SECONDS for a place, then get a 503 with Retry-After
# (entrepairs/web/admission.py). 0: no limit.
ADMISSION_LIMIT = env_int("ADMISSION_LIMIT", env_int("DB_POOL_MAX_SIZE", 10))
ADMISSION_WAIT_SECONDS = env_int("ADMISSION_WAIT_SECONDS", 5)
# Threads running the websocket consumers' database work per process (1: asgiref's single thread).
MESSAGING_DB_THREADS = env_int("MESSAGING_DB_THREADS", 1)

REDIS_URL = env_str("REDIS_URL", "")


def redis_channel_layer(url: str) -> dict:
    """Redis publish/subscribe (docs/decisions/0004-redis-pubsub-channel-layer.md): one PUBLISH per
    group event, received once per process and handed to that process's sockets. Nothing is kept
    in Redis: an event published while a process is disconnected is lost, and its sockets read it
    from the database (sequence gaps, heartbeat, resume). Reads wait 15 s (redis-py 8 defaults to
    5 s)."""
    # Publish/subscribe channels are shared by every database of a Redis server: the prefix names
    # the URL's database, so that installations on separate databases of one Redis never receive
    # each other's events (their conversation ids are the same small numbers).
    database = urlsplit(url).path.strip("/") or "0"
    return {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": url, "socket_timeout": 15}], "prefix": f"asgi-db{database}-"},
    }


if REDIS_URL:
    # Degrades to no cache while Redis is away (entrepairs/cache.py); short timeouts so that a Redis
    # that hangs costs a request half a second, not the client's patience.
    CACHES = {
        "default": {
            "BACKEND": "entrepairs.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "entrepairs.messaging.layers.InMemoryChannelLayer"}}

# Celery: without a broker, tasks run inline in the request (embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE = {
    "daily-notification-digests": {
        "task": "entrepairs.discussions.tasks.email_daily_digests",
        "schedule": 24 * 3600,
    },
    "hourly-lapsed-verifications": {
        "task": "entrepairs.networks.tasks.lapse_expired_verifications",
        "schedule": 3600,
    },
}

# --- Accounts ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Entrepairs] "
# Failed logins are limited per account and per IP; resets per email (ASVS 6.3.x).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/30m/key",
    "reset_password": "20/m/ip,5/h/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
# Moderators, editors, administrators and operators must use two-factor authentication. Only the
# embedded demo (`make run`) turns this off, so that demo accounts work without an authenticator app.
REQUIRE_MFA_FOR_ROLES = env_bool("REQUIRE_MFA_FOR_ROLES", True)
USERSESSIONS_TRACK_ACTIVITY = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Pro Santé Connect (OpenID Connect). Register the platform with the ANS to get these values.
PSC_ISSUER = env_str("PSC_ISSUER", "")
PSC_CLIENT_ID = env_str("PSC_CLIENT_ID", "")
PSC_CLIENT_SECRET = env_secret("PSC_CLIENT_SECRET", "")


def pro_sante_connect_providers(issuer: str, client_id: str, secret: str) -> dict:
    if not (issuer and client_id):
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": ["openid", "scope_all"],
            "APPS": [
                {
                    "provider_id": "prosanteconnect",
                    "name": "Pro Santé Connect",
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": issuer,
                        "auth_params": {"acr_values": "eidas1"},
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = pro_sante_connect_providers(PSC_ISSUER, PSC_CLIENT_ID, PSC_CLIENT_SECRET)
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ADAPTER = "entrepairs.professionals.psc.SocialAccountAdapter"

EMAIL_BACKEND_PATH = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": {}}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_secret("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Entrepairs <no-reply@localhost>")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)  # absolute timeout, seconds
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers --------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No third-party resource on any page: everything comes from 'self'.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    # The nonce allows only the one server-written <style> carrying a network's validated theme colour.
    "style-src": ["'self'", CSP.NONCE],
    "script-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Product settings --------------------------------------------------------------------------
INVITATION_DEFAULT_DAYS = env_int("INVITATION_DEFAULT_DAYS", 14)
MEMBER_LIST_PAGE_SIZE = 50
# A search statement running longer is stopped and the member asked for more precise words
# (PostgreSQL only; entrepairs/discussions/search.py).
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 2000)
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 200)
# A private message still unread after this long is emailed about (count and link only, never text).
MESSAGING_EMAIL_DELAY_MINUTES = env_int("MESSAGING_EMAIL_DELAY_MINUTES", 15)
PATIENT_CONSENT_VERSION = "2026-11"

# One JSON object per line with the request id (LOG_FORMAT=text for a terminal), and one line per
# request that names its route, never its path, query, account or address (web/observability.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "entrepairs.web.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "entrepairs.web.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if env_str("LOG_FORMAT", "json") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "entrepairs.requests": {"level": "INFO" if env_bool("LOG_REQUESTS", True) else "WARNING"},
    },
}
API_MEMBER_PAGE_MAX = 100
