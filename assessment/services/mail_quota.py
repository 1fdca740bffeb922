"""How many set-password e-mails (password resets, invitations) an address and an account may receive.

At most ``settings.PASSWORD_MAILS_PER_HOUR`` of each kind per e-mail address and per account in an hour, so
that the reset form cannot be used to flood someone's mailbox. Counted in the default cache, which is the
shared Redis in production: every app server counts together.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def mail_quota_take(*, purpose: str, email: str, user_id: int) -> bool:
    """Count one more ``purpose`` mail ("reset", "invitation") to ``email`` for account ``user_id``.

    Returns False when the address or the account has already had its quota this hour: the caller then
    sends nothing. The hour starts with the first mail counted.
    """
    counts = [
        _counter_increment(f"mail-quota:{purpose}:address:{address_key(email)}"),
        _counter_increment(f"mail-quota:{purpose}:account:{user_id}"),
    ]
    return max(counts) <= settings.PASSWORD_MAILS_PER_HOUR


def address_key(email: str) -> str:
    """The address as it appears in a cache key: hashed, so that keys carry no personal data nor characters a
    cache backend refuses, and in lower case (mail systems treat the cases alike)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _counter_increment(key: str) -> int:
    """Add one to the count at ``key``, opening its hour if it has none, and return the new count."""
    cache.add(key, 0, WINDOW_SECONDS)  # opens the window; does nothing while it is open
    try:
        return cache.incr(key)  # atomic in Redis: two app servers never both see the last free place
    except ValueError:  # the window closed between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
