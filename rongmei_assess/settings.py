"""Settings for rongmei-assess, read from the environment (see README "配置与生产部署")."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rongmei_assess.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RONGMEI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "缺少环境变量 SECRET_KEY：在 DEBUG 关闭时必须设置一个随机且保密的 SECRET_KEY。"
            " (SECRET_KEY is required when DEBUG is off.)"
        )
    # Development only: DEBUG is on, so a fixed, publicly known key is acceptable.
    SECRET_KEY = "django-insecure-development-only-key"
# A short key can be guessed offline from one signed cookie, and with it every session and reset link forged.
SECRET_KEY_MIN_LENGTH = 50
if not DEBUG and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"环境变量 SECRET_KEY 太短：DEBUG 关闭时至少需要 {SECRET_KEY_MIN_LENGTH} 个字符，现在只有 {len(SECRET_KEY)} 个。"
        " 可用 `python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'` 生成一个。"
        f" (SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long when DEBUG is off.)"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rongmei_assess.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rongmei_assess.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rongmei_assess.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rongmei_assess.urls"

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
                "assessment.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "rongmei_assess.wsgi.application"

# SQLite file by default; PostgreSQL (or anything dj-database-url understands) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rongmei.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one request writes; IMMEDIATE takes the write lock at the start
        # of a transaction so concurrent saves queue instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses further attempts for a while (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hour
# Lock the account on the address it is attacked from: county staff often share one office address, and
# locking the address alone would lock a whole centre out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Security headers and cookies. Production (DEBUG off) is HTTPS-only by default; each setting can be
# relaxed through the environment, e.g. behind a TLS-terminating proxy (SECURE_PROXY_SSL_HEADER).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the proxy every request arrives from the proxy's own address, and the lockout would lock an account
# for everyone at once: the client's address is then read from X-Forwarded-For, trusting this many proxies.
# Without a proxy the header comes from the client itself and is ignored (it could dodge a lockout).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if BEHIND_TLS_PROXY else 0
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"环境变量 TRUSTED_PROXY_COUNT 不能为负数，实际为 {TRUSTED_PROXY_COUNT}")
AXES_CLIENT_IP_CALLABLE = "rongmei_assess.client_address.client_ip_address"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Pages load only what the product serves itself: no inline script, no inline style, no other origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Uploads (centre imports) are read in memory up to this size and refused beyond it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessment:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Local memory by default; a shared Redis cache (rendered PDFs, dashboards) when REDIS_URL is set, so that
# every app server sees the same cache and keeps no state of its own.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 500}}
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Password-reset mails, and invitations, per e-mail address and per account in an hour (beyond: none sent).
PASSWORD_MAILS_PER_HOUR = env_int("PASSWORD_MAILS_PER_HOUR", 3)
# Where the product is reached from outside: the links in reminder e-mails sent by the task queue.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

# Uploaded and generated files (report bundles): outside static/, served only through access checks.
MEDIA_ROOT = VAR_DIR / "media"

# Background work (report bundles) goes through a task queue: the database backend works on the embedded
# SQLite default and on PostgreSQL; more workers (`manage.py db_worker`) scale it out.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}}

# The framework file shipped with the product; load_framework reads it when no path is given.
FRAMEWORK_FILE = BASE_DIR / "assessment" / "framework" / "framework-2024.1.yaml"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# A comparison group smaller than this shows no figures (privacy of the centres in it).
COHORT_MIN_GROUP_SIZE = env_int("COHORT_MIN_GROUP_SIZE", 5)
