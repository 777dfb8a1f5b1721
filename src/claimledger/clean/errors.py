"""The clean stage's exception."""

from __future__ import annotations

from claimledger.errors import ClaimledgerError


class CleanError(ClaimledgerError):
    """A document yields no usable article text; the message says why."""
