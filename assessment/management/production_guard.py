"""Demo-data commands refuse to write into a production database unless asked to in so many words."""

from django.conf import settings
from django.core.management.base import CommandError

HELP = "DEBUG 关闭（生产环境）时也运行：演示数据将写入当前数据库"


def add_allow_production_argument(parser) -> None:
    """The ``--allow-production`` flag of a command that calls :func:`refuse_production`."""
    parser.add_argument("--allow-production", action="store_true", help=HELP)


def refuse_production(*, command: str, writes: str, allowed: bool) -> None:
    """Raise ``CommandError`` (exit status 1) with a Chinese explanation when DEBUG is off and ``allowed`` is not set.

    DEBUG off means a production configuration: demo centres and logins with a published password have
    no place in a database real centres use. ``writes`` says what the command would add.
    """
    if settings.DEBUG or allowed:
        return
    raise CommandError(
        f"DEBUG 已关闭，当前是生产环境配置：{command} 会向数据库写入{writes}，因此没有运行。"
        f"开发时请设置 DEBUG=1（make run 已设置）；确需写入当前数据库时，请加 --allow-production。"
    )
