"""Reading and checking a bulk-onboarding file of centres and their members. Nothing here touches the database.

:func:`read_rows` turns the uploaded bytes (CSV or XLSX) into rows; :func:`plan_import` checks every row,
against the rest of the file and against facts the caller looked up in the database, and collects all the
problems at once, so an administrator fixes the spreadsheet in one pass instead of one error per upload.
"""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from assessment.models import AdminScope, Membership, ResourceTier
from assessment.regions import PROVINCES

MAX_BYTES = 5 * 1024 * 1024
# Data rows after the header, blank rows counted: a sheet may claim a million rows, and reading them to
# find the data among them is the cost an attacker wants us to pay.
MAX_ROWS = 10_000
# Columns read; the template has ten, and the rest of a row is ignored like any unknown column.
MAX_COLUMNS = 50
# Wall-clock budget of reading and checking one file, whatever its content.
IMPORT_SECONDS = 8

# An XLSX is a ZIP of XML parts, and openpyxl trusts what it finds: it parses every shared string into an
# object, parses the styles part whole, and builds each row whole. So before openpyxl opens a file, its
# ZIP directory and one streaming pass over its XML are checked against these limits. A real 10,000-row,
# 11-column sheet is about 7 MB of XML in some 330,000 elements, compressed about 15 to 1.
MAX_PARTS = 200
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # declared, all parts together
MAX_PART_BYTES = 32 * 1024 * 1024  # declared, one part
MAX_RATIO = 100  # declared size / compressed size of a part above RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1024 * 1024
MAX_ELEMENTS = 800_000  # XML elements, all parts together
MAX_SMALL_PART_ELEMENTS = 50_000  # in a part that is neither a sheet nor the shared strings (styles, workbook...)
MAX_CELLS_PER_ROW = 1_000
MAX_SHARED_STRINGS = 100_000
_STREAMED_ROOTS = {"worksheet", "sst"}  # the parts openpyxl reads piece by piece
# The largest value a PositiveIntegerField holds on every database we run on.
MAX_NUMBER = 2_147_483_647
# The centre name of the downloadable template's example rows; importing them unchanged is a mistake.
EXAMPLE_CENTRE = "示例县融媒体中心"
USERNAME = re.compile(r"^[\w.@+-]+$")


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the header of the template; the file format is Chinese whatever the interface language
    alias: str  # accepted English alias
    required: bool
    help: str


COLUMNS = (
    Column("name", "中心名称", "name", True, gettext_lazy("融媒体中心全称，例如“某某县融媒体中心”。")),
    Column("province", "省份", "province", True, gettext_lazy("如“甘肃”或“甘肃省”“内蒙古自治区”。")),
    Column("prefecture", "地市", "prefecture", True, gettext_lazy("中心所在的地级市、州或盟。")),
    Column("resource_tier", "资源类型", "resource_tier", True, gettext_lazy("资源较充足、发展中 或 资源欠缺。")),
    Column("population", "服务人口", "population", False, gettext_lazy("选填，整数。")),
    Column("staff", "员工人数", "staff", False, gettext_lazy("选填，整数。")),
    Column("member_name", "成员姓名", "member_name", True, gettext_lazy("成员的真实姓名。")),
    Column("username", "登录名", "username", True, gettext_lazy("字母、数字和 @ . + - _，全系统唯一。")),
    Column("email", "电子邮箱", "email", True, gettext_lazy("设置密码的邀请邮件发到这里。")),
    Column("role", "角色", "role", True, gettext_lazy("中心负责人 或 填报人；每个中心至少要有一名中心负责人。")),
)
HEADER = [column.header for column in COLUMNS]
_FIELD_OF_HEADER = {column.header: column.field for column in COLUMNS} | {column.alias: column.field for column in COLUMNS}

# The untranslated labels: the spreadsheet is Chinese whatever language the interface is in.
_TIERS = {"资源较充足": "well_resourced", "发展中": "developing", "资源欠缺": "under_resourced"}
_TIERS |= {value: value for value in ResourceTier.values}
_ROLES = {"中心负责人": "lead", "负责人": "lead", "lead": "lead", "填报人": "editor", "editor": "editor"}

_AUTONOMOUS_REGIONS = {"内蒙古": "自治区", "广西": "壮族自治区", "西藏": "自治区", "宁夏": "回族自治区", "新疆": "维吾尔自治区"}
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
_FULL_PROVINCE_NAMES = {
    province + (_AUTONOMOUS_REGIONS.get(province) or ("市" if province in _MUNICIPALITIES else "省")): province
    for province in PROVINCES
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, size, header); the message is for the administrator."""


class ImportDeadline:
    """The wall-clock budget of one import's reading and checking, started when it is made.

    Long loops call :meth:`check`, which raises ImportFileError once the budget is spent: a file that
    would take longer is refused with a message rather than holding a server worker.
    """

    def __init__(self, seconds: float | None = None):
        self.seconds = IMPORT_SECONDS if seconds is None else seconds
        self._ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self._ends:
            raise ImportFileError(
                _("处理该文件用时超过 %(seconds)d 秒，未导入任何数据。请拆分成几个较小的文件分批导入。")
                % {"seconds": self.seconds}
            )


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number (the header is row 1); None for a problem with the whole file
    reason: str

    def __str__(self):
        if self.row is None:
            return self.reason
        return _("第 %(row)d 行：%(reason)s") % {"row": self.row, "reason": self.reason}


@dataclass(frozen=True)
class SheetRow:
    number: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class MemberSpec:
    row: int
    full_name: str
    username: str
    email: str
    role: str


@dataclass
class CentreSpec:
    row: int  # the centre's first row, where centre-wide problems are reported
    name: str
    province: str
    prefecture: str
    resource_tier: str
    population: int | None
    staff_count: int | None
    members: list[MemberSpec] = field(default_factory=list)


@dataclass
class ImportPlan:
    centres: list[CentreSpec]
    errors: list[RowError]

    @property
    def member_count(self) -> int:
        return sum(len(centre.members) for centre in self.centres)


def province_from_text(text: str) -> str | None:
    """The short province name ("甘肃") for a short or full name ("甘肃省", "广西壮族自治区"); None if unknown."""
    text = text.strip()
    return text if text in PROVINCES else _FULL_PROVINCE_NAMES.get(text)


# Reading ---------------------------------------------------------------------------------------------


def read_rows(data: bytes, *, deadline: ImportDeadline | None = None) -> list[SheetRow]:
    """The data rows of a CSV (UTF-8, with or without BOM) or XLSX (first sheet) file, blank rows left out.

    Cells are stripped text keyed by field name; unknown columns are ignored. Raises ImportFileError for an
    empty, oversized, unreadable or hostile file, for one with more than MAX_ROWS rows (blank rows count),
    for a header that lacks a required column, and when ``deadline`` (a new one by default) runs out.
    """
    deadline = deadline or ImportDeadline()
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("文件超过 5 MB，请拆分成几个文件分批导入。"))
    if not data.strip():
        raise ImportFileError(_("文件是空的。请使用模板填写后再上传。"))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再上传。"))
    cells = _xlsx_cells(data, deadline) if data.startswith(b"PK\x03\x04") else _csv_cells(data)
    return _sheet_rows(cells, deadline)


def _csv_cells(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel on Chinese Windows saves "CSV" in GBK; GB 18030 is its superset.
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "无法识别该文件：它既不是 .xlsx，也不是 UTF-8 或 GBK 编码的 CSV。"
                    "请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再上传。"
                )
            ) from None
    if "\x00" in text:
        raise ImportFileError(_("无法识别该文件：它不是文本格式的 CSV。请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再上传。"))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            yield values[:MAX_COLUMNS]
    except csv.Error:
        raise ImportFileError(_("CSV 文件第 %(row)d 行附近格式有误，请检查引号是否成对。") % {"row": reader.line_num}) from None


_UNREADABLE = gettext_lazy("无法读取该 Excel 文件，文件可能已损坏。请确认是 .xlsx 格式，或另存为“CSV UTF-8”后再上传。")
_TOO_LARGE = gettext_lazy("Excel 文件内容过大或结构异常，无法导入。请拆分成几个文件分批导入，或另存为“CSV UTF-8”后再上传。")


def _xlsx_cells(data: bytes, deadline: ImportDeadline):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, deadline)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    # openpyxl reports a malformed file through many exception types (zip, XML, KeyError, ValueError...).
    except Exception:
        raise ImportFileError(str(_UNREADABLE)) from None
    try:
        # Bounded by our limits, never by the dimension the sheet declares: one row more than the limit
        # is enough to tell the sheet is too long.
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            yield [_cell_text(value) for value in values]
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(str(_UNREADABLE)) from None
    finally:
        workbook.close()


def _check_archive(archive: zipfile.ZipFile, deadline: ImportDeadline) -> None:
    """Refuse an XLSX whose ZIP directory or XML exceeds the limits above, before openpyxl reads any of it.

    The sizes are the ones the ZIP declares; zipfile never inflates a part past its declared size (it
    stops there and fails the CRC), so they bound what reading the parts costs.
    """
    parts = archive.infolist()
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNZIPPED_BYTES:
        raise ImportFileError(str(_TOO_LARGE))
    for part in parts:
        ratio_too_high = part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES or ratio_too_high:
            raise ImportFileError(str(_TOO_LARGE))
    scan = _XmlScan(deadline)
    for part in parts:
        if not part.is_dir():
            with archive.open(part) as stream:
                scan.part(stream, xml=part.filename.lower().endswith((".xml", ".rels")))


class _XmlScan:
    """One streaming pass over the parts of a workbook, counting what openpyxl would build objects for."""

    CHUNK = 64 * 1024

    def __init__(self, deadline: ImportDeadline):
        self.deadline = deadline
        self.elements = 0
        self.strings = 0

    def part(self, stream, *, xml: bool) -> None:
        """Scan one part; a part that is not XML (an image) is left alone unless its name says XML."""
        root = None
        elements = cells = 0

        def start(name, _attributes):
            nonlocal root, elements, cells
            local = name.rpartition(" ")[2]
            root = root or local
            elements += 1
            self.elements += 1
            if local == "row":
                cells = 0
            elif local == "c":
                cells += 1
                if cells > MAX_CELLS_PER_ROW:
                    raise ImportFileError(
                        _(
                            "Excel 文件中有一行的单元格超过 %(max)d 个，无法导入。"
                            "请只保留模板中的列，或另存为“CSV UTF-8”后再上传。"
                        )
                        % {"max": MAX_CELLS_PER_ROW}
                    )
            elif local == "si":
                self.strings += 1
            small_part_too_large = root not in _STREAMED_ROOTS and elements > MAX_SMALL_PART_ELEMENTS
            if self.elements > MAX_ELEMENTS or self.strings > MAX_SHARED_STRINGS or small_part_too_large:
                raise ImportFileError(str(_TOO_LARGE))

        def doctype(*_args):
            # Spreadsheets have no document type; one is how XML declares entities that expand.
            raise ImportFileError(str(_UNREADABLE))

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = doctype
        try:
            while chunk := stream.read(self.CHUNK):
                self.deadline.check()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            if xml:
                raise ImportFileError(str(_UNREADABLE)) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    # Excel stores every number as a float: 200000 arrives as 200000.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sheet_rows(cells, deadline: ImportDeadline) -> list[SheetRow]:
    cells = iter(cells)
    header = next(cells, None)
    if header is None:
        raise ImportFileError(_("文件是空的。请使用模板填写后再上传。"))
    positions = _header_positions(header)
    rows = []
    for number, values in enumerate(cells, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                _("文件超过 %(max)d 行（空行也计算在内），请删除多余的空行，或拆分成几个文件分批导入。") % {"max": MAX_ROWS}
            )
        deadline.check()
        texts = {name: values[i].strip() if i < len(values) else "" for name, i in positions.items()}
        if not any(texts.values()):
            continue
        rows.append(SheetRow(number=number, values=texts))
    if not rows:
        raise ImportFileError(_("文件只有表头，没有数据行。"))
    return rows


def _header_positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _FIELD_OF_HEADER.get(cell.strip().lstrip("\ufeff").strip().lower())
        if name is None:
            continue
        if name in positions:
            raise ImportFileError(_("表头中“%(column)s”列出现了两次。") % {"column": _header_of(name)})
        positions[name] = i
    missing = [column.header for column in COLUMNS if column.required and column.field not in positions]
    if missing:
        raise ImportFileError(_("第 1 行（表头）缺少必填列：%(columns)s。请使用模板中的表头。") % {"columns": "、".join(missing)})
    return positions


def _header_of(name: str) -> str:
    return next(column.header for column in COLUMNS if column.field == name)


# Checking --------------------------------------------------------------------------------------------


def plan_import(
    rows: list[SheetRow],
    *,
    existing_centres: set[tuple[str, str, str]],
    existing_usernames: set[str],
    scope: AdminScope | None = None,
    deadline: ImportDeadline | None = None,
) -> ImportPlan:
    """Check every row and group the members by centre; the plan's ``errors`` list every problem found.

    ``existing_centres`` holds the ``(name, province, prefecture)`` of centres already in the database,
    ``existing_usernames`` the lower-cased usernames already taken; ``scope`` is the importing
    administrator's scope (None: any province), outside which no centre is created. Rows with the same name, province and
    prefecture are one centre, whose centre columns must agree. Raises ImportFileError when ``deadline``
    runs out.
    """
    errors: list[RowError] = []
    centres: dict[tuple[str, str, str], CentreSpec] = {}
    first_row_of_username: dict[str, int] = {}
    first_row_of_email: dict[str, int] = {}
    centres_with_bad_role: set[tuple[str, str, str]] = set()

    for row in rows:
        if deadline:
            deadline.check()
        reasons: list[str] = []
        centre = _centre_fields(row, reasons, scope)
        centre_ok = not reasons
        member = _member_fields(row, reasons, existing_usernames, first_row_of_username, first_row_of_email)
        key = (centre["name"], centre["province"], centre["prefecture"])
        if centre["name"]:
            if key not in centres:
                centres[key] = CentreSpec(row=row.number, **centre)
                if key in existing_centres:
                    reasons.append(
                        _("中心“%(name)s”（%(province)s %(prefecture)s）已存在，不能重复导入；新成员请由该中心负责人添加。")
                        % centre
                    )
            elif centre_ok:
                _check_agrees(centres[key], centre, reasons)
            if member["role"]:
                centres[key].members.append(MemberSpec(row=row.number, **member))
            else:
                centres_with_bad_role.add(key)
        errors += [RowError(row.number, reason) for reason in reasons]

    for key, spec in centres.items():
        # A centre with an unreadable role may well have meant that row as its lead: say the role once, not twice.
        if key not in centres_with_bad_role and not any(m.role == Membership.Role.LEAD for m in spec.members):
            errors.append(
                RowError(
                    spec.row,
                    _("中心“%(name)s”没有中心负责人：每个中心至少需要一名角色为“中心负责人”的成员。") % {"name": spec.name},
                )
            )
    errors.sort(key=lambda error: error.row or 0)
    return ImportPlan(centres=list(centres.values()), errors=errors)


def _centre_fields(row: SheetRow, reasons: list[str], scope: AdminScope | None) -> dict:
    name = _required(row, "name", 100, reasons)
    if name == EXAMPLE_CENTRE:
        reasons.append(_("这是模板中的示例行，请删除后再导入。"))
    province_text = row.get("province")
    province = province_from_text(province_text) if province_text else None
    if not province_text:
        reasons.append(_("缺少省份。"))
    elif province is None:
        reasons.append(_("省份“%(value)s”无法识别，请填写如“甘肃”或“甘肃省”。") % {"value": province_text})
    elif scope is not None and not scope.covers_province(province):
        reasons.append(_("省份“%(value)s”不在您的管理范围（%(scope)s）内。") % {"value": province, "scope": scope.province})
    tier = _choice(
        row,
        "resource_tier",
        _TIERS,
        reasons,
        missing=_("缺少资源类型。"),
        unknown=_("资源类型“%(value)s”无法识别，应为 资源较充足、发展中 或 资源欠缺。"),
    )
    return {
        "name": name,
        "province": province or province_text,
        "prefecture": _required(row, "prefecture", 50, reasons),
        "resource_tier": tier,
        "population": _number(row, "population", reasons),
        "staff_count": _number(row, "staff", reasons),
    }


def _member_fields(row: SheetRow, reasons: list[str], existing_usernames, first_row_of_username, first_row_of_email) -> dict:
    full_name = _required(row, "member_name", 150, reasons)
    username = _required(row, "username", 150, reasons)
    if username:
        first = first_row_of_username.setdefault(username.lower(), row.number)
        if not USERNAME.match(username):
            reasons.append(_("登录名“%(value)s”只能包含字母、数字和 @ . + - _ 字符。") % {"value": username})
        elif username.lower() in existing_usernames:
            reasons.append(_("登录名“%(value)s”已被使用，请换一个。") % {"value": username})
        elif first != row.number:
            reasons.append(_("登录名“%(value)s”与第 %(row)d 行重复。") % {"value": username, "row": first})
    email = _required(row, "email", 254, reasons)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("电子邮箱“%(value)s”格式不正确。") % {"value": email})
        else:
            first = first_row_of_email.setdefault(email.lower(), row.number)
            if first != row.number:
                reasons.append(_("电子邮箱“%(value)s”与第 %(row)d 行重复。") % {"value": email, "row": first})
    role = _choice(
        row, "role", _ROLES, reasons, missing=_("缺少角色。"), unknown=_("角色“%(value)s”无法识别，应为 中心负责人 或 填报人。")
    )
    return {"full_name": full_name, "username": username, "email": email, "role": role}


def _choice(row: SheetRow, name: str, choices: dict, reasons: list[str], *, missing: str, unknown: str) -> str:
    """The stored value of a column whose text must be one of ``choices`` (any case); "" and a reason if not."""
    text = row.get(name)
    value = choices.get(text.lower(), "")
    if not text:
        reasons.append(missing)
    elif not value:
        reasons.append(unknown % {"value": text})
    return value


def _required(row: SheetRow, name: str, max_length: int, reasons: list[str]) -> str:
    value = row.get(name)
    label = _header_of(name)
    if not value:
        reasons.append(_("缺少%(column)s。") % {"column": label})
    elif len(value) > max_length:
        reasons.append(_("%(column)s过长（最多 %(max)d 个字符）。") % {"column": label, "max": max_length})
        return ""
    return value


def _number(row: SheetRow, name: str, reasons: list[str]) -> int | None:
    text = row.get(name).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        reasons.append(_("%(column)s“%(value)s”不是整数。") % {"column": _header_of(name), "value": row.get(name)})
        return None
    if not 0 <= number <= MAX_NUMBER:
        reasons.append(
            _("%(column)s“%(value)s”超出范围，应为 0 或正整数。") % {"column": _header_of(name), "value": row.get(name)}
        )
        return None
    return number


def _check_agrees(first: CentreSpec, centre: dict, reasons: list[str]) -> None:
    """Rows of one centre repeat its columns; a difference means one of them is a typo, and we cannot tell which."""
    labels = {"resource_tier": "资源类型", "population": "服务人口", "staff_count": "员工人数"}
    differing = [label for name, label in labels.items() if centre[name] != getattr(first, name)]
    if differing:
        reasons.append(
            _("同一中心的%(columns)s与第 %(row)d 行不一致，请统一填写。") % {"columns": "、".join(differing), "row": first.row}
        )
