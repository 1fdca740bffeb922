import pytest
from django.conf import settings as django_settings


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage of production needs collectstatic; tests serve static files as they are.
    settings.STORAGES = {**django_settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def framework(db):
    """The framework shipped with the product, loaded."""
    from assessment.services.framework import framework_load

    version, _ = framework_load(path=django_settings.FRAMEWORK_FILE)
    return version
