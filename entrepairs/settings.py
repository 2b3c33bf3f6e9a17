"""The one settings module. Everything that differs between the embedded default and production is
chosen by environment variables, documented in docs/operator-guide.md."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from entrepairs.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
HTTPS = env_bool("HTTPS", False)
# Three ways to run, chosen by the environment (docs/operator-guide.md, "Modes"):
# - production mode (HTTPS on, DEBUG off): needs its own SECRET_KEY and refuses the demo;
# - demo mode (DEMO_MODE=true, set by `make run`): `seed_demo` may create accounts sharing a public
#   password, and two-factor is not asked of moderators unless REQUIRE_MFA_FOR_ROLES says so;
# - neither (tests, local development): the embedded key, no demo seeding.
PRODUCTION_MODE = HTTPS and not DEBUG
DEMO_MODE = env_bool("DEMO_MODE", False)
# The embedded key only ever protects a demo or a test run on 127.0.0.1: anyone can read it here, so
# anyone could forge what it signs (email confirmation links, password resets, sessions).
EMBEDDED_SECRET_KEY = "django-insecure-embedded-demo-key-change-me-in-production"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY", EMBEDDED_SECRET_KEY)
if PRODUCTION_MODE and SECRET_KEY.strip() in {"", EMBEDDED_SECRET_KEY}:
    raise ImproperlyConfigured(
        "Production mode (HTTPS=true, DEBUG off) needs its own SECRET_KEY (or SECRET_KEY_FILE): the "
        "embedded key is public. Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if PRODUCTION_MODE and DEMO_MODE:
    raise ImproperlyConfigured(
        "DEMO_MODE cannot be on in production mode (HTTPS=true): the demo's accounts share a public password."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# What emails call the site: never the address of the request ("127.0.0.1:8000").
SITE_NAME = env_str("SITE_NAME", "Entrepairs")
# Digest opens and clicks counted by a first-party pixel and redirect (each network may also turn it off).
DIGEST_TRACKING = env_bool("DIGEST_TRACKING", True)

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
    "entrepairs.moderation",
    "entrepairs.discussions",
    "entrepairs.audit",
    "entrepairs.outbox",
    "entrepairs.rights",
    "channels",
    "entrepairs.messaging",
    "entrepairs.health",
    "entrepairs.surveys",
    "entrepairs.push",
    "entrepairs.magazine",
    "entrepairs.api",
]

MIDDLEWARE = [
    "entrepairs.web.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads the form): a body declared too large is refused.
    "entrepairs.web.body_limits.BodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "entrepairs.web.read_limits.ReadLimitMiddleware",
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
            # `{% url %}` reversing each route and arguments once per process (web/reversing.py).
            "builtins": ["entrepairs.web.templatetags.memo_url"],
        },
    },
    {
        # Partials printed many times per page (entrepairs/web/jinja.py); searched in <app>/jinja2/.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "entrepairs.web.jinja.environment"},
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the embedded server take concurrent readers and one writer.
    # secure_delete: deleted rows are overwritten, not left readable in the file's free pages (an
    # erased member's words must leave the file too, not only the tables).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
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
# A statement a connection has run DB_PREPARE_THRESHOLD times is prepared on it (psycopg): PostgreSQL
# then neither parses nor plans it again, which was two thirds of its CPU on a thread page (4.0 ->
# 1.3 ms; docs/decisions/0012). This needs server-side binding (parameters sent apart from the SQL).
# 0: neither, as Django's (behind a pooler that cannot keep prepared statements: PgBouncer < 1.21).
DB_PREPARE_THRESHOLD = env_int("DB_PREPARE_THRESHOLD", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARE_THRESHOLD > 0:
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = DB_PREPARE_THRESHOLD
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# HTTP requests of one process inside Django at once; the next wait up to ADMISSION_WAIT_SECONDS for
# a place, then get a 503 with Retry-After (entrepairs/web/admission.py). 0: no limit. The default
# suits one process serving everything (make run, the tests' live servers); servers with two workers
# per core set 2 (deploy/entrepairs.env.example): a process's threads share one interpreter lock,
# and ten at once spent 60-100 ms inside Django for 10-12 ms of CPU (decision 0012, fifteenth session).
ADMISSION_LIMIT = env_int("ADMISSION_LIMIT", env_int("DB_POOL_MAX_SIZE", 10))
ADMISSION_WAIT_SECONDS = env_int("ADMISSION_WAIT_SECONDS", 5)
# Threads running the websocket consumers' database work per process (1: asgiref's single thread,
# one message stored at a time: it fell behind at 100 messages/s to 2,000 sockets; docs/decisions/0012).
# On SQLite, one: it lets one writer in at a time anyway, and threads only met each other's locks (an
# in-memory database shared between threads answers "table is locked" at once, without waiting).
MESSAGING_DB_THREADS = env_int(
    "MESSAGING_DB_THREADS", 1 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 4
)

REDIS_URL = env_str("REDIS_URL", "")


def redis_channel_layer(url: str) -> dict:
    """Redis publish/subscribe (docs/decisions/0004-redis-pubsub-channel-layer.md): one PUBLISH per
    group event, received once per process and handed to that process's sockets. Nothing is kept
    in Redis: an event published while a process is disconnected is lost, and its sockets read it
    from the database (sequence gaps, heartbeat, resume, and at once when Redis is back). Reads wait 15 s (redis-py 8 defaults to
    5 s)."""
    # Publish/subscribe channels are shared by every database of a Redis server: the prefix names
    # the URL's database, so that installations on separate databases of one Redis never receive
    # each other's events (their conversation ids are the same small numbers).
    database = urlsplit(url).path.strip("/") or "0"
    return {
        # channels_redis's, degrading while Redis is away (docs/decisions/0008-faults.md).
        "BACKEND": "entrepairs.messaging.layers.ResilientRedisPubSubLayer",
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
# A worker killed mid-task (deploy, out of memory, machine lost) must not lose the task: it is
# acknowledged only once done, and a worker process that dies hands it back at once
# (reject_on_worker_lost); a whole worker that dies leaves it with the broker, which hands it to
# another worker after the visibility timeout. Tasks are therefore idempotent: emails go through the
# outbox (entrepairs/outbox/services.py), every other task re-reads what is left to do. The timeout
# must exceed the longest countdown (the unread-message email's delay), or a waiting task is handed
# to a second worker (harmless, but twice the work).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = "celery"  # Celery's default, named for the queue-length metric
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT_SECONDS", max(3600, 2 * 60 * env_int("MESSAGING_EMAIL_DELAY_MINUTES", 15))
    ),
}
CELERY_BEAT_SCHEDULE = {
    "daily-moderation-notice-digests": {
        "task": "entrepairs.moderation.tasks.email_daily_notice_digests",
        "schedule": 24 * 3600,
    },
    "hourly-lapsed-verifications": {
        "task": "entrepairs.networks.tasks.lapse_expired_verifications",
        "schedule": 3600,
    },
    # The networks' digests (daily, and weekly ones not sent this week), which carry the discussions'
    # "daily" notifications too (one email a day at most per persona); idempotent.
    "daily-network-digests": {"task": "entrepairs.magazine.tasks.send_digests", "schedule": 24 * 3600},
    # The analytics' daily roll-up (the days not rolled up yet; idempotent): hourly, so that a day
    # is rolled soon after midnight whenever beat started.
    "hourly-analytics-rollup": {"task": "entrepairs.magazine.tasks.roll_up_analytics", "schedule": 3600},
    "pending-emails": {"task": "entrepairs.outbox.tasks.deliver_pending_emails", "schedule": 600},
    "health-insights": {"task": "entrepairs.health.tasks.refresh_insights", "schedule": 300},
    "verification-reminders": {
        "task": "entrepairs.networks.tasks.send_verification_reminders",
        "schedule": 24 * 3600,
    },
    # Members' rights: accounts past their grace period are erased, expired exports deleted, each
    # network's retention periods applied (embedded mode: manage.py run_rights_jobs from cron).
    "hourly-members-rights": {
        "task": "entrepairs.rights.tasks.run_rights_jobs",
        "schedule": 3600,
    },
}

# --- Accounts ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, reading the account of every request through a compiled statement.
    "entrepairs.accounts.backends.ModelBackend",
    "entrepairs.accounts.backends.AccountBackend",
    # Named by sessions opened before 7 December 2026: kept so that nobody is signed out (a
    # session whose backend is not listed is refused); signing in never reaches them
    # (entrepairs/accounts/backends.py). Removable once SESSION_COOKIE_AGE has passed since then.
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
# Carries `next` on the email confirmation link (accounts/adapter.py).
ACCOUNT_ADAPTER = "entrepairs.accounts.adapter.AccountAdapter"
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
# Creating or renewing an API token (and changing email or MFA) asks for the password again unless it
# was entered in the last five minutes.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Failed logins are limited per account and per IP; resets per email (ASVS 6.3.x).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/30m/key",
    "reset_password": "20/m/ip,5/h/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
# Moderators, editors, administrators and operators must use two-factor authentication. Only demo
# mode (`make run`) turns this off by default, so that demo accounts work without an authenticator app.
REQUIRE_MFA_FOR_ROLES = env_bool("REQUIRE_MFA_FOR_ROLES", not DEMO_MODE)
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

# In the database, read with a statement compiled once per process (entrepairs/accounts/sessions.py).
SESSION_ENGINE = "entrepairs.accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)  # absolute timeout, seconds
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers --------------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# A load balancer or Prometheus may reach a worker directly over the private network, in plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
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
# Our own date formats per language ("5 déc. 2026 à 21 h 26" / "Dec 5, 2026, 9:26 PM").
FORMAT_MODULE_PATH = ["entrepairs.formats"]

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


def s3_media_storage(bucket: str) -> dict:
    """Media on S3-compatible object storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set.
    Every upload is private health data (attachments, verification documents, case photos): objects
    are written with the private ACL and only ever read back by the application, which serves them
    after its access check (as from disk); any URL the storage would make is signed and short-lived.
    No credentials given: boto3's own chain (instance role, AWS_* variables, ~/.aws)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "access_key": env_str("AWS_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_secret("AWS_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("AWS_LOCATION", ""),  # a folder in the bucket, e.g. "entrepairs/media"
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,  # a second upload under the same name gets its own name
            "max_memory_size": 2 * 1024 * 1024,  # a file read back spills to a temporary file past 2 MB
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "")
            or None,  # "path" for MinIO and the like
        },
    }


AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = s3_media_storage(AWS_STORAGE_BUCKET_NAME)
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Decoded image memory (entrepairs/privacy/images.py): the pixels of one upload (width x height x
# bytes per pixel, read from the header) may take at most IMAGE_DECODE_MAX_MB; the decodes running at
# once in one process at most IMAGE_DECODE_PROCESS_MB together, a decode waiting at most
# IMAGE_DECODE_WAIT_SECONDS for its share. The working copies make the peak about three times that.
IMAGE_DECODE_MAX_MB = env_int("IMAGE_DECODE_MAX_MB", 100)
IMAGE_DECODE_PROCESS_MB = env_int("IMAGE_DECODE_PROCESS_MB", 200)
IMAGE_DECODE_WAIT_SECONDS = env_int("IMAGE_DECODE_WAIT_SECONDS", 10)
# A request body declared larger is refused with 413 before it is read (web/body_limits.py); routes
# that accept files allow their files' own limits on top. The proxy's cap must be at least the
# largest of them (docs/operator-guide.md).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 3 * 1024 * 1024)

# --- Product settings --------------------------------------------------------------------------
INVITATION_DEFAULT_DAYS = env_int("INVITATION_DEFAULT_DAYS", 14)
MEMBER_LIST_PAGE_SIZE = 50
# A search statement running longer is stopped and the member asked for more precise words
# (PostgreSQL only; entrepairs/discussions/search.py).
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 2000)
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 200)
# Personal access tokens expire this long after their creation or their last renewal.
TOKEN_LIFETIME_DAYS = env_int("TOKEN_LIFETIME_DAYS", 90)
# A private message still unread after this long is emailed about (count and link only, never text).
MESSAGING_EMAIL_DELAY_MINUTES = env_int("MESSAGING_EMAIL_DELAY_MINUTES", 15)
PATIENT_CONSENT_VERSION = "2026-11"
# Members' rights (entrepairs/rights): days an erasure can be cancelled, days an export can be
# downloaded, days audit entries outside any network are kept (networks set their own).
ERASURE_GRACE_DAYS = env_int("ERASURE_GRACE_DAYS", 7)
EXPORT_DAYS = env_int("EXPORT_DAYS", 7)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# Read flags (accounts reading unusually fast; for visitors, their IP address) are deleted by the
# hourly rights job this long after they were raised.
READ_FLAG_RETENTION_DAYS = env_int("READ_FLAG_RETENTION_DAYS", 30)

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

# --- Abuse limits (docs/operator-guide.md, "Abuse limits") -------------------------------------
# Reads a minute (or `seconds`) per signed-in account and per IP address, on pages; search has
# its own. The API has API_RATE_LIMIT_PER_MINUTE per account, and counts searches too.
READ_LIMITS = {
    "page": {
        "account": env_int("PAGE_READS_PER_MINUTE", 300),
        "ip": env_int("PAGE_READS_PER_MINUTE_PER_IP", 600),
        "seconds": 60,
    },
    "search": {
        "account": env_int("SEARCHES_PER_MINUTE", 30),
        "ip": env_int("SEARCHES_PER_MINUTE_PER_IP", 60),
        "seconds": 60,
    },
}
# (views, seconds): an account reading more profiles or threads than this is slowed and flagged.
SCRAPING_LIMITS = {
    "profile": (env_int("SCRAPING_PROFILES", 150), env_int("SCRAPING_WINDOW_SECONDS", 600)),
    "thread": (env_int("SCRAPING_THREADS", 300), env_int("SCRAPING_WINDOW_SECONDS", 600)),
}
# Requests with an invalid bearer token a minute per IP, after which that IP gets 429 (even with a
# valid token) until the minute ends: guessing tokens costs a minute per few tries.
INVALID_TOKENS_PER_MINUTE_PER_IP = env_int("INVALID_TOKENS_PER_MINUTE_PER_IP", 20)

# Trust levels (entrepairs/networks/trust.py): new members (joined less than `new_days` ago or fewer
# than `new_posts` posts) have the lowest limits; trusted members (`trusted_days`, `trusted_posts`,
# never removed or banned there) the highest. A network may tighten them (Network.trust_limits).
TRUST_LEVELS = {
    "new_days": env_int("TRUST_NEW_DAYS", 3),
    "new_posts": env_int("TRUST_NEW_POSTS", 3),
    "trusted_days": env_int("TRUST_TRUSTED_DAYS", 30),
    "trusted_posts": env_int("TRUST_TRUSTED_POSTS", 30),
}
TRUST_LIMITS = {
    "new": {"posts_per_hour": 10, "links_per_post": 2, "images_per_day": 10, "conversations_per_day": 3},
    "member": {"posts_per_hour": 60, "links_per_post": 10, "images_per_day": 60, "conversations_per_day": 20},
    "trusted": {
        "posts_per_hour": 200,
        "links_per_post": 50,
        "images_per_day": 200,
        "conversations_per_day": 100,
    },
}
# /metrics answers only a scraper sending "Authorization: Bearer <METRICS_TOKEN>"; unset, it is a 404.
METRICS_TOKEN = env_secret("METRICS_TOKEN", "")

# --- Push notifications (Web Push with VAPID: docs/push-notifications.md) ------------------------
# Generate the pair once with `manage.py push_vapid_keys`; without it, push is not offered. Changing
# the pair makes every device subscribe again (browsers bind a subscription to the public key).
WEB_PUSH_VAPID_PRIVATE_KEY = env_secret("WEB_PUSH_VAPID_PRIVATE_KEY", "")
WEB_PUSH_VAPID_PUBLIC_KEY = env_str("WEB_PUSH_VAPID_PUBLIC_KEY", "")
# Who push services contact about this sender (the VAPID "sub" claim): a mailto: or https: URL.
WEB_PUSH_CONTACT = env_str("WEB_PUSH_CONTACT", "mailto:" + DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"))
