"""Numbers members enter for number indicators: how they are written back and read, which of them are
counts, and which look implausible for a county. Pure functions, no database.

A number is shown as it was entered: never in scientific notation (``Decimal("350").normalize()`` is
``3.5E+2``), never ``-0``, no trailing ``.0``. Where people read it (pages, PDF, audit log) it gets
thousands separators; in an input it stays plain so that the browser can edit it.
"""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The largest number an answer holds (the Answer column has 14 digits, 2 after the point).
NUMBER_MAX = 10**10
# Units that count whole things (people, villages, accounts, services, partners): a member can only
# enter a whole number for them. Other units (万人, 万元, %, 倍) take decimals. Product design.
COUNT_UNITS = frozenset({"个", "个行政村", "人", "人次", "家", "类", "项"})
# Units that count people, with the factor that turns a value into persons: checked against the
# centre's population.
PEOPLE_UNITS = {"人": 1, "人次": 1, "万人": 10_000}
# A figure of people more than this many times the population served is flagged 请核实 (saved all the
# same: a member may know better, and the flag asks a second look rather than refusing).
PLAUSIBLE_PEOPLE_RATIO = 10


def number_text(value: Decimal | float | int | None) -> str:
    """The number as a member would type it: ``350``, ``12000``, ``0.5``; ``""`` for None."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number == 0:
        return "0"
    return format(number.normalize(), "f")


def number_display(value: Decimal | float | int | None) -> str:
    """The number for reading, with thousands separators: ``12,000``, ``1,234.5``; ``"—"`` for None."""
    text = number_text(value)
    if not text:
        return "—"
    whole, dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{fraction}"


def number_check(indicator, value: Decimal | float | None, population: int | None) -> str:
    """Why the figure should be checked again ("" when it looks plausible or cannot be judged)."""
    factor = PEOPLE_UNITS.get(indicator.unit)
    if value is None or not factor or not population:
        return ""
    if Decimal(str(value)) * factor > PLAUSIBLE_PEOPLE_RATIO * population:
        return _("请核实：该数字超过本中心服务人口（%(population)s 人）的 %(ratio)d 倍。") % {
            "population": number_display(population),
            "ratio": PLAUSIBLE_PEOPLE_RATIO,
        }
    return ""


def number_words(value: int) -> str:
    """A round limit as people say it: ``100 亿``, ``50 万`` in Chinese; ``10,000,000,000`` in languages
    that count in thousands."""
    if get_language().startswith("zh"):
        for unit, size in (("亿", 10**8), ("万", 10**4)):
            if value >= size and value % size == 0:
                return f"{value // size:,} {unit}"
    return number_display(value)
