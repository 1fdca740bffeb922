# The two commands of README.md: `make run` and `make test`.
PY := .venv/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1:8000
# Tests and lint run with DEBUG off, where settings refuse a SECRET_KEY under 50 characters: a long key that
# says what it is (never use it in production).
TEST_SECRET_KEY := test-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz

.PHONY: setup run test test-sqlite test-postgres test-e2e lint

setup:
	./scripts/setup.sh

# Set up, migrate, load the framework and the demo data, and serve on SQLite (DEBUG on, local only),
# with a background worker for report bundles.
run: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_framework
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST)

lint: setup
	$(PY) -m ruff check .
	SECRET_KEY=$(TEST_SECRET_KEY) $(PY) manage.py makemigrations --check --dry-run

# The whole suite, on SQLite and on PostgreSQL (which must be reachable: no silent skip), then the
# browser tests.
test: lint test-sqlite test-postgres test-e2e

# pyproject.toml leaves the browser tests (marker e2e) out of these two.
test-sqlite: setup
	SECRET_KEY=$(TEST_SECRET_KEY) $(PY) -m pytest -q

test-postgres: setup
	SECRET_KEY=$(TEST_SECRET_KEY) DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

# Browser tests (tests/e2e): Debian's headless Chromium driven by Playwright on a phone and a desktop
# viewport, axe-core and the Nu HTML Checker (vnu.jar, fetched from npm into .cache/e2e on first use).
# Screenshots and the checked HTML go to test-artifacts/. A missing Chromium or Java fails, never skips.
test-e2e: setup
	@echo "== 浏览器测试 · browser tests (tests/e2e) =="
	SECRET_KEY=$(TEST_SECRET_KEY) $(PY) -m pytest -q -m e2e tests/e2e
