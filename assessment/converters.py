"""Path converters of the URLconf."""

# The largest id that every primary-key column holds on every database we run on: PostgreSQL's ``integer``
# (the id of django.contrib.auth's User, for one) stops at 2**31 - 1, SQLite's at 2**63 - 1.
ID_MAX = 2_147_483_647


class IdConverter:
    """A database id in a path (``<id:pk>``): digits from 1 to :data:`ID_MAX`, as an int.

    Anything else does not match, so the answer is a 404 rather than a database error: a value past a
    column's range raises OverflowError on SQLite and DataError on PostgreSQL.
    """

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError(value)  # Django reads a ValueError as "this pattern does not match"
        return number

    def to_url(self, value) -> str:
        return str(int(value))
