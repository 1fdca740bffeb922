"""The Nu HTML Checker (vnu.jar, from npm) finds no error in the HTML the live server sends for the main
pages. The checked files stay in test-artifacts/html/ for review."""

import json
import subprocess

import pytest

from tests.e2e.conftest import DESKTOP, HTML_DIR, login
from tests.e2e.pages import main_pages, pillar_with_error

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_main_pages_are_valid_html(demo_cohort, new_page, vnu_jar, cycle):
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    for old in HTML_DIR.glob("*.html"):
        old.unlink()
    page = new_page(DESKTOP)
    files, user = [], "?"
    for main in main_pages(cycle):
        if main.user != user:
            page.context.clear_cookies()
            if main.user:
                login(page, main.user)
            user = main.user
        # The page's own bytes, as the server sent them (the browser's DOM would hide parse errors).
        response = page.context.request.get(main.path)
        assert response.ok, f"{main.name}: {response.status}"
        files.append(HTML_DIR / f"{main.name}.html")
        files[-1].write_bytes(response.body())
    files.append(HTML_DIR / "pillar-error.html")
    files[-1].write_bytes(pillar_with_error(page, cycle).body())

    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        messages = json.loads(checked.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        report = f"{checked.stdout}\n{checked.stderr}"
        pytest.fail(f"vnu.jar gave no JSON report (exit {checked.returncode}):\n{report}", pytrace=False)
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in messages
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]
    assert not errors, f"Nu HTML Checker: {len(errors)} error(s)\n" + "\n".join(errors)
