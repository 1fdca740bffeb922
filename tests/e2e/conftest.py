"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run with ``make test-e2e`` (README "浏览器测试"). Nothing here is skipped: a missing Chromium, Java or
npm fails the tests with a message saying what to install. Screenshots of every visited page and the
HTML the validator checked are written to ``test-artifacts/`` for review. ``E2E_CHROMIUM`` points at
another Chromium binary than /usr/bin/chromium.
"""

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test.utils import override_settings
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

BASE_DIR = Path(django_settings.BASE_DIR)
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
VNU_VERSION = "26.9.27"  # npm vnu-jar; fetched on first use, never committed (~30 MB)
TOOLS_DIR = BASE_DIR / ".cache" / "e2e"
VNU_JAR = TOOLS_DIR / f"vnu-jar-{VNU_VERSION}" / "vnu.jar"
ARTIFACTS = BASE_DIR / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
HTML_DIR = ARTIFACTS / "html"

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
DEMO_PASSWORD = "demo-2023"


def _fail(message: str):
    pytest.fail(message, pytrace=False)


# ---------------------------------------------------------------- tools: Chromium, Java, vnu.jar


def pytest_collection_finish(session):
    """Before any browser test runs: stop the run, with one clear message, when a tool is missing."""
    if not any(item.get_closest_marker("e2e") for item in session.items):
        return
    problems = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"找不到 Chromium（{CHROMIUM}）/ Chromium is missing: apt-get install -y chromium")
    if not shutil.which("java"):
        problems.append("找不到 Java（Nu HTML Checker 需要）/ Java is missing: apt-get install -y default-jre-headless")
    if not VNU_JAR.is_file() and not shutil.which("npm"):
        problems.append(f"找不到 npm，无法下载 vnu-jar@{VNU_VERSION} / npm is missing: apt-get install -y npm")
    if problems:
        pytest.exit(
            "浏览器测试无法运行 / the browser tests cannot run:\n  "
            + "\n  ".join(problems)
            + "\n以 root 运行 ./scripts/setup.sh 会安装它们 / ./scripts/setup.sh run as root installs them.",
            returncode=1,
        )
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout if fc_list else ""
    if not fonts.strip():
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line("提示：没有中文字体，截图中的汉字会显示为方块：apt-get install -y fonts-noto-cjk", yellow=True)


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts():
    """test-artifacts/ holds this run's screenshots, HTML and downloads only."""
    for folder in (SCREENSHOTS, HTML_DIR, ARTIFACTS / "downloads"):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (``playwright install`` cannot download browsers here)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _fail(
            f"浏览器测试需要 Chromium，但 {CHROMIUM} 不存在。请以 root 运行 `apt-get install -y chromium fonts-noto-cjk`"
            f"（或 ./scripts/setup.sh）。Chromium is missing at {CHROMIUM}: install Debian's `chromium` package."
        )
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests (seeding data,
    # checking what the live server saved) are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # say plainly that the browser itself would not start
        playwright.stop()
        _fail(f"Chromium（{CHROMIUM}）无法启动 / Chromium would not start: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The Nu HTML Checker, fetched from npm (``vnu-jar``) into the git-ignored .cache/e2e on first use."""
    if not shutil.which("java"):
        _fail("HTML 校验需要 Java，但找不到 java。请以 root 运行 `apt-get install -y default-jre-headless`。Java is missing.")
    if not VNU_JAR.is_file():
        npm = shutil.which("npm")
        if not npm:
            _fail(
                f"HTML 校验需要 vnu-jar@{VNU_VERSION}，下载它需要 npm，但找不到 npm。请安装 npm（apt-get install -y npm），"
                f"或把 vnu.jar 放到 {VNU_JAR}。npm is missing, so vnu-jar cannot be fetched."
            )
        VNU_JAR.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "pack", f"vnu-jar@{VNU_VERSION}", "--silent", "--pack-destination", str(VNU_JAR.parent)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        tarball = VNU_JAR.parent / f"vnu-jar-{VNU_VERSION}.tgz"
        if done.returncode != 0 or not tarball.is_file():
            _fail(f"从 npm 下载 vnu-jar@{VNU_VERSION} 失败 / npm pack failed:\n{done.stderr[-2000:]}")
        partial = VNU_JAR.with_suffix(".part")  # an interrupted run leaves no half jar behind
        with tarfile.open(tarball) as archive:
            member = archive.getmember("package/build/dist/vnu.jar")
            with archive.extractfile(member) as source, open(partial, "wb") as target:
                shutil.copyfileobj(source, target)
            licence = archive.extractfile(archive.getmember("package/LICENSE"))
            (VNU_JAR.parent / "LICENSE").write_bytes(licence.read())
        partial.rename(VNU_JAR)
        tarball.unlink()
    return VNU_JAR


# ---------------------------------------------------------------- server and settings


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite in a file, not in memory: an in-memory test database is one connection shared by every
    thread of the live server, and the browser's overlapping requests (an autosave while the page is
    submitted) would then collide inside one transaction. With a file each request has its own
    connection, as in production."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("e2e-db") / "test.sqlite3")


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (it serves static files through staticfiles' handler), started with
    the HTTPS redirect off: SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server starts."""
    from pytest_django.live_server_helper import LiveServer

    with override_settings(SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False):
        server = LiveServer(request.config.getvalue("liveserver") or "localhost")
        yield server
        server.stop()


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    """The live server speaks plain HTTP: cookies without the Secure flag, no HSTS. Passwords are hashed
    quickly: the production hasher takes 0.6 s for each demo account and each login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0


@pytest.fixture
def cycle() -> int:
    from assessment.views.home import current_cycle

    return current_cycle()


@pytest.fixture
def demo(transactional_db, cycle):
    """The framework and the demo centres of ``seed_demo``, with their logins (README "演示账号")."""
    from assessment.demo.seed import demo_seed

    return demo_seed(cycle=cycle)


@pytest.fixture
def demo_cohort(demo, cycle):
    """The demo data and a small generated cohort over two cycles, so that the provincial dashboard has
    groups large enough (COHORT_MIN_GROUP_SIZE) to show its figures."""
    from assessment.demo.cohort import cohort_generate

    cohort_generate(centres=240, cycles=2, seed=1, last_cycle=cycle)
    return demo


# ---------------------------------------------------------------- browser helpers


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport, axe=False, service_workers="block")``: a page in a fresh context (its own cookies),
    closed after the test. Service workers are refused unless a test asks for them (tests/e2e/test_offline.py):
    the other tests see the site as a browser without one does, and their page.route() sees every request."""
    contexts = []

    def make(viewport=DESKTOP, *, axe: bool = False, service_workers: str = "block"):
        context = browser.new_context(
            service_workers=service_workers,
            viewport=viewport,
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
            device_scale_factor=1,
        )
        context.set_default_timeout(15_000)
        if axe:
            # Added through the DevTools protocol, so the page's own Content-Security-Policy stays as it is.
            context.add_init_script(path=str(AXE_JS))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form, as a person would (django-axes counts these)."""
    page.goto(reverse("login"))
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def logout(page) -> None:
    toggler = page.get_by_role("button", name="展开导航")
    if toggler.is_visible():  # a phone: the menu is folded away; wait until it has finished opening
        toggler.click()
        expect(page.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/**")


def shot(page, name: str) -> Path:
    """A full-page screenshot for review, named by page and viewport width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page) -> list[str]:
    """What makes the page wider than the viewport (a phone user would have to pan sideways): empty
    when it is not. Wide tables and charts scrolling inside their own box are fine."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const clipped = (el) => {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
              if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX) &&
                  getComputedStyle(el).position !== 'absolute' && getComputedStyle(el).position !== 'fixed') return true;
            }
            return false;
          };
          const out = [`page ${document.documentElement.scrollWidth}px wide`];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width && r.right > width + 1 && !clipped(el)) {
              out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                ' → ' + Math.round(r.right) + 'px');
            }
          }
          return out.slice(0, 10);
        }"""
    )


def wrapped_labels(page) -> list[str]:
    """Buttons and badges whose label breaks over two lines, and short table cells (up to 8 characters:
    a status, a role, "3 级", a date) that break inside: at 360 px these are the mixed-script glitches
    ("3" on one line, "级" on the next) and words cut in half ("已提" / "交"). Visually hidden text is
    left out."""
    return page.evaluate(
        """() => {
          const lines = (el) => {
            const tops = new Set();
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
            }
            return tops.size;
          };
          const out = [];
          for (const el of document.querySelectorAll('.btn, .badge, table th, table td')) {
            if (!el.getClientRects().length || el.closest('.visually-hidden, .collapse:not(.show)')) continue;
            if (el.querySelector('br')) continue;  // broken on purpose
            const text = el.textContent.trim().replace(/\\s+/g, ' ');
            const short = el.matches('.btn, .badge') || [...text].length <= 8;
            if (short && lines(el) > 1) out.push(text);
          }
          return out;
        }"""
    )
