"""Settings come from the environment and fail loudly when production is misconfigured."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from rongmei_assess.env import env_bool, env_int, env_list


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "rongmei_assess.settings", **env},
        capture_output=True,
        text=True,
    )


def test_missing_secret_key_with_debug_off_stops_start_up_with_a_clear_message():
    result = run_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "缺少环境变量 SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key():
    assert run_settings({"DEBUG": "1"}).returncode == 0


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a.example.com, b.example.com,")
    assert env_bool("X_BOOL") is True and env_int("X_INT", 0) == 12
    assert env_list("X_LIST", []) == ["a.example.com", "b.example.com"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "many")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 0)


def test_database_url_selects_the_database(settings):
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
