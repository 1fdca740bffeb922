"""The demo-data commands refuse a production configuration (DEBUG off) unless --allow-production is given."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from assessment.models import Centre

COMMANDS = [("seed_demo", {"cycle": 2026}), ("generate_cohort", {"centres": 12, "cycles": 1, "last_cycle": 2026})]


@pytest.mark.parametrize(("command", "options"), COMMANDS)
def test_with_debug_off_the_command_refuses_and_writes_nothing(db, framework, command, options):
    with pytest.raises(CommandError, match=f"DEBUG 已关闭，当前是生产环境配置：{command} 会向数据库写入") as refused:
        call_command(command, **options)
    assert "--allow-production" in str(refused.value) and "DEBUG=1" in str(refused.value)
    assert not Centre.objects.exists()


@pytest.mark.parametrize(("command", "options"), COMMANDS)
def test_the_flag_lets_it_run(db, framework, command, options):
    call_command(command, allow_production=True, **options)
    assert Centre.objects.filter(is_demo=True).exists()


@pytest.mark.parametrize(("command", "options"), COMMANDS)
def test_with_debug_on_it_runs_without_the_flag(db, framework, settings, command, options):
    settings.DEBUG = True  # as `make run` sets it
    call_command(command, **options)
    assert Centre.objects.filter(is_demo=True).exists()


@pytest.mark.parametrize("command", ["seed_demo", "generate_cohort"])
def test_from_the_shell_the_refusal_exits_non_zero_with_the_message(tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    env.update(RONGMEI_VAR_DIR=str(tmp_path), DEBUG="0")
    result = subprocess.run(
        [sys.executable, "manage.py", command], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert f"{command} 会向数据库写入" in result.stderr and "请加 --allow-production" in result.stderr
