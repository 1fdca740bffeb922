"""scripts/load_test.py, run briefly: a few members autosave and read pages against a real gunicorn.

Not a speed test (the figures are printed, never asserted): it keeps the script working as the questionnaire
changes, and checks that every acknowledged save is in the database, on the suite's own database vendor.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"^db=\S+ .*$", re.MULTILINE)


def database_url_argument() -> list[str]:
    """Nothing on SQLite (the script makes a temporary file); on PostgreSQL, a throw-away database beside the suite's."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return []
    user = db.get("USER") or "postgres"
    return ["--database-url", f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/rongmei_load_pytest"]


def test_load_script_saves_are_all_in_the_database():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    command = [sys.executable, "scripts/load_test.py", "--users", "6", "--seconds", "4", "--think-ms", "50"]
    done = subprocess.run(command + database_url_argument(), cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=240)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    summary = dict(pair.split("=", 1) for pair in SUMMARY.search(done.stdout).group(0).split())
    assert summary["errors"] == "0", output
    assert summary["lost_saves"] == "0", output
    assert int(summary["saves"]) > 0, output
    assert int(summary["requests"]) > int(summary["saves"]), output  # pages were read too
