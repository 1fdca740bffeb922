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


def test_a_short_secret_key_with_debug_off_stops_start_up_with_a_clear_message():
    result = run_settings({"DEBUG": "0", "SECRET_KEY": "only-twenty-chars-xx"})
    assert result.returncode != 0
    assert "环境变量 SECRET_KEY 太短：DEBUG 关闭时至少需要 50 个字符，现在只有 20 个" in result.stderr


def test_a_secret_key_of_fifty_characters_starts_and_debug_accepts_any():
    assert run_settings({"DEBUG": "0", "SECRET_KEY": "k" * 25 + "0123456789abcdefghijklmno"}).returncode == 0
    assert run_settings({"DEBUG": "1", "SECRET_KEY": "short"}).returncode == 0


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


def test_redis_url_gives_every_app_server_the_same_cache():
    """Two processes (two app servers) with REDIS_URL set: what one caches, the other reads (Redis on this machine)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    key = f"rongmei-test-{os.getpid()}"
    code = (
        "import sys, django; django.setup(); from django.core.cache import caches; cache = caches['default']; "
        "print(type(cache).__name__); "
        "cache.set(sys.argv[1], b'%PDF-shared', 30) if sys.argv[2] == 'set' else print(cache.get(sys.argv[1]))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_SETTINGS_MODULE="rongmei_assess.settings", REDIS_URL=url)
    results = [
        subprocess.run([sys.executable, "-c", code, key, step], env=env, capture_output=True, text=True)
        for step in ("set", "get")
    ]
    for result in results:
        assert result.returncode == 0, result.stderr
    assert results[0].stdout.split() == ["RedisCache"]
    assert results[1].stdout.split() == ["RedisCache", "b'%PDF-shared'"]


def setting_of(name: str, env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("BEHIND_TLS_PROXY", "TRUSTED_PROXY_COUNT")}
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "rongmei_assess.settings", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_the_tls_proxy_the_lockout_trusts_one_proxy_unless_told_otherwise():
    assert setting_of("TRUSTED_PROXY_COUNT", {}) == "0"  # no proxy: X-Forwarded-For is never read
    assert setting_of("TRUSTED_PROXY_COUNT", {"TRUSTED_PROXY_COUNT": "2"}) == "0"
    assert setting_of("TRUSTED_PROXY_COUNT", {"BEHIND_TLS_PROXY": "1"}) == "1"
    assert setting_of("TRUSTED_PROXY_COUNT", {"BEHIND_TLS_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}) == "2"
