"""Settings for the jbgs portal, read from the environment.

JBGS_ENV selects the mode: `development` (the default: safe local defaults, console
e-mail), `test` (what the test command sets) or `production` (refuses to start with an
insecure or missing setting, and passes `manage.py check --deploy`).
"""

import datetime
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from jbgs.env import Env, database_from_url, read_env_file, redis_url_ok

BASE_DIR = Path(__file__).resolve().parent.parent
MODE = Env().str("JBGS_ENV", "development")
if MODE not in ("development", "test", "production"):
    raise ImproperlyConfigured(f"JBGS_ENV must be development, test or production, not {MODE!r}")
PRODUCTION = MODE == "production"

# Outside production, the services started by `make run` are found through var/services.env,
# so `manage.py shell` in a second terminal talks to the same database.
env = Env(fallback={} if PRODUCTION else read_env_file(BASE_DIR / "var" / "services.env"))

_DEV_SECRET = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", None if PRODUCTION else _DEV_SECRET)
DEBUG = env.bool("DEBUG", MODE == "development")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DATABASE_URL = env.str(
    "DATABASE_URL", None if PRODUCTION else "postgres://jbgs@127.0.0.1:54329/jbgs"
)
REDIS_URL = redis_url_ok(
    env.str("REDIS_URL", None if PRODUCTION else "redis://127.0.0.1:63790/0") or "redis://"
)


def _refuse_insecure_production() -> None:
    problems = []
    if (
        not SECRET_KEY
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure")
    ):
        problems.append("SECRET_KEY must be set to a random value of at least 50 characters")
    if DEBUG:
        problems.append("DEBUG must be off")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the site's host names (no '*')")
    if not env.str("DATABASE_URL"):
        problems.append("DATABASE_URL must be set")
    if not env.str("REDIS_URL"):
        problems.append("REDIS_URL must be set")
    if not env.str("EMAIL_HOST") and not env.str("EMAIL_BACKEND"):
        problems.append("EMAIL_HOST must be set (password resets and notifications are e-mailed)")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems))


if PRODUCTION:
    _refuse_insecure_production()

INSTALLED_APPS = [
    "jbgs",
    "auction",
    "challenge",
    "sessions_mgmt",
    "transformation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jbgs.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jbgs.context.ClientIPMiddleware",
    "jbgs.middleware.BusyMiddleware",
    # Last: turns a sign-in refused by the lockout into a 429 (jbgs.lockout.lockout_response).
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # gunicorn serves the collected, compressed static files itself; in development
    # runserver (and in tests the live server) serves them from static/.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jbgs.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(DATABASE_URL or "")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No lock waits forever (jbgs.locking turns a timeout into the `busy` answer); a web request's
# statement is also cut off (config.wsgi sets DB_STATEMENT_TIMEOUT_MS for the web server:
# workers, beat and migrations run without one). Set as connection options: free per query.
DB_LOCK_TIMEOUT_MS = env.int("DB_LOCK_TIMEOUT_MS", 5000)
# Bids one account may place on one lot in ten seconds (auction.services.bidding).
BID_ATTEMPTS_PER_10S = env.int("BID_ATTEMPTS_PER_10S", 30)
# Days an API token lasts; a password change or the unit's suspension ends it sooner.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", 30)
DB_STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", 0)
# PostgreSQL's just-in-time compilation pays for long analytical scans, not for a portal's
# queries: it spent seconds compiling the province overview's counts (bench/session_dashboard.py).
DB_JIT = env.bool("DB_JIT", False)
_timeouts = (f"-c lock_timeout={DB_LOCK_TIMEOUT_MS} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
             f"{'' if DB_JIT else ' -c jit=off'}")
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    filter(None, [DATABASES["default"]["OPTIONS"].get("options"), _timeouts])
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "jbgs.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", "jbgs"),
        "TIMEOUT": 300,
        # A Redis that does not answer is given up on quickly: the cache then answers empty.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}

AUTH_USER_MODEL = "jbgs.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if PRODUCTION:
    # Content-hashed names, cached for ever by whitenoise; pre-compressed (gzip and brotli)
    # unless STATIC_COMPRESS=false, which only makes collectstatic faster.
    STORAGES["staticfiles"]["BACKEND"] = (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_COMPRESS", True)
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    )
# Uploaded files are private: they live outside the static tree and are only served by
# views that check who is asking (there is deliberately no public MEDIA_URL route).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/files/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# Spreadsheet imports (jbgs.imports, jbgs.services.imports). A sheet is measured before it is
# read: a parser builds it as rows × columns cells, however few are filled.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", 20_000)  # rows of data below the header
# A university's whole stock of valid patents is one file (存量专利盘点): larger than any list.
STOCK_IMPORT_MAX_ROWS = env.int("STOCK_IMPORT_MAX_ROWS", 60_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_UNPACKED_MB = env.int("IMPORT_MAX_UNPACKED_MB", 50)  # what an .xlsx (a zip) unpacks to
IMPORT_MAX_ROW_ERRORS = env.int("IMPORT_MAX_ROW_ERRORS", 500)  # rows with problems before reading stops
IMPORT_MAX_WAITING = env.int("IMPORT_MAX_WAITING", 3)  # imports waiting or running, per person and per target
# A running import beats at every chunk; one silent this long lost its worker and is taken up
# again, at most IMPORT_MAX_ATTEMPTS times in all. A waiting one is sent to the workers again.
IMPORT_STALE_MINUTES = env.int("IMPORT_STALE_MINUTES", 5)
IMPORT_MAX_ATTEMPTS = env.int("IMPORT_MAX_ATTEMPTS", 3)

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env.str("EMAIL_HOST")
    else (
        "django.core.mail.backends.locmem.EmailBackend"
        if MODE == "test"
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "江苏揭榜挂帅平台 <noreply@jbgs.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production defaults are the strict ones; behind a TLS-terminating proxy set
# TRUST_X_FORWARDED_PROTO=true so Django knows the original request was HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
# Content-Security-Policy (django-csp): the pages load scripts, styles, fonts and images from
# the portal only, run no inline script, handler or style attribute (templates use classes
# and data-* behaviours in static/js/portal.js; htmx is told not to inject its indicator
# style nor to eval), cannot be framed, and post forms only to the portal. `data:` images
# are Bootstrap's and Swagger UI's icons in their style sheets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env.bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies of ours stand in front of the web server, each appending to
# X-Forwarded-For. 0: the client is REMOTE_ADDR and X-Forwarded-For is ignored, as anyone
# can write it. The audit, the sign-in lockout and every rate limit count clients by the
# same address (jbgs.context.client_address); DRF's NUM_PROXIES is set from it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

# Sign-in lockout (django-axes) on the login page, the back office's and the API token:
# after LOGIN_FAILURE_LIMIT failed sign-ins for one user name, or from one client address,
# either is refused, even with the right password, until LOGIN_COOLOFF_MINUTES have passed
# since the last counted failure (tries while refused do not extend it). An administrator
# unlocks an account from its page, an address in the back office (访问尝试).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "jbgs.context.client_address"
AXES_LOCKOUT_CALLABLE = "jbgs.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Public forms, per client address an hour (jbgs.ratelimit; 429 beyond): applying to join
# (each stores up to UPLOAD_MAX_BYTES and tells every administrator), and asking for a
# password reset, also limited per e-mail address asked for.
APPLY_LIMIT_PER_HOUR = env.int("APPLY_LIMIT_PER_HOUR", 10)
PASSWORD_RESET_LIMIT_PER_HOUR = env.int("PASSWORD_RESET_LIMIT_PER_HOUR", 10)
PASSWORD_RESET_EMAILS_PER_HOUR = env.int("PASSWORD_RESET_EMAILS_PER_HOUR", 3)
# Enquiries one account may send to sellers an hour (auction.services.enquiries): each one
# tells the seller's liaisons and every administrator.
ENQUIRIES_PER_HOUR = env.int("ENQUIRIES_PER_HOUR", 10)

# Celery: Redis as broker, the schedule kept in PostgreSQL by django-celery-beat.
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Two queues, each with workers of its own (scripts/run.sh, docker-compose.yml): `clock` for
# the lots' opening and closing, which must never wait behind an import or a PDF, and
# `default` for the rest. Each has its heartbeat, which /healthz checks.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_WORKER_QUEUES = ("default", "clock")
CELERY_TASK_ROUTES = {"auction.open_and_close_lots": {"queue": "clock"}}
CELERY_BEAT_SCHEDULE = {
    **{f"heartbeat-{queue}": {"task": "jbgs.heartbeat", "schedule": 15.0, "kwargs": {"queue": queue},
                              "options": {"queue": queue, "expires": 15}}
       for queue in CELERY_WORKER_QUEUES},
    # Lots open and close by the clock. Bids check the clock themselves, so a run that is
    # late (or expired while no worker was up) lets no late bid in; it only settles later.
    "auction-open-and-close": {"task": "auction.open_and_close_lots", "schedule": 2.0,
                               "options": {"expires": 10}},
    "auction-remind-watchers": {"task": "auction.remind_watchers", "schedule": 60.0, "options": {"expires": 60}},
    # A deal's 成交确认书 is kept by a task after the close; this keeps those whose task was lost.
    # Imports whose task was lost, or whose worker died, are sent again or failed with a reason.
    "sweep-imports": {"task": "jbgs.sweep_imports", "schedule": 60.0, "options": {"expires": 60}},
    "auction-store-missing-confirmations": {"task": "auction.store_missing_confirmations", "schedule": 300.0,
                                            "options": {"expires": 300}},
    "challenge-expire-demands": {"task": "challenge.expire_demands", "schedule": 3600.0,
                                 "options": {"expires": 3600}},
    "challenge-push-pending-hot-lists": {"task": "challenge.push_pending_hot_lists", "schedule": 300.0,
                                         "options": {"expires": 300}},
    "challenge-remind-follow-ups": {"task": "challenge.remind_follow_ups", "schedule": 3600.0,
                                    "options": {"expires": 3600}},
    # Matching weighs words by their counts over the catalogue: counted again, then every public
    # demand matched again, at night; the digests of the new matches go out in the morning.
    "challenge-count-and-match": {"task": "challenge.count_and_match", "schedule": crontab(hour=2, minute=30),
                                  "options": {"expires": 6 * 3600}},
    "challenge-repush-long-standing": {"task": "challenge.repush_long_standing",
                                       "schedule": crontab(hour=9, minute=0, day_of_week=1),
                                       "options": {"expires": 6 * 3600}},
    "challenge-send-digests": {"task": "challenge.send_digests", "schedule": crontab(hour=8, minute=30),
                               "options": {"expires": 6 * 3600}},
    # The special sessions' targets measured every hour (and soon after a change that counts).
    "sessions-compute-compliance": {"task": "sessions.compute_compliance", "schedule": crontab(minute=10),
                                    "options": {"expires": 3600}},
    "sessions-sweep-reports": {"task": "sessions.sweep_reports", "schedule": 60.0, "options": {"expires": 60}},
}
# Seconds without a queue's heartbeat before /healthz calls its workers down.
CELERY_HEARTBEAT_MAX_AGE = env.int("CELERY_HEARTBEAT_MAX_AGE", 60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jbgs.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "jbgs.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "jbgs.api.pagination.PageNumberPagination",
    "EXCEPTION_HANDLER": "jbgs.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth": env.str("AUTH_THROTTLE_RATE", "30/min"),
                               # The partner feeds (transformation.api.feeds), public: per client address.
                               "feeds": env.str("FEEDS_THROTTLE_RATE", "120/min")},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# The partner feeds hold back entries changed in the last this many seconds, so that a
# transaction still committing rows it stamped earlier is not passed by a cursor (transformation.feeds).
FEEDS_SETTLE_SECONDS = env.int("FEEDS_SETTLE_SECONDS", 120)
SPECTACULAR_SETTINGS = {
    "TITLE": "jbgs API",
    "DESCRIPTION": "江苏省揭榜挂帅技术转移平台 API. Authenticate with `Authorization: Token <key>` "
    'from `POST /api/v1/auth/token/`. Errors are `{"code", "detail"}`.',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` and a `status`: name each choice set after its class.
    "ENUM_NAME_OVERRIDES": {
        "CampaignKindEnum": "jbgs.choices.CampaignKind",
        "OrganizationKindEnum": "jbgs.choices.OrganizationKind",
        "OrganizationStatusEnum": "jbgs.choices.OrganizationStatus",
        "ItemKindEnum": "auction.choices.ItemKind",
        "ListStatusEnum": "auction.choices.ListStatus",
        "ItemReviewEnum": "auction.choices.ItemReview",
        "TradeModeEnum": "auction.choices.TradeMode",
        "LotStatusEnum": "auction.choices.LotStatus",
        "DayStatusEnum": "auction.choices.DayStatus",
        "DepositStateEnum": "auction.choices.DepositState",
        "DealStageEnum": "auction.choices.DealStage",
        "DemandStatusEnum": "challenge.choices.DemandStatus",
        "CooperationModeEnum": "challenge.choices.CooperationMode",
        "HideableFieldEnum": "challenge.choices.HideableField",
        "VerdictEnum": "challenge.choices.Verdict",
        "SessionTypeEnum": "sessions_mgmt.choices.SessionType",
        "TargetKindEnum": "sessions_mgmt.choices.TargetKind",
        "TargetStatusEnum": "sessions_mgmt.choices.TargetStatus",
        "ApplicationStatusEnum": "sessions_mgmt.choices.ApplicationStatus",
        "ActivityKindEnum": "sessions_mgmt.choices.ActivityKind",
        "ServerKindEnum": "sessions_mgmt.choices.ServerKind",
        "ProjectKindEnum": "sessions_mgmt.choices.ProjectKind",
        "CoHostRoleEnum": "sessions_mgmt.choices.CoHostRole",
        "StockStageEnum": "transformation.choices.StockStage",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"routine_refusals": {"()": "jbgs.logs.SkipRoutineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"},
                "django.request": {"filters": ["routine_refusals"]}},
}

FORM_RENDERER = "jbgs.forms_renderer.PortalFormRenderer"

if MODE == "test":
    # Each pytest-xdist worker gets its own Redis database, so clearing the cache in one
    # worker's test cannot disturb another's.
    import os
    from urllib.parse import urlparse as _urlparse

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")
    _redis = _urlparse(REDIS_URL)
    REDIS_URL = _redis._replace(path=f"/{int(_worker) + 2}").geturl()
    CACHES["default"]["LOCATION"] = CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"auth": "1000/min", "feeds": "1000/min"}
