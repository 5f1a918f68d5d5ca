"""Inovda settings: one module, behaviour through environment variables.

Production is the default: a bare `gunicorn config.wsgi` refuses to start without
DJANGO_SECRET_KEY and never runs with DEBUG. Development is asked for explicitly with
INOVDA_DEV=1 (or DJANGO_DEBUG=1), which `make run`, `make test` and the benchmarks set:
DEBUG on, a built-in key, plain HTTP. Set DJANGO_ALLOWED_HOSTS and DATABASE_URL for
production (see README).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT = env_bool("INOVDA_DEV", False) or env_bool("DJANGO_DEBUG", False)
DEBUG = DEVELOPMENT and env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise RuntimeError(
            "DJANGO_SECRET_KEY must be set (production is the default; "
            "INOVDA_DEV=1 asks for development)"
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghij"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Before django_tasks_db, so that Inovda's `db_worker` (heartbeat and reclaim) is the one
    # `manage.py db_worker` runs.
    "inovda.core",
    "django_tasks_db",
    "inovda.organizations",
    "inovda.accounts",
    "inovda.innovations",
    "inovda.assessment",
    "inovda.ecosystem",
    "inovda.knowledge",
    "inovda.reports",
    "inovda.problems",
    "inovda.competitions",
    "inovda.api",
    "inovda.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "inovda.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inovda.core.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inovda.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "inovda.core.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "inovda.core.middleware.RateLimitMiddleware",
    "inovda.core.middleware.FriendlyErrorsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inovda.core.context_processors.inovda",
                "inovda.accounts.context_processors.accounts",
            ],
        },
    },
]

# SQLite (WAL) by default; DATABASE_URL switches engine, e.g. postgres://user:pw@host/db
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'inovda.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # `make mutation` runs pytest once per mutant: a test database file it can reuse.
    if os.environ.get("SQLITE_TEST_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["SQLITE_TEST_NAME"]}
# A PostgreSQL read replica for dashboards and exports (inovda.core.db): reads of the
# views decorated with @reads_from_replica go there, everything else to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["inovda.core.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (per-Pemda figures, inovda.core.cache): the database by default (`manage.py
# createcachetable`, run by `make setup`), Redis when REDIS_URL is set — then sessions
# live there too, so several app servers share them without a database write per request.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "inovda_cache",
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "inovda.accounts.throttling.ProgressiveDelayBackend",
    "django.contrib.auth.backends.ModelBackend",
    "inovda.accounts.oidc.PemdaOIDCBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Accounts (inovda.accounts): password reset and invitation links, TOTP second factor for
# Pemda admins and system administrators, single sign-on through OpenID Connect.
INOVDA_SITE_URL = os.environ.get("INOVDA_SITE_URL", "http://127.0.0.1:8000")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("INOVDA_PASSWORD_RESET_HOURS", "24")) * 3600
INOVDA_INVITATION_DAYS = int(os.environ.get("INOVDA_INVITATION_DAYS", "7"))
INOVDA_REQUIRE_2FA = env_bool("INOVDA_REQUIRE_2FA", True)
# Development (`make run`) shows Inovda's 404/500 pages too; 1 shows Django's debug pages.
INOVDA_DEBUG_PAGES = env_bool("INOVDA_DEBUG_PAGES", False)
OTP_TOTP_ISSUER = "Inovda"
# OpenID Connect: on when INOVDA_OIDC_ISSUER is set (the provider's `iss`), with the
# endpoints of its /.well-known/openid-configuration and this site's client credentials.
INOVDA_OIDC_ISSUER = os.environ.get("INOVDA_OIDC_ISSUER", "")
INOVDA_OIDC_ENABLED = bool(INOVDA_OIDC_ISSUER)
OIDC_RP_CLIENT_ID = os.environ.get("INOVDA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("INOVDA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("INOVDA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("INOVDA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("INOVDA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("INOVDA_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# Claim names carrying the Pemda code (e.g. 35.73), the agency (short name or name) and role.
INOVDA_OIDC_CLAIMS = {
    "pemda": os.environ.get("INOVDA_OIDC_CLAIM_PEMDA", "pemda_code"),
    "agency": os.environ.get("INOVDA_OIDC_CLAIM_AGENCY", "agency"),
    "role": os.environ.get("INOVDA_OIDC_CLAIM_ROLE", "inovda_role"),
}

# Login throttling (form and API Basic auth alike): failures count per account AND address
# together, so a stranger behind the city hall's NAT locks out only the account he guesses,
# from his address, for a short cool-off; never a whole address. Admins see attempts and
# lift lock-outs in /admin/ (Axes: access attempts, failures, logins).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a locked-out guesser cannot extend it
AXES_RESET_ON_SUCCESS = True
# Before the lock-out, a growing wait between failures of one account from one address
# (1, 2, 4 … seconds from the 3rd failure on, at most 60; inovda/accounts/throttling.py).
INOVDA_LOGIN_DELAY_AFTER = int(os.environ.get("INOVDA_LOGIN_DELAY_AFTER", "3"))
INOVDA_LOGIN_DELAY_MAX = int(os.environ.get("INOVDA_LOGIN_DELAY_MAX", "60"))
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The client's address: REMOTE_ADDR, unless the deployment declares how many reverse
# proxies it trusts (nginx in front of gunicorn: INOVDA_TRUSTED_PROXY_COUNT=1). Then the
# address the nearest trusted proxy appended to X-Forwarded-For counts, never what the
# client wrote there itself.
TRUSTED_PROXY_COUNT = int(os.environ.get("INOVDA_TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media-not-served/"  # uploads are served only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEVELOPMENT)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads on S3-compatible object storage (MinIO, Ceph, a cloud provider) when a bucket is
# named: every app server and worker then reads the same files without a shared disk. Files
# stay private (no public ACL) and are still served only through the permission-checked
# views (inovda.core.files.serve streams them from the storage).
S3_BUCKET = os.environ.get("INOVDA_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("INOVDA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("INOVDA_S3_REGION") or None,
            "access_key": os.environ.get("INOVDA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("INOVDA_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("INOVDA_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Uploads: judged by content, not by name (inovda.core.files).
INOVDA_MAX_UPLOAD_MB = int(os.environ.get("INOVDA_MAX_UPLOAD_MB", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A body larger than this is refused from its Content-Length before anything parses it (413):
# one upload at the limit plus room for the form's fields. nginx: client_max_body_size.
INOVDA_MAX_REQUEST_BYTES = (INOVDA_MAX_UPLOAD_MB + 2) * 1024 * 1024

# Per-user limits on the expensive pages, in requests per minute (429 beyond), counted in the
# cache: set INOVDA_CACHE_DIR so that every gunicorn worker shares the count.
INOVDA_RATE_LIMITS = {
    "search": (int(os.environ.get("INOVDA_RATE_SEARCH", "60")), ["knowledge:search"]),
    "export": (
        int(os.environ.get("INOVDA_RATE_EXPORT", "20")),
        ["reports:export", "assessment:export_xlsx", "assessment:export_csv"],
    ),
    "pdf": (
        int(os.environ.get("INOVDA_RATE_PDF", "10")),
        [
            "reports:profile_pdf",
            "reports:annual_pdf",
            "assessment:report",
            "knowledge:event_report_pdf",
        ],
    ),
}
if os.environ.get("INOVDA_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["INOVDA_CACHE_DIR"],
        }
    }

# Backups (`manage.py backup`, also in the daily jobs): where, and how many archives kept.
INOVDA_BACKUP_DIR = Path(os.environ.get("INOVDA_BACKUP_DIR", BASE_DIR / "var" / "backups"))
INOVDA_BACKUP_KEEP = int(os.environ.get("INOVDA_BACKUP_KEEP", "14"))

# Product rules that a Pemda may tune (statutes give no durations: these are settings).
INOVDA = {
    "DESIGN_MIN_WORDS": int(os.environ.get("INOVDA_DESIGN_MIN_WORDS", "300")),
    "PAGE_SIZE": 25,
    # Longest a cached per-Pemda figure may live; writes through the services bump it sooner.
    "CACHE_SECONDS": int(os.environ.get("INOVDA_CACHE_SECONDS", "900")),
    # Innovation page: secondary cards and the timeline load through htmx after the page.
    "LAZY_CARDS": env_bool("INOVDA_LAZY_CARDS", True),
}

# Task workers (inovda.core.workers, ADR 0019): each `db_worker` beats every few seconds; a
# task still RUNNING on a worker silent for longer than the stale time goes back to the
# queue, or fails once it has been tried by as many workers as the attempts allow.
INOVDA_TASK_HEARTBEAT_SECONDS = float(os.environ.get("INOVDA_TASK_HEARTBEAT_SECONDS", "10"))
INOVDA_TASK_STALE_SECONDS = int(os.environ.get("INOVDA_TASK_STALE_SECONDS", "60"))
INOVDA_TASK_MAX_ATTEMPTS = int(os.environ.get("INOVDA_TASK_MAX_ATTEMPTS", "3"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# E-mail: the console in development, SMTP in production (EMAIL_HOST, EMAIL_PORT,
# EMAIL_USERNAME, EMAIL_PASSWORD, EMAIL_USE_TLS); EMAIL_BACKEND overrides both.
_email_options: dict = {
    key.removeprefix("EMAIL_").lower(): os.environ[key]
    for key in ("EMAIL_HOST", "EMAIL_USERNAME", "EMAIL_PASSWORD")
    if key in os.environ
}
if "EMAIL_PORT" in os.environ:
    _email_options["port"] = int(os.environ["EMAIL_PORT"])
if "EMAIL_USE_TLS" in os.environ:
    _email_options["use_tls"] = env_bool("EMAIL_USE_TLS", False)
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEVELOPMENT
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": _email_options,
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "inovda@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "inovda.accounts.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "inovda.api.schema.InovdaAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inovda API",
    "DESCRIPTION": "Regional innovation registry, lifecycle and IID assessment.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "inovda.api.schema.add_links",
    ],
    # The public API has its own document (inovda.public.api).
    "PREPROCESSING_HOOKS": ["inovda.public.api.exclude_public_paths"],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Content Security Policy (Django's built-in middleware). No inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sessions: an absolute age (default 12 hours) and a sliding idle timeout (default 30
# minutes without a request, inovda.core.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("INOVDA_SESSION_MAX_HOURS", "12")) * 3600
SESSION_IDLE_SECONDS = int(os.environ.get("INOVDA_SESSION_IDLE_MINUTES", "30")) * 60
if not DEVELOPMENT:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
