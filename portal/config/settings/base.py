"""Settings shared by every environment; each value can be set from the environment.

Every variable read here is documented in the repository's .env.example.
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, REPO_DIR, env
from config.sentry import init_sentry

VAR_DIR = Path(env("PORTAL_VAR_DIR", default="") or REPO_DIR / "var")

# Development-only default; production.py requires DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-development-only-key")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    # TOTP and recovery codes (their secrets live in the portal's database: docs), and
    # the list of a user's sessions on the security page.
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "core",
    "accounts",
    "orders",
    "billing",
    "pickups",
    "events",
    "production",
    "notifications",
    "audit",
    "complaints",
    "shop",
    "outbox",
]

MIDDLEWARE = [
    # First: every log line of the request, and every Tryton call, carries its id.
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside everything that may answer for a signed-in user (session checks, login
    # redirects, error pages), so none of those answers is stored by a shared cache.
    "core.middleware.PrivateCacheControlMiddleware",
    # Every page needs a login unless its view says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.session_lifetime.SessionLifetimeMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.TrytonSessionMiddleware",
    "accounts.mfa.MfaRequiredMiddleware",
    "core.middleware.TrytonUnavailableMiddleware",
    "core.middleware.TrytonRoleForbiddenMiddleware",
]

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
                "csp.context_processors.nonce",
                "core.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Django's own database holds sessions and the local mirror of Tryton web users only.
DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("PORTAL_CACHE_KEY_PREFIX", default="portal")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                # A dead Redis must not take the portal down with it: reads miss, writes drop.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": CACHE_KEY_PREFIX,
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 12)

AUTH_USER_MODEL = "accounts.User"
# Passwords live in Tryton: this backend asks Tryton and keeps a local mirror row.
AUTHENTICATION_BACKENDS = ["accounts.backends.TrytonWebUserBackend"]
# Rules for the passwords customers choose on the portal's pages (Tryton enforces the
# length too): at least 12 characters, none of the common ones.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail and password against Tryton; the back office creates accounts
# and Tryton validates e-mail addresses, so signup is closed and allauth verifies nothing.
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": env("PORTAL_RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env("PORTAL_RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    # Asking for a reset e-mail: per address, and per e-mail so nobody floods an inbox.
    "reset_password": "20/m/ip,3/15m/key",
    # Choosing the password from a link: the token is the secret, guesses are per address.
    "reset_password_from_key": "20/m/ip",
    # Changing the password (the current one is checked by Tryton): per signed-in user.
    "change_password": "5/m/user",
    # Asking to close one's account checks the password again (accounts/privacy_views.py).
    "closure_request": "5/m/user",
    # Asking to change the sign-in e-mail (the password is checked by Tryton): per user.
    "change_email": "5/m/user",
    # Following the e-mail change link: the token is the secret, guesses are per address.
    "change_email_confirm": "20/m/ip",
}
# Behind Traefik the client is the hop the proxy appended to X-Forwarded-For, never a hop
# the client wrote itself; 0 means the portal faces clients directly (REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)

# Tryton (read by the gateway in erp/).
TRYTON_URL = env("TRYTON_URL", default="http://127.0.0.1:8000/")
TRYTON_DATABASE = env("TRYTON_DATABASE", default="portal")
TRYTON_SERVICE_USER = env("TRYTON_SERVICE_USER", default="portal_service")
# The password tryton/setup_db.py gives the service user of development databases:
# `check --deploy` refuses it (core/checks.py), production requires its own.
DEVELOPMENT_TRYTON_SERVICE_PASSWORD = "portal-service"
TRYTON_SERVICE_PASSWORD = env(
    "TRYTON_SERVICE_PASSWORD", default=DEVELOPMENT_TRYTON_SERVICE_PASSWORD
)
TRYTON_CONNECT_TIMEOUT = env.float("TRYTON_CONNECT_TIMEOUT", default=3.0)
TRYTON_READ_TIMEOUT = env.float("TRYTON_READ_TIMEOUT", default=15.0)
# Read retries, and the circuit breaker: after THRESHOLD failures in a row, calls fail fast
# for COOLDOWN seconds instead of waiting on a dead Tryton.
TRYTON_RETRIES = env.int("TRYTON_RETRIES", default=2)
TRYTON_BREAKER_THRESHOLD = env.int("TRYTON_BREAKER_THRESHOLD", default=5)
TRYTON_BREAKER_COOLDOWN = env.float("TRYTON_BREAKER_COOLDOWN", default=30.0)
# Seconds a cached read counts as fresh (older entries only serve while Tryton is down).
PORTAL_CACHE_TTL = env.int("PORTAL_CACHE_TTL", default=300)
# Seconds the supplier's companies (name, logo, contact on every page) count as fresh.
PORTAL_COMPANY_CACHE_TTL = env.int("PORTAL_COMPANY_CACHE_TTL", default=3600)
# Secrets of Tryton's signed change notifications ([portal] webhook_secret), newest first:
# the current one, and the previous one while a rotation is under way. Empty: refused.
PORTAL_WEBHOOK_SECRETS = env.list("PORTAL_WEBHOOK_SECRETS", default=[])
# Seconds a notification's timestamp may be away from the portal's clock.
PORTAL_WEBHOOK_WINDOW = env.int("PORTAL_WEBHOOK_WINDOW", default=300)
# How often a logged-in customer's Tryton session is checked (a disabled web user is
# logged out within this delay).
PORTAL_SESSION_RECHECK_SECONDS = env.int("PORTAL_SESSION_RECHECK_SECONDS", default=300)
# How long the answer to "whose is this web-user session?" is kept in the cache.
PORTAL_SESSION_CACHE_SECONDS = env.int("PORTAL_SESSION_CACHE_SECONDS", default=60)
# How customers pay the invoices they select (billing/payments.py PROVIDERS): by bank
# transfer, with the reference Tryton records. docs/payments.md tells how to add Stripe.
PORTAL_PAYMENT_PROVIDER = env("PORTAL_PAYMENT_PROVIDER", default="bank_transfer")

# Error reports (Django's debug page, mail to admins, Sentry's frame variables) never show
# credentials: sensitive frames and settings are masked even with DEBUG on.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.CredentialSafeExceptionReporterFilter"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, numbers and amounts as customers of a European supplier read them (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default="") or BASE_DIR / "staticfiles")

# E-mail: console by default; EMAIL_URL (smtp://user:pass@host:587/?tls=True) or EMAIL_HOST
# switch to SMTP.
_email_url = env("EMAIL_URL", default="")
if not _email_url and env("EMAIL_HOST", default=""):
    _email_url = "smtp://{host}:{port}".format(
        host=env("EMAIL_HOST"), port=env.int("EMAIL_PORT", default=25)
    )
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if _email_url:
    _email = env.email_url_config(_email_url)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content Security Policy: no inline script or style anywhere, everything from our origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# One line a record; "json" (production's default) gives one JSON object a line for log
# shippers. Every record of a request carries its id (core/request_id.py), also sent to
# Tryton with each call, so the portal's lines and Tryton's can be matched.
# Audit events (audit app: sign-ins, downloads, orders, member changes) are kept this long,
# then deleted by `manage.py audit_prune` (run daily).
PORTAL_AUDIT_RETENTION_DAYS = env.int("PORTAL_AUDIT_RETENTION_DAYS", default=365)

LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="development"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- Login abuse (issue 9, accounts app) -----------------------------------------------
# Logins of one client address that may run in Tryton at the same time; more are refused
# at once ("too many attempts"), so a burst from one address cannot load Tryton's password
# hashing and delay every other customer's login.
PORTAL_LOGIN_CONCURRENCY_PER_IP = env.int("PORTAL_LOGIN_CONCURRENCY_PER_IP", default=2)

# --- MFA and sessions (issue 9 items 4 and 5, accounts app) ---------------------------
# TOTP with recovery codes through allauth.mfa; the password stays Tryton's.
# Encrypts the TOTP secrets and recovery codes' seeds stored in the portal's database.
MFA_ADAPTER = "accounts.mfa.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# One 30-second step either side of the server's clock (RFC 6238 §6: phones drift); a code
# is still accepted only once.
MFA_TOTP_TOLERANCE = 1
MFA_TOTP_ISSUER = env("PORTAL_MFA_TOTP_ISSUER", default="Customer portal")
# Members with one of these roles for any of their customers must set up TOTP before
# using the portal (accounts/roles.py); the others may.
PORTAL_MFA_REQUIRED_ROLES = env.list("PORTAL_MFA_REQUIRED_ROLES", default=["admin"])
# MFA codes count as failed logins (ACCOUNT_RATE_LIMITS "login_failed"), per user.
# Seconds without a request after which a session ends, and seconds after the login at
# which it ends whatever the activity.
PORTAL_SESSION_IDLE_SECONDS = env.int("PORTAL_SESSION_IDLE_SECONDS", default=60 * 60)
PORTAL_SESSION_ABSOLUTE_SECONDS = env.int("PORTAL_SESSION_ABSOLUTE_SECONDS", default=60 * 60 * 12)
# "Sign out everywhere else" also ends those sessions' Tryton web-user sessions.
USERSESSIONS_ADAPTER = "accounts.usersessions.PortalUserSessionsAdapter"
USERSESSIONS_TRACK_ACTIVITY = True

# --- Bulk invitations (manage.py portal_invite, accounts app) ---------------------------
# The Tryton user (of the "Portal Administration" group) the command invites as; its
# password comes from PORTAL_BACKOFFICE_PASSWORD or is asked. Never the service user.
PORTAL_BACKOFFICE_LOGIN = env("PORTAL_BACKOFFICE_LOGIN", default="")
# Ordering (shop): a checkout creates a quotation the supplier confirms (False), or a
# confirmed order at once (True).
PORTAL_CHECKOUT_CONFIRMS = env.bool("PORTAL_CHECKOUT_CONFIRMS", default=False)
# --- Outbox (issue 13): submissions kept while Tryton is unreachable ------------------
# Seconds a replay holds an entry (longer than a Tryton call may take); a replay that died
# frees it on expiry, and the entry's idempotency key keeps Tryton from filing it twice.
PORTAL_OUTBOX_LEASE_SECONDS = env.int("PORTAL_OUTBOX_LEASE_SECONDS", default=120)
# Unexpected faults of Tryton on one entry before the customer is told it was not sent.
PORTAL_OUTBOX_MAX_ATTEMPTS = env.int("PORTAL_OUTBOX_MAX_ATTEMPTS", default=5)
# Seconds between two runs of the replay worker (manage.py outbox_replay --loop).
PORTAL_OUTBOX_REPLAY_INTERVAL = env.float("PORTAL_OUTBOX_REPLAY_INTERVAL", default=30.0)
# Days an entry is kept once it has ended (sent, or refused and dismissed or left unseen):
# pickup entries hold addresses and free text. Deleted by `manage.py outbox_prune`, which
# the replay worker also runs once a day.
PORTAL_OUTBOX_RETENTION_DAYS = env.int("PORTAL_OUTBOX_RETENTION_DAYS", default=30)
# The circuit breaker's state in the shared cache, so that one worker's failures open it
# for every worker: "auto" shares it when the cache is Redis (the in-process cache serves
# one worker only), "1"/"0" force it.
_breaker_shared = env("TRYTON_BREAKER_SHARED", default="auto").strip().lower()
TRYTON_BREAKER_SHARED = (
    bool(REDIS_URL) if _breaker_shared == "auto" else _breaker_shared in {"1", "true", "yes", "on"}
)
