"""Reading and checking a bulk-onboarding file of centres and their members. Nothing here touches the database.

:func:`read_rows` turns the uploaded bytes (CSV or XLSX) into rows; :func:`plan_import` checks every row,
against the rest of the file and against facts the caller looked up in the database, and collects all the
problems at once, so an administrator fixes the spreadsheet in one pass instead of one error per upload.
"""

import csv
import io
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.parsers import expat

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from assessment.forms import CENTRE_FIELDS, CentreMemberRowForm
from assessment.models import AdminScope, Membership
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
# The centre name of the downloadable template's example rows; importing them unchanged is a mistake.
EXAMPLE_CENTRE = "示例县融媒体中心"


@dataclass(frozen=True)
class Column:
    field: str  # the field of the row form (assessment.forms.CentreMemberRowForm) the column fills
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
    Column("staff_count", "员工人数", "staff", False, gettext_lazy("选填，整数。")),
    Column("full_name", "成员姓名", "member_name", True, gettext_lazy("成员的真实姓名。")),
    Column("username", "登录名", "username", True, gettext_lazy("字母、数字和 @ . + - _，全系统唯一。")),
    Column("email", "电子邮箱", "email", True, gettext_lazy("设置密码的邀请邮件发到这里。")),
    Column("role", "角色", "role", True, gettext_lazy("中心负责人 或 填报人；每个中心至少要有一名中心负责人。")),
)
HEADER = [column.header for column in COLUMNS]
_FIELD_OF_HEADER = {column.header: column.field for column in COLUMNS} | {column.alias: column.field for column in COLUMNS}
_HEADER_OF_FIELD = {column.field: column.header for column in COLUMNS}

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
            raise ImportFileError(_("表头中“%(column)s”列出现了两次。") % {"column": _HEADER_OF_FIELD[name]})
        positions[name] = i
    missing = [column.header for column in COLUMNS if column.required and column.field not in positions]
    if missing:
        raise ImportFileError(_("第 1 行（表头）缺少必填列：%(columns)s。请使用模板中的表头。") % {"columns": "、".join(missing)})
    return positions


# Checking --------------------------------------------------------------------------------------------

# The words of the row form's errors in a spreadsheet: by field and error code, else by code. %(column)s
# is the column's header, %(value)s the cell as typed, %(max)d the length the model allows.
_REASONS = {
    ("province", "required"): gettext_lazy("缺少省份。"),
    ("province", "invalid_choice"): gettext_lazy("省份“%(value)s”无法识别，请填写如“甘肃”或“甘肃省”。"),
    ("resource_tier", "required"): gettext_lazy("缺少资源类型。"),
    ("resource_tier", "invalid_choice"): gettext_lazy("资源类型“%(value)s”无法识别，应为 资源较充足、发展中 或 资源欠缺。"),
    **{
        (name, code): words
        for name in ("population", "staff_count")
        for code, words in (
            ("invalid", gettext_lazy("%(column)s“%(value)s”不是整数。")),
            ("min_value", gettext_lazy("%(column)s“%(value)s”超出范围，应为 0 或正整数。")),
            ("max_value", gettext_lazy("%(column)s“%(value)s”超出范围，应为 0 或正整数。")),
        )
    },
    ("username", "invalid"): gettext_lazy("登录名“%(value)s”只能包含字母、数字和 @ . + - _ 字符。"),
    ("email", "invalid"): gettext_lazy("电子邮箱“%(value)s”格式不正确。"),
    ("role", "required"): gettext_lazy("缺少角色。"),
    ("role", "invalid_choice"): gettext_lazy("角色“%(value)s”无法识别，应为 中心负责人 或 填报人。"),
    "required": gettext_lazy("缺少%(column)s。"),
    "max_length": gettext_lazy("%(column)s过长（最多 %(max)d 个字符）。"),
}
# A cell that breaks several rules is told the first of these it breaks: a value too long to store is
# not worth checking further.
_FIRST_CODES = ("required", "max_length")
# Other ways a spreadsheet names a choice than its stored value and its label, by field (lower case).
_CHOICE_ALIASES = {"province": _FULL_PROVINCE_NAMES, "role": {"负责人": Membership.Role.LEAD}}


def plan_import(
    rows: list[SheetRow],
    *,
    existing_centres: set[tuple[str, str, str]],
    existing_usernames: set[str],
    scope: AdminScope | None = None,
    deadline: ImportDeadline | None = None,
) -> ImportPlan:
    """Check every row and group the members by centre; the plan's ``errors`` list every problem found.

    Each row is checked with the fields of :class:`assessment.forms.CentreMemberRowForm` (made from the
    models, once per import) and then against the rest of the file and these facts: ``existing_centres``
    holds the ``(name, province, prefecture)`` of centres already in the database, ``existing_usernames``
    the lower-cased usernames already taken; ``scope`` is the importing administrator's scope (None: any
    province), outside which no centre is created. Rows with the same name, province and prefecture are
    one centre, whose centre columns must agree. A row's problems are listed in the order of its columns.
    Raises ImportFileError when ``deadline`` runs out.
    """
    cleaner = _RowCleaner()
    errors: list[RowError] = []
    centres: dict[tuple[str, str, str], CentreSpec] = {}
    first_row_of_username: dict[str, int] = {}
    first_row_of_email: dict[str, int] = {}
    centres_with_bad_role: set[tuple[str, str, str]] = set()

    for row in rows:
        if deadline:
            deadline.check()
        # What the row's fields refuse, then what they accept but the file or the database does not.
        values, said = cleaner.clean(row)
        if values.get("name") == EXAMPLE_CENTRE:
            said["name"] = _("这是模板中的示例行，请删除后再导入。")
        province = values.get("province")
        if province and scope is not None and not scope.covers_province(province):
            said["province"] = _("省份“%(value)s”不在您的管理范围（%(scope)s）内。") % {
                "value": province,
                "scope": scope.province,
            }
        if username := values.get("username"):
            first = first_row_of_username.setdefault(username.lower(), row.number)
            if username.lower() in existing_usernames:
                said["username"] = _("登录名“%(value)s”已被使用，请换一个。") % {"value": username}
            elif first != row.number:
                said["username"] = _("登录名“%(value)s”与第 %(row)d 行重复。") % {"value": username, "row": first}
        if email := values.get("email"):
            first = first_row_of_email.setdefault(email.lower(), row.number)
            if first != row.number:
                said["email"] = _("电子邮箱“%(value)s”与第 %(row)d 行重复。") % {"value": email, "row": first}
        reasons = [said[column.field] for column in COLUMNS if column.field in said]
        centre_ok = not any(name in said for name in CENTRE_FIELDS)

        centre = {
            "name": values.get("name", ""),
            # An unknown province keeps its text: the rows naming it are still one centre, checked together.
            "province": province or row.get("province"),
            "prefecture": values.get("prefecture", ""),
            "resource_tier": values.get("resource_tier", ""),
            "population": values.get("population"),
            "staff_count": values.get("staff_count"),
        }
        member = {name: values.get(name, "") for name in ("full_name", "username", "email", "role")}
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


class _RowCleaner:
    """Cleans rows with the fields of one :class:`assessment.forms.CentreMemberRowForm`, made from the models
    when the import starts, and words what the fields refuse for the spreadsheet."""

    # A centre's columns repeat on the row of each of its members, and a role is one of two words: each
    # distinct cell of these is cleaned once.
    REPEATED = {*CENTRE_FIELDS, "role"}

    def __init__(self):
        self.fields = CentreMemberRowForm().fields
        self.choice_names = {
            name: _choice_names(form_field, _CHOICE_ALIASES.get(name, {}))
            for name, form_field in self.fields.items()
            if isinstance(form_field, forms.ChoiceField)
        }
        self.numbers = {name for name, form_field in self.fields.items() if isinstance(form_field, forms.IntegerField)}
        self.words = {key: str(message) for key, message in _REASONS.items()}  # translated once, not once a row
        self._outcomes: dict[tuple[str, str], tuple[bool, object]] = {}

    def clean(self, row: SheetRow) -> tuple[dict, dict[str, str]]:
        """What the fields make of ``row``'s cells (a column the file lacks is blank), and the words for the
        cell of each field that refuses it."""
        values, refused = {}, {}
        for name, form_field in self.fields.items():
            text = row.get(name)
            outcome = self._outcomes.get((name, text)) if name in self.REPEATED else None
            if outcome is None:
                outcome = self._outcome(name, form_field, text)
                if name in self.REPEATED:
                    self._outcomes[name, text] = outcome
            ok, result = outcome
            (values if ok else refused)[name] = result
        return values, refused

    def _outcome(self, name: str, form_field: forms.Field, text: str) -> tuple[bool, object]:
        try:
            return True, form_field.clean(self._data(name, text))
        except ValidationError as error:
            return False, self._reason(name, error, text)

    def _data(self, name: str, text: str) -> str:
        """The field's data for a cell: a choice named as a spreadsheet names it (see :func:`_choice_names`),
        a number without its thousands separators."""
        if name in self.choice_names:
            return self.choice_names[name].get(text.lower(), text)
        if name in self.numbers:
            return text.replace(",", "").replace("，", "")
        return text

    def _reason(self, name: str, error: ValidationError, text: str) -> str:
        """The words for ``error`` in the column of field ``name``, whose cell reads ``text``."""
        errors = error.error_list
        first = next((e for code in _FIRST_CODES for e in errors if e.code == code), errors[0])
        column = _HEADER_OF_FIELD[name]
        words = self.words.get((name, first.code)) or self.words.get(first.code)
        if words is None:  # a rule with no words of its own here: Django's, after the column
            return _("%(column)s：%(reason)s") % {"column": column, "reason": " ".join(first.messages)}
        return words % {"column": column, "value": text, "max": (first.params or {}).get("limit_value", 0)}


def _choice_names(form_field: forms.ChoiceField, aliases: dict[str, str]) -> dict[str, str]:
    """The stored value of each choice of ``form_field`` by every name a spreadsheet may give it, in lower
    case: the value itself, its label as written in the code (the file is Chinese whatever the interface
    language is), and ``aliases``."""
    with translation.override(None):
        labels = {str(label).lower(): value for value, label in form_field.choices if value}
    return {**{value.lower(): value for value in labels.values()}, **labels, **aliases}


def _check_agrees(first: CentreSpec, centre: dict, reasons: list[str]) -> None:
    """Rows of one centre repeat its columns; a difference means one of them is a typo, and we cannot tell which."""
    differing = [
        _HEADER_OF_FIELD[name] for name in ("resource_tier", "population", "staff_count") if centre[name] != getattr(first, name)
    ]
    if differing:
        reasons.append(
            _("同一中心的%(columns)s与第 %(row)d 行不一致，请统一填写。") % {"columns": "、".join(differing), "row": first.row}
        )
