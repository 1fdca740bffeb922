"""Benchmark of the bulk import against hostile files: one line per file, key=value pairs.

Each file is uploaded through the import page, as a national administrator, in a child process of its
own (so that its peak memory is its own) and inside a transaction that is rolled back: the database is
left as it was and invitation e-mails stay in memory. What the import does once committed (queueing the
invitations for the background worker) is run inside that transaction too and counted in ``seconds``;
``tasks`` says how many background tasks it queued (their sending is not part of the upload). The
builders of the files live here so that the tests (tests/test_import_limits.py) refuse the very files
this command measures.
"""

import argparse
import io
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from html import unescape
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client, TestCase, override_settings
from openpyxl import Workbook

from assessment.importer import HEADER, MAX_ROWS
from assessment.models import AdminScope, Centre

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def good_rows(count: int, *, prefix: str = "bench") -> list[list[str]]:
    """``count`` valid rows: centres of five members each, the first of them its lead."""
    return [
        [
            f"压测{n // 5}县融媒体中心",
            "甘肃",
            "张掖市",
            "资源欠缺",
            "150000",
            "30",
            f"成员{n}",
            f"{prefix}-{n}",
            f"{prefix}-{n}@example.com",
            "中心负责人" if n % 5 == 0 else "填报人",
        ]
        for n in range(count)
    ]


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_rows_xml(rows: list[list[str]], *, first: int = 1) -> bytes:
    """``<row>`` elements of inline-string cells, numbered from ``first``."""
    out = []
    for number, values in enumerate(rows, start=first):
        cells = "".join(
            f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>' for i, value in enumerate(values, 1)
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out).encode()


def sheet_xml(rows_xml: bytes, *, dimension: str | None = None, prologue: bytes = b"") -> bytes:
    """A worksheet part; without ``dimension`` it declares none, and readers go by the rows themselves."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return prologue + f'<worksheet xmlns="{MAIN_NS}">{declared}<sheetData>'.encode() + rows_xml + b"</sheetData></worksheet>"


def xlsx_package(sheet: bytes, *, parts: dict[str, bytes | object] | None = None) -> bytes:
    """A minimal XLSX around one sheet's XML. ``parts`` adds or replaces parts; a value may be a
    function that writes the part itself in chunks (for parts too large to hold in memory)."""
    extra = dict(parts or {})
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
    ]
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if "xl/sharedStrings.xml" in extra:
        overrides.append(
            ("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
        )
        rels.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    if "xl/styles.xml" in extra:
        overrides.append(("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
        rels.append(("rId3", "styles", "styles.xml"))
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )
    workbook_rels = (
        f'<Relationships xmlns="{PACKAGE_REL_NS}">'
        + "".join(f'<Relationship Id="{i}" Type="{REL_NS}/{kind}" Target="{target}"/>' for i, kind, target in rels)
        + "</Relationships>"
    )
    base = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": workbook_rels.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**base, **extra}.items():
            if callable(content):
                with archive.open(name, "w", force_zip64=True) as part:
                    content(part)
            else:
                archive.writestr(name, content)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], *, tail: bytes = b"") -> bytes:
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode() + tail


# The hostile files -------------------------------------------------------------------------------------


def huge_dimension(rows: list[list[str]]) -> bytes:
    """A sheet that claims all 16,384 columns and 1,048,576 rows (openpyxl pads every row to that)."""
    return xlsx_package(sheet_xml(sheet_rows_xml([HEADER, *rows]), dimension="A1:XFD1048576"))


def far_corner_cell() -> bytes:
    """Three real rows and one cell at XFD1048576: a million rows, nearly all of them blank."""
    corner = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx_package(sheet_xml(sheet_rows_xml([HEADER, *good_rows(2)]) + corner, dimension="A1:XFD1048576"))


def shared_strings_bomb(strings: int = 10_000_000) -> bytes:
    """A sheet whose cells point at shared strings, and ten million copies of one string (~170 MB)."""

    def write(part):
        part.write(f'<sst xmlns="{MAIN_NS}" count="{strings}" uniqueCount="{strings}">'.encode())
        chunk = b"<si><t>x</t></si>" * 100_000
        for _ in range(strings // 100_000):
            part.write(chunk)
        part.write(b"</sst>")

    header = "".join(f'<c r="{_column(i)}1" t="s"><v>0</v></c>' for i in range(1, len(HEADER) + 1))
    return xlsx_package(sheet_xml(f'<row r="1">{header}</row>'.encode()), parts={"xl/sharedStrings.xml": write})


def many_shared_strings(strings: int = 150_000) -> bytes:
    """Distinct shared strings, few enough bytes to pass the size checks: openpyxl makes an object of each."""
    body = b"".join(b"<si><t>%d</t></si>" % n for n in range(strings))
    sst = f'<sst xmlns="{MAIN_NS}">'.encode() + body + b"</sst>"
    return xlsx_package(sheet_xml(sheet_rows_xml([HEADER, *good_rows(3)])), parts={"xl/sharedStrings.xml": sst})


def absurd_declared_size() -> bytes:
    """A valid little workbook whose ZIP directory says its sheet unpacks to 4 GB."""
    data = bytearray(xlsx_package(sheet_xml(sheet_rows_xml([HEADER, *good_rows(3)]))))
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")  # the central directory's entries
    while entry != -1:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + name_length] == name:
            data[entry + 24 : entry + 28] = (0xFFFF_FFFE).to_bytes(4, "little")  # uncompressed size
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def many_blank_rows(blank: int = 20_000) -> bytes:
    """A valid row, twenty thousand blank rows, and another valid row."""
    first, last = good_rows(2)
    rows = sheet_rows_xml([HEADER, first])
    rows += b"".join(b'<row r="%d"/>' % n for n in range(3, 3 + blank))
    rows += sheet_rows_xml([last], first=3 + blank)
    return xlsx_package(sheet_xml(rows, dimension=f"A1:J{3 + blank}"))


def many_blank_lines_csv(blank: int = 4_000_000) -> bytes:
    """Four million empty lines between two valid rows, inside the 5 MB cap."""
    first, last = good_rows(2)
    return csv_bytes([first]) + b"\n" * blank + ",".join(last).encode() + b"\n"


def wide_row_xlsx(cells: int = 5_000) -> bytes:
    """A header row of five thousand cells, all different, so that it compresses like real data (openpyxl
    builds each row whole before handing it out, and Excel stops at 16,384 columns)."""
    padding = "".join(f'<c r="{_column(n)}1"><v>{n}</v></c>' for n in range(len(HEADER) + 1, cells + 1))
    header = sheet_rows_xml([HEADER]).replace(b"</row>", padding.encode() + b"</row>")
    return xlsx_package(sheet_xml(header + sheet_rows_xml(good_rows(2), first=2)))


def wide_row_csv(columns: int = 2_000_000) -> bytes:
    """Two million empty columns after the header: bounded reading keeps the first fifty."""
    data = csv_bytes(good_rows(3))
    header_end = data.index(b"\n")
    return data[:header_end] + b"," * columns + data[header_end:]


def entity_expansion() -> bytes:
    """The "billion laughs": nested entities that expand to gigabytes."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    prologue = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'.encode()
    rows = sheet_rows_xml([HEADER, *good_rows(2)]).replace(b"<t>bench-0</t>", b"<t>&a9;</t>")
    return xlsx_package(sheet_xml(rows, prologue=prologue))


def styles_bomb(formats: int = 500_000) -> bytes:
    """A styles part of half a million cell formats (openpyxl parses the styles part whole)."""
    styles = f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="{formats}">'.encode()
    styles += b'<xf numFmtId="0" fontId="0"/>' * formats + b"</cellXfs></styleSheet>"
    return xlsx_package(sheet_xml(sheet_rows_xml([HEADER, *good_rows(2)])), parts={"xl/styles.xml": styles})


def legit_xlsx(rows: int = MAX_ROWS) -> bytes:
    """The largest file the import accepts, saved by openpyxl as a person's spreadsheet would be."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in good_rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def legit_csv(rows: int = MAX_ROWS) -> bytes:
    return csv_bytes(good_rows(rows))


def bad_rows_csv(rows: int = MAX_ROWS) -> bytes:
    """Ten thousand rows that are all wrong, in several ways each: the page lists every problem."""
    return csv_bytes([["", "火星", "", "x", "-1", "十", "", "坏 名", "not-an-email", "boss"] for _ in range(rows)])


FILES = {
    "huge_dimension.xlsx": lambda: huge_dimension(good_rows(3)),
    "huge_dimension_header_only.xlsx": lambda: huge_dimension([]),
    "far_corner_cell.xlsx": far_corner_cell,
    "shared_strings_bomb.xlsx": shared_strings_bomb,
    "many_shared_strings.xlsx": many_shared_strings,
    "absurd_declared_size.xlsx": absurd_declared_size,
    "many_blank_rows.xlsx": many_blank_rows,
    "many_blank_lines.csv": many_blank_lines_csv,
    "wide_row.xlsx": wide_row_xlsx,
    "wide_row.csv": wide_row_csv,
    "entity_expansion.xlsx": entity_expansion,
    "styles_bomb.xlsx": styles_bomb,
    "bad_rows_10000.csv": bad_rows_csv,
    "legit_10000.xlsx": legit_xlsx,
    "legit_10000.csv": legit_csv,
}


class Command(BaseCommand):
    help = "用一组恶意或超大的导入文件测量批量导入页面的耗时和内存峰值（每个文件一个子进程，数据库改动全部回滚）。"

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", default=None, help="只测这些文件（文件名见 FILES）")
        parser.add_argument("--timeout", type=int, default=120, help="单个文件的子进程超时秒数，默认 120")
        parser.add_argument("--child", help=argparse.SUPPRESS)  # the file one child process measures

    def handle(self, *args, only, timeout, child, **options):
        if child:
            self.stdout.write(self._measure(Path(child)))
            return
        names = only or list(FILES)
        unknown = set(names) - set(FILES)
        if unknown:
            raise CommandError(f"没有这些文件：{'、'.join(sorted(unknown))}")
        self.stdout.write("每个文件在独立子进程中上传一次；机器负载会影响数字。peak_mb 含 Django 本身（见 baseline_mb）。")
        with tempfile.TemporaryDirectory() as folder:
            for name in names:
                path = Path(folder) / name
                path.write_bytes(FILES[name]())
                command = [sys.executable, sys.argv[0], "bench_import", "--child", str(path)]
                try:
                    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
                except subprocess.TimeoutExpired:
                    self.stdout.write(f"file={name} bytes={path.stat().st_size} seconds>{timeout} outcome=timeout")
                    continue
                line = done.stdout.strip().splitlines()[-1:] or [f"file={name} outcome=crashed stderr={done.stderr[-300:]!r}"]
                self.stdout.write(line[0])

    def _measure(self, path: Path) -> str:
        data = path.read_bytes()
        quiet = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            # The page links its stylesheet; production's manifest storage would want collectstatic first.
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        )
        with quiet, transaction.atomic():
            admin = get_user_model().objects.create_user(username="bench-import-admin")
            AdminScope.objects.create(user=admin, province="")
            client = Client(HTTP_HOST="localhost")
            client.force_login(admin)
            centres_before = Centre.objects.count()
            baseline = _peak_mb()
            started = time.perf_counter()
            upload = io.BytesIO(data)
            upload.name = path.name
            # The page's on-commit work would wait for a commit that never comes: run it here, as a commit would.
            with TestCase.captureOnCommitCallbacks(execute=True) as committed:
                response = client.post("/centres/import/", {"file": upload}, secure=True)
            seconds = time.perf_counter() - started
            peak = _peak_mb()
            imported = Centre.objects.count() - centres_before
            transaction.set_rollback(True)
        return (
            f"file={path.name} bytes={len(data)} seconds={seconds:.2f} peak_mb={peak:.0f} baseline_mb={baseline:.0f} "
            f"tasks={len(committed)} status={response.status_code} outcome={_outcome(response, imported)}"
        )


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM is that of the process since it started this
    program; getrusage's ru_maxrss (the fallback) also keeps the peak of the parent it was forked from."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _outcome(response, imported: int) -> str:
    if response.status_code == 302:
        return f"imported(centres={imported})"
    html = response.content.decode()
    found = re.search(r'id="error_1_id_file"><strong>(.*?)</strong>', html) or re.search(r"alert-danger[^>]*>(.*?)</div>", html)
    if not found:
        return "other"
    message = unescape(found.group(1)).strip()
    first_row = re.search(r"<tbody><tr><td>(.*?)</td><td>(.*?)</td>", html)
    if first_row and "alert-danger" in found.group(0):
        message += f" 第一条：{unescape(first_row.group(2))}"
    return f'refused("{message}")'
