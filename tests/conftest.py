import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from tests.builders import make_admin, make_centre, make_member


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The manifest storage of production needs collectstatic; tests serve static files as they are.
    settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background tasks run at once, in the test's own process; files land in the test's own folder.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests speak plain HTTP to the test client; production redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False
    # PBKDF2 costs ~0.18 s per user created; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache: ids repeat between tests, so cached pages could leak across.
    cache.clear()
    # A request in English leaves English active in this thread (LocaleMiddleware activates, nothing
    # deactivates): every test starts in the product's own language and leaves it so.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def framework(db):
    """The framework shipped with the product, loaded."""
    from assessment.services.framework import framework_load

    version, _ = framework_load(path=django_settings.FRAMEWORK_FILE)
    return version


@pytest.fixture
def mini_framework(db, tmp_path):
    """The small hand-made framework of tests/builders.py, loaded."""
    from assessment.services.framework import framework_load
    from tests.builders import two_pillar_document, write_framework

    version, _ = framework_load(path=write_framework(tmp_path / "mini.yaml", two_pillar_document()))
    return version


@pytest.fixture
def centre(db):

    return make_centre("甲县融媒体中心", province="甘肃")


@pytest.fixture
def other_centre(db):

    return make_centre("乙县融媒体中心", province="浙江")


@pytest.fixture
def lead(centre):

    return make_member(centre, "lead", role="lead")


@pytest.fixture
def editor(centre):

    return make_member(centre, "editor")


@pytest.fixture
def second_editor(centre):

    return make_member(centre, "editor2")


@pytest.fixture
def viewer(centre):
    """County leadership: the 领导查看 role of the centre (reads, never writes)."""
    return make_member(centre, "viewer", role="viewer")


@pytest.fixture
def outsider(other_centre):

    return make_member(other_centre, "outsider", role="lead")


@pytest.fixture
def assessment(centre, mini_framework):
    from assessment.services.assessments import assessment_start

    return assessment_start(centre=centre, cycle=2026, framework=mini_framework)


@pytest.fixture
def province_admin(db):
    return make_admin("gansu-admin", "甘肃")


@pytest.fixture
def other_province_admin(db):
    return make_admin("zhejiang-admin", "浙江")


@pytest.fixture
def national_admin(db):
    return make_admin("national-admin")
