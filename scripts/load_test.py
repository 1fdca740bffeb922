"""Load test of the questionnaire autosave behind gunicorn, on a throw-away database, on loopback only.

压测：在一次性数据库上用 gunicorn 启动本系统（只监听 127.0.0.1），模拟多名中心成员同时自动保存和浏览，
统计吞吐量、延迟、错误和编辑冲突，并核对“每一次已确认的保存都在数据库里”。

    .venv/bin/python scripts/load_test.py --seconds 60
    .venv/bin/python scripts/load_test.py --database-url postgres://postgres@127.0.0.1:5432/rongmei_load

What it does:

1. Creates the database (a fresh SQLite file in a temporary directory, or the PostgreSQL database named
   in ``--database-url``, which it creates and drops itself; its name must contain "load"), migrates,
   loads the framework and collects the static files into the temporary directory.
2. Creates demo centres ("压测01县融媒体中心（演示）" …, ``is_demo=True``), five members each, and a draft
   assessment per centre for the current cycle, through the project's services. Members are logged in by
   writing their sessions straight into the session store, so the login form and its lockout (django-axes)
   are not involved.
3. Starts ``gunicorn -c gunicorn.conf.py rongmei_assess.wsgi`` on 127.0.0.1 with production settings
   (DEBUG off) and stops it again at the end, also on Ctrl-C. The only difference from the project's own
   settings is where static files are collected: a small settings module in the temporary directory imports
   ``rongmei_assess.settings`` and points STATIC_ROOT there, with Django's ManifestStaticFilesStorage (same
   hashed names, no gzip/brotli pass over the fonts, which takes over a minute). The repository's
   ``staticfiles/`` is untouched; pages render exactly as in production.
4. Runs one thread per simulated member, each with its own keep-alive connection, cookies and CSRF token:
   about 60% of its requests are autosaves of one indicator of the pillar page it is on (the fields
   ``static/js/autosave.js`` posts, with a value different from the one the page shows), 20% pillar page
   loads (half of them moving to another pillar), 10% the overview and 10% the result page. Like the
   browser, a member keeps the answer token of each question and replaces it with the one every autosave
   response returns, conflicts included. Between two requests a member pauses for a random time, 1 s on
   average (``--think-ms``): one request a second per member is already far faster than anyone fills in
   the form. ``--think-ms 0`` sends back to back: a saturation test, where latency is simply
   members ÷ throughput (Little's law) and only the throughput says something.
5. Prints throughput, latency percentiles, errors (with examples), conflicts, and checks every
   acknowledged save against the database: for each answer the acknowledgement with the highest version
   must be exactly what the database holds (same version, value and token), and no two acknowledgements
   may carry the same version (that would be an overwrite nobody was told about). ``lost_saves`` counts
   both. The last line is ``key=value`` pairs; the exit status is 1 when there are errors or lost saves.

A retry: when a kept-alive connection turns out to have been closed by the server before it answered
(gunicorn closes idle connections after ``keepalive`` seconds and when it recycles a worker), the request
is sent once more on a new connection, as browsers do (a closing gunicorn does not read a request it
will not answer). These are counted as ``reconnects``, not errors.
"""

import argparse
import html
import http.client
import io
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
SECRET_KEY = "load-test-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # 50+: DEBUG is off
MEMBERS_PER_CENTRE = 5
# Every load-test centre's size profile: number indicators read against size get a level.
CENTRE_SIZE = {"population": 300_000, "staff_count": 80, "towns": 15, "villages": 250}
PROVINCES = ["浙江", "湖南", "甘肃", "四川", "河南", "广东", "山西", "云南", "江苏", "贵州"]
NOTE = "压测数据，非真实填报。"
REQUEST_TIMEOUT = 30  # seconds, per request
SERVER_START_TIMEOUT = 60
RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)
INPUT_TAG = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w:.-]+)(?:\s*=\s*"([^"]*)")?')


class SetupError(Exception):
    pass


# --------------------------------------------------------------------------------------------------
# Options and the database


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Load test of rongmei-assess behind gunicorn on 127.0.0.1.")
    parser.add_argument(
        "--database-url",
        help="default: a fresh SQLite file in a temporary directory; "
        "a PostgreSQL URL on loopback whose database name contains 'load' (created and dropped here)",
    )
    parser.add_argument("--users", type=int, default=50, help="simulated members (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the load phase (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers, WEB_CONCURRENCY (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker, GUNICORN_THREADS (default 4)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument(
        "--think-ms",
        type=float,
        default=1000,
        help="mean pause between two requests of a member, uniform in [0, 2×think] ms (default 1000; 0: saturation test)",
    )
    parser.add_argument("--seed", type=int, default=2023, help="random seed of the simulated members")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary directory (gunicorn log, SQLite file)")
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.workers < 1 or args.threads < 1 or args.think_ms < 0:
        parser.error("--users, --seconds, --workers and --threads must be positive, --think-ms not negative")
    return args


@dataclass
class Database:
    url: str
    vendor: str  # "sqlite" or "postgresql"
    name: str = ""
    params: dict = field(default_factory=dict)  # psycopg connection parameters of the server (PostgreSQL)


def database_of(url: str | None, tmp: Path) -> Database:
    if not url:
        return Database(url=f"sqlite:///{tmp / 'load.sqlite3'}", vendor="sqlite", name=str(tmp / "load.sqlite3"))
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(urllib.parse.unquote(parts.path)[1:])
        if path.exists():
            raise SetupError(f"{path} exists: the load test wants a fresh SQLite file (or none: a temporary one)")
        return Database(url=url, vendor="sqlite", name=str(path))
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SetupError(f"unsupported database URL {url!r}: sqlite:///… or postgres://…")
    if (parts.hostname or "") not in LOOPBACK_NAMES:
        raise SetupError(f"refusing {parts.hostname!r}: the load test only runs against a database on loopback (127.0.0.1)")
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    if "load" not in name.lower():
        raise SetupError(
            f"refusing database {name!r}: the load test drops its database at the end, so its name must contain 'load'"
        )
    params = {"host": parts.hostname, "port": parts.port or 5432, "user": urllib.parse.unquote(parts.username or "postgres")}
    if parts.password:
        params["password"] = urllib.parse.unquote(parts.password)
    return Database(url=url, vendor="postgresql", name=name, params=params)


def postgres_recreate(db: Database, *, create: bool) -> None:
    """Drop the load-test database (and create it again when ``create``), through the server's postgres database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10, **db.params) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db.name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))


# --------------------------------------------------------------------------------------------------
# Preparing the data (in this process, with the same settings as the server)


def server_environment(db: Database, tmp: Path, args, port: int) -> dict:
    env = dict(os.environ)
    for name in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "PORT"):
        env.pop(name, None)  # no cache or settings from elsewhere: everything stays on this machine
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=db.url,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        RONGMEI_VAR_DIR=str(tmp / "var"),
        DJANGO_SETTINGS_MODULE="load_test_settings",
        PYTHONPATH=os.pathsep.join([str(tmp), str(BASE_DIR)]),
        GUNICORN_BIND=f"{HOST}:{port}",
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_THREADS=str(args.threads),
        GUNICORN_ACCESS_LOG="/dev/null",
        LOG_LEVEL="INFO",
    )
    return env


SETTINGS_MODULE = '''"""The project settings; static files collected into the load test's temporary directory."""

from pathlib import Path

from rongmei_assess.settings import *  # noqa: F403

STATIC_ROOT = Path(__file__).resolve().parent / "staticfiles"
# The same hashed names and manifest as production's CompressedManifestStaticFilesStorage, without its
# minute of gzip/brotli over the CJK fonts: pages render identically, and the load requests no static file.
STATIC_BACKEND = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}  # noqa: F405
'''


def write_settings_module(tmp: Path) -> None:
    (tmp / "load_test_settings.py").write_text(SETTINGS_MODULE, encoding="utf-8")


@dataclass
class Member:
    index: int
    username: str
    session_key: str
    assessment_id: int
    pillars: dict  # pillar code -> [(indicator code, indicator of the framework specification)]


def prepare(env: dict, users: int) -> list[Member]:
    """Migrate, load the framework, collect static files, create centres, members, assessments and sessions."""
    os.environ.update({k: v for k, v in env.items() if not k.startswith(("GUNICORN_", "WEB_"))})
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db import connections, transaction

    from assessment.models import Membership, ResourceTier
    from assessment.selectors.framework import framework_current
    from assessment.services.assessments import assessment_start
    from assessment.services.centres import centre_create, member_create
    from assessment.views.home import current_cycle

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_framework", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    framework = framework_current()
    pillars = {p.code: [(i.code, i) for i in p.indicators] for p in framework.spec.pillars}
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    tiers = list(ResourceTier.values)
    cycle = current_cycle()
    members = []
    with transaction.atomic():
        for c in range(math.ceil(users / MEMBERS_PER_CENTRE)):
            province = PROVINCES[c % len(PROVINCES)]
            centre = centre_create(
                name=f"{province}压测{c + 1:02d}县融媒体中心（演示）",
                province=province,
                prefecture="压测市",
                resource_tier=tiers[c % len(tiers)],
                is_demo=True,
                **CENTRE_SIZE,
                **{year: cycle - 1 for year in ("population_year", "towns_year", "villages_year", "staff_year")},
            )
            assessment = assessment_start(centre=centre, cycle=cycle, framework=framework)
            for m in range(MEMBERS_PER_CENTRE):
                if len(members) == users:
                    break
                username = f"loadtest-{c + 1:02d}-{m + 1}"
                role = Membership.Role.LEAD if m == 0 else Membership.Role.EDITOR
                user = member_create(
                    centre=centre,
                    username=username,
                    email=f"{username}@example.com",
                    role=role,
                    full_name=f"压测成员{m + 1}（演示）",
                ).user
                # What django.contrib.auth.login() stores (as Client.force_login does), without the login form.
                session = session_store()
                session[SESSION_KEY] = user._meta.pk.value_to_string(user)
                session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
                session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                session.create()
                members.append(Member(len(members), username, session.session_key, assessment.pk, pillars))
    connections.close_all()
    return members


def verify(acks: list) -> dict:
    """Compare the acknowledged saves with the database (see the module docstring)."""
    from django.db import connections

    from assessment.models import Answer
    from assessment.services.assessments import answer_token

    by_answer = defaultdict(list)
    for ack in acks:
        by_answer[(ack.assessment_id, ack.code)].append(ack)
    stored = {
        (a.assessment_id, a.indicator.code): a
        for a in Answer.objects.filter(assessment_id__in={k[0] for k in by_answer}).select_related("indicator")
    }
    problems, lost, duplicates = [], 0, 0
    for key, records in sorted(by_answer.items()):
        versions = Counter(r.version for r in records)
        for version, count in versions.items():
            if count > 1:
                duplicates += count - 1
                problems.append(f"{key}: {count} saves acknowledged with the same version {version}")
        latest = max(records, key=lambda r: r.version)
        answer = stored.get(key)
        if answer is None:
            lost += 1
            problems.append(f"{key}: acknowledged version {latest.version} ({latest.value}) but no answer in the database")
            continue
        if answer.version != latest.version or answer_token(answer) != latest.token or not same_value(answer, latest):
            lost += 1
            problems.append(
                f"{key}: last acknowledged version {latest.version} value {latest.value} token {latest.token}; "
                f"database version {answer.version} token {answer_token(answer)}"
            )
    connections.close_all()
    return {"answers": len(by_answer), "lost": lost + duplicates, "duplicates": duplicates, "problems": problems}


def shown(indicator, value) -> str:
    """A value as the questionnaire's input shows it (and a member's browser sends it back)."""
    from assessment.kinds import AnswerValue  # the project is importable only once prepare() has run

    kind = indicator.kind_spec
    return str(kind.initial(AnswerValue(**{kind.column: value})))


def same_value(answer, ack) -> bool:
    stored = getattr(answer, ack.indicator.kind_spec.column)
    return stored is not None and shown(ack.indicator, stored) == ack.value


# --------------------------------------------------------------------------------------------------
# gunicorn


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_start(env: dict, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115 (the child writes to it until it stops)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "rongmei_assess.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Ctrl-C reaches only this script, which stops it
        )
    finally:
        log.close()


def server_wait(proc: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"gunicorn exited with status {proc.returncode}:\n{tail(log_path)}")
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise SetupError(f"gunicorn did not answer within {SERVER_START_TIMEOUT} s:\n{tail(log_path)}")


def server_stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=35)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group started for this gunicorn only
        proc.wait(timeout=10)


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------------------------------
# The simulated members


@dataclass(frozen=True)
class Ack:
    assessment_id: int
    code: str
    indicator: object  # of the framework specification
    value: str
    version: int
    token: str


class Simulation:
    """Shared state of the load phase."""

    def __init__(self, users: int, seconds: float, server_pid: int):
        self.seconds = seconds
        self.server_pid = server_pid
        self.stop = threading.Event()
        self.started = self.deadline = 0.0
        self.server_cpu = self.client_cpu = 0.0  # CPU seconds at the start, then used during the load phase
        self.machine = {}  # /proc/stat counters at the start, then their share of the load phase
        self.barrier = threading.Barrier(users, action=self._start, timeout=120)

    def _start(self):
        self.server_cpu, self.client_cpu = server_cpu_seconds(self.server_pid), time.process_time()
        self.machine = machine_cpu_ticks()
        self.started = time.monotonic()
        self.deadline = self.started + self.seconds

    def finish(self):
        self.server_cpu = server_cpu_seconds(self.server_pid) - self.server_cpu
        self.client_cpu = time.process_time() - self.client_cpu
        self.machine = machine_cpu_shares(self.machine, machine_cpu_ticks())


def machine_cpu_ticks() -> dict:
    """The machine's CPU counters (Linux /proc/stat, all CPUs together): busy, idle and steal ticks."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            values = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return {}
    user, nice, system, idle, iowait, irq, softirq, steal = values + [0] * (8 - len(values))
    return {"busy": user + nice + system + irq + softirq, "idle": idle + iowait, "steal": steal}


def machine_cpu_shares(before: dict, after: dict) -> dict:
    """Each counter's share (0–1) of the machine's CPU time between two readings; {} when unknown."""
    if not before or not after:
        return {}
    delta = {k: after[k] - before[k] for k in before}
    total = sum(delta.values())
    return {k: v / total for k, v in delta.items()} if total > 0 else {}


def server_cpu_seconds(master: int) -> float:
    """CPU time of gunicorn so far: the master, its live workers and the workers it has reaped (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            # fields[1] is the parent, [11] utime, [12] stime, [13] cutime, [14] cstime
            if int(entry.name) == master:
                total += sum(int(x) for x in fields[11:15])
            elif int(fields[1]) == master:
                total += int(fields[11]) + int(fields[12])
    except OSError:
        return 0.0
    return total / tick


class SimulatedMember(threading.Thread):
    def __init__(self, member: Member, sim: Simulation, port: int, think: float, seed: int):
        super().__init__(name=member.username, daemon=True)
        self.member, self.sim, self.port, self.think = member, sim, port, think
        self.rng = random.Random(f"{seed}-{member.index}")
        self.conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        self.origin = f"http://{HOST}:{port}"
        self.cookies = {"sessionid": member.session_key}
        self.pillar = self.rng.choice(sorted(member.pillars))
        self.tokens: dict[str, str] = {}  # code -> answer token, as the page's hidden "<code>-loaded" field holds it
        self.shown: dict[str, str] = {}  # code -> the value the member's page shows
        self.samples: list[tuple[str, float]] = []  # (kind of request, milliseconds)
        self.errors: list[str] = []
        self.outcomes = Counter()
        self.acks: list[Ack] = []
        self.refused: list[str] = []
        self.reconnects = 0
        self.ready = False

    # HTTP ---------------------------------------------------------------------------------------
    def call(self, method: str, path: str, fields: dict | None = None, json_reply: bool = False):
        headers = {
            "User-Agent": "rongmei-load-test",
            "Accept": "application/json" if json_reply else "text/html,application/xhtml+xml",
            "Accept-Language": "zh-CN,zh;q=0.9",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Origin": self.origin,
                    "Referer": self.origin + path,
                }
            )
        started = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn.sock is not None
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except RETRYABLE:
                self.conn.close()
                if not reused or attempt == 2:
                    raise
                self.reconnects += 1  # the server had closed the idle connection: send again on a new one
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, data, (time.perf_counter() - started) * 1000

    def request(self, kind: str, method: str, path: str, fields=None, json_reply=False):
        """One timed request; None (and an error recorded) when it failed or answered an unexpected status."""
        try:
            status, data, ms = self.call(method, path, fields, json_reply)
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.errors.append(f"{kind} {method} {path}: {type(exc).__name__}: {exc}")
            return None
        self.samples.append((kind, ms))
        self.outcomes[f"{kind}:{status}"] += 1
        if status in (400, 409):  # refused by the application: expected responses, counted apart
            self.outcomes["refused"] += 1
            self.refused.append(f"{kind} {path} {status}: {data[:200].decode(errors='replace')}")
            return status, data
        if not 200 <= status < 400:
            self.errors.append(f"{kind} {method} {path}: HTTP {status}: {data[:300].decode(errors='replace')}")
            return None
        return status, data

    # Pages --------------------------------------------------------------------------------------
    def paths(self):
        pk = self.member.assessment_id
        return f"/assessments/{pk}/", f"/assessments/{pk}/result/", f"/assessments/{pk}/pillars/{self.pillar}/"

    def load_pillar(self) -> bool:
        reply = self.request("pillar", "GET", self.paths()[2])
        if reply is None:
            return False
        if reply[0] != 200:
            self.errors.append(f"pillar GET {self.paths()[2]}: HTTP {reply[0]}")
            return False
        inputs = [
            dict((k.lower(), html.unescape(v or "")) for k, v in ATTRIBUTE.findall(m))
            for m in INPUT_TAG.findall(reply[1].decode())
        ]
        for code, indicator in self.member.pillars[self.pillar]:
            self.shown.pop(code, None)
            for attrs in inputs:
                name = attrs.get("name")
                if name == f"{code}-loaded":
                    self.tokens[code] = attrs.get("value", "")
                elif (
                    name == f"{code}-{indicator.kind_spec.column}"
                    and (attrs.get("type") != "radio" or "checked" in attrs)
                    and attrs.get("value")
                ):
                    self.shown[code] = attrs["value"]
            if code not in self.tokens:
                self.errors.append(f"pillar GET {self.paths()[2]}: no answer token for {code}")
                return False
        return True

    def new_value(self, indicator, now: str | None) -> str:
        """A value different from what the member's page shows, as a member changing an answer would enter:
        the kind's demo value at a random level."""
        from assessment.scales import Size

        size = Size.of(SimpleNamespace(**CENTRE_SIZE))
        while True:
            value = shown(indicator, indicator.kind_spec.demo(indicator, self.rng.randint(0, 4), self.rng.random(), size))
            if value != now:
                return value

    def autosave(self) -> None:
        code, indicator = self.rng.choice(self.member.pillars[self.pillar])
        kind = indicator.kind_spec.column
        value = self.new_value(indicator, self.shown.get(code))
        # The fields of one question, as autosave.js sends them (empty text fields included).
        fields = {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            f"{code}-{kind}": value,
            f"{code}-na_reason": "",
            f"{code}-evidence_note": NOTE,
            f"{code}-evidence_url": "",
            f"{code}-loaded": self.tokens[code],
        }
        reply = self.request("autosave", "POST", self.paths()[2], fields, json_reply=True)
        if reply is None:
            return
        status, data = reply
        try:
            body = json.loads(data)
        except ValueError:
            self.errors.append(f"autosave {code}: HTTP {status} without JSON: {data[:200].decode(errors='replace')}")
            return
        for c, token in (body.get("tokens") or {}).items():
            self.tokens[c] = token
        if status != 200:
            return
        if code in body.get("saved", []):
            token = body["tokens"][code]
            self.acks.append(Ack(self.member.assessment_id, code, indicator, value, int(token.partition(":")[0]), token))
            self.shown[code] = value
            self.outcomes["saved"] += 1
        elif code in (body.get("conflicts") or {}):
            self.outcomes["conflict"] += 1  # the page keeps the member's value; the token is now the other side's
        else:
            self.outcomes["unchanged"] += 1  # the database already held this content
            self.shown[code] = value

    # The loop -----------------------------------------------------------------------------------
    def run(self):
        try:
            self.ready = self.load_pillar() and "csrftoken" in self.cookies
            if not self.ready and not self.errors:
                self.errors.append("the pillar page set no csrftoken cookie")
            self.samples.clear()
            self.outcomes.clear()
        finally:
            try:
                self.sim.barrier.wait()
            except threading.BrokenBarrierError:
                self.ready = False
        while self.ready and not self.sim.stop.is_set() and time.monotonic() < self.sim.deadline:
            r = self.rng.random()
            if r < 0.6:
                self.autosave()
            elif r < 0.8:
                if self.rng.random() < 0.5:
                    self.pillar = self.rng.choice([p for p in sorted(self.member.pillars) if p != self.pillar] or [self.pillar])
                self.load_pillar()
            elif r < 0.9:
                self.request("overview", "GET", self.paths()[0])
            else:
                self.request("result", "GET", self.paths()[1])
            if self.think:
                self.sim.stop.wait(self.rng.uniform(0, 2 * self.think))
        self.conn.close()


# --------------------------------------------------------------------------------------------------
# Report


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_line(label: str, values: list[float]) -> str:
    return (
        f"  {label:<9} n={len(values):<6} p50={percentile(values, 50):.0f} p95={percentile(values, 95):.0f} "
        f"p99={percentile(values, 99):.0f} max={max(values, default=0):.0f} ms"
    )


def server_log_findings(log_path: Path) -> dict:
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    return {
        "database is locked": text.count("database is locked"),
        "Traceback": text.count("Traceback"),
        "WORKER TIMEOUT": text.count("WORKER TIMEOUT"),
        "worker restarts (max_requests)": text.count("Autorestarting worker"),
    }


def run(args) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="rongmei-load-"))
    db = None
    proc = None
    log_path = tmp / "gunicorn.log"
    try:
        db = database_of(args.database_url, tmp)
        port = args.port or free_port()
        env = server_environment(db, tmp, args, port)
        write_settings_module(tmp)
        print(f"preparing {db.vendor} database ({db.name}) …", flush=True)
        if db.vendor == "postgresql":
            postgres_recreate(db, create=True)
        t0 = time.monotonic()
        members = prepare(env, args.users)
        centres = len({m.assessment_id for m in members})
        print(f"  {len(members)} members in {centres} demo centres, draft assessments, sessions ({time.monotonic() - t0:.1f} s)")
        print(f"starting gunicorn on {HOST}:{port} (workers={args.workers}, threads={args.threads}) …", flush=True)
        proc = server_start(env, log_path)
        try:
            server_wait(proc, port, log_path)
            sim = Simulation(len(members), args.seconds, proc.pid)
            threads = [SimulatedMember(m, sim, port, args.think_ms / 1000, args.seed) for m in members]
            print(f"running {len(threads)} members for {args.seconds:g} s (think {args.think_ms:g} ms) …", flush=True)
            for t in threads:
                t.start()
            hard_limit = time.monotonic() + 150 + args.seconds + 2 * REQUEST_TIMEOUT
            for t in threads:
                while t.is_alive() and time.monotonic() < hard_limit:
                    t.join(0.5)
            sim.stop.set()
            finished = time.monotonic()
            sim.finish()
            stuck = [t.name for t in threads if t.is_alive()]
        finally:
            server_stop(proc)
        return report(args, db, threads, sim, finished, stuck, log_path)
    except KeyboardInterrupt:
        print("interrupted: stopping", file=sys.stderr)
        return 130
    except SetupError as exc:
        print(f"load test not run: {exc}", file=sys.stderr)
        return 2
    finally:
        if proc is not None:
            server_stop(proc)
        if db is not None and db.vendor == "postgresql":
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            try:
                postgres_recreate(db, create=False)
            except Exception as exc:  # report, and let the real outcome stand
                print(f"could not drop database {db.name}: {exc}", file=sys.stderr)
        if args.keep_temp:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(args, db, threads, sim, finished, stuck, log_path) -> int:
    samples = [s for t in threads for s in t.samples]
    everything = [ms for _kind, ms in samples]
    by_kind = defaultdict(list)
    for kind, ms in samples:
        by_kind[kind].append(ms)
    outcomes = sum((t.outcomes for t in threads), Counter())
    errors = [e for t in threads for e in t.errors] + [f"member {name} still running at the end" for name in stuck]
    acks = [a for t in threads for a in t.acks]
    elapsed = max(finished - sim.started, 1e-9) if sim.started else 0
    rps = len(samples) / elapsed if elapsed else 0
    checked = verify(acks)
    findings = server_log_findings(log_path)
    not_ready = sum(1 for t in threads if not t.ready)

    print()
    print(
        f"load test · {db.vendor} · {len(threads)} members · {elapsed:.1f} s · gunicorn {args.workers}×{args.threads} · "
        f"think {args.think_ms:g} ms · {os.cpu_count()} CPUs (client and server on the same machine)"
    )
    print(f"requests: {len(samples)} ({rps:.1f}/s): " + ", ".join(f"{k} {len(v)}" for k, v in sorted(by_kind.items())))
    print("latency:")
    print(latency_line("all", everything))
    for kind in ("autosave", "pillar", "overview", "result"):
        if by_kind.get(kind):
            print(latency_line(kind, by_kind[kind]))
    medians = sorted(percentile([ms for _k, ms in t.samples], 50) for t in threads if t.samples)
    if medians:
        print(
            f"  per-member median latency: fastest {medians[0]:.0f}, median {percentile(medians, 50):.0f}, "
            f"slowest {medians[-1]:.0f} ms (a kept-alive connection stays on one gunicorn worker)"
        )
    print(
        f"autosaves: saved {outcomes['saved']}, conflicts {outcomes['conflict']}, unchanged {outcomes['unchanged']}, "
        f"refused (400/409) {outcomes['refused']}"
    )
    for example in [r for t in threads for r in t.refused][:3]:
        print(f"  refused, e.g. {example[:300]}")
    statuses = sorted((k, v) for k, v in outcomes.items() if ":" in k)
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in statuses))
    if sim.server_cpu > 0 and samples:
        print(
            f"CPU during the load: gunicorn {sim.server_cpu:.1f} s = {1000 * sim.server_cpu / len(samples):.1f} ms per request "
            f"({100 * sim.server_cpu / elapsed / (os.cpu_count() or 1):.0f}% of {os.cpu_count()} CPUs), this client "
            f"{sim.client_cpu:.1f} s; the rest of the machine's CPU went to other processes or idle"
        )
    if sim.machine:
        print(
            f"machine CPU during the load (/proc/stat): busy {100 * sim.machine['busy']:.0f}%, "
            f"idle {100 * sim.machine['idle']:.0f}%, stolen by the hypervisor {100 * sim.machine['steal']:.0f}%"
            " (a high steal share means a noisy virtual machine: the figures then say more about its neighbours)"
        )
    print(f"reconnects (server-closed keep-alive, resent): {sum(t.reconnects for t in threads)}")
    print(f"errors: {len(errors)}" + (f" ({not_ready} members could not start)" if not_ready else ""))
    for example in errors[:5]:
        print(f"  {example[:400]}")
    print("server log: " + ", ".join(f"{k} {v}" for k, v in findings.items()))
    if errors or findings["Traceback"] or findings["WORKER TIMEOUT"]:
        print("  last lines of the gunicorn log (all of it with --keep-temp):")
        print("\n".join(f"  | {line[:300]}" for line in tail(log_path, 15).splitlines()))
    print(
        f"verification: {len(acks)} acknowledged saves on {checked['answers']} answers; "
        f"lost_saves={checked['lost']} (of which same-version acknowledgements {checked['duplicates']})"
    )
    for problem in checked["problems"][:5]:
        print(f"  {problem}")
    print(
        f"db={db.vendor} users={len(threads)} seconds={args.seconds:g} requests={len(samples)} rps={rps:.1f} "
        f"p50_ms={percentile(everything, 50):.0f} p95_ms={percentile(everything, 95):.0f} errors={len(errors)} "
        f"lost_saves={checked['lost']} conflicts={outcomes['conflict']} p99_ms={percentile(everything, 99):.0f} "
        f"save_p50_ms={percentile(by_kind['autosave'], 50):.0f} save_p95_ms={percentile(by_kind['autosave'], 95):.0f} "
        f"save_p99_ms={percentile(by_kind['autosave'], 99):.0f} saves={outcomes['saved']} "
        f"workers={args.workers} threads={args.threads} think_ms={args.think_ms:g} "
        f"machine_busy_pct={100 * sim.machine.get('busy', 0):.0f} steal_pct={100 * sim.machine.get('steal', 0):.0f}"
    )
    return 1 if errors or checked["lost"] else 0


def main(argv=None) -> int:
    args = parse_args(argv)

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started with SIGINT ignored (`… &`)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
