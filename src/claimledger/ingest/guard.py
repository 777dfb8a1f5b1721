"""The boundary around one input: whatever goes wrong while it is read, cleaned, extracted or
stored becomes a reason recorded with that input, and the rest of the batch goes on.

Readers raise `RejectedInput` for what they foresee; `reason_for` words everything else (a
`RecursionError` from a nesting no limit caught, a `ValueError` from a library) so that no input
can escape as a traceback. `safe_text` and `path_text` make names printable and storable: a file
name that is not valid UTF-8, or a record's text with an unpaired surrogate, cannot be encoded
by the database driver and must not stop the batch either.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimledger.errors import RejectedInput

MAX_REASON = 300  # characters of an unexpected error's message kept in its reason


def reason_for(exc: Exception) -> str:
    """Why an input failed, in one line: a reader's own reason, or the unexpected error named."""
    if isinstance(exc, RejectedInput):
        return exc.reason
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "too large to hold in memory"
    if isinstance(exc, UnicodeError):
        return "text that cannot be encoded (an unpaired surrogate or a non-UTF-8 name)"
    message = " ".join(str(exc).split())[:MAX_REASON]
    return f"unexpected {type(exc).__name__}" + (f": {message}" if message else "")


def safe_text(text: str) -> str:
    """`text` as every backend stores it: a surrogate pair joined; a lone surrogate (which UTF-8
    cannot encode) and a NUL (which PostgreSQL text cannot hold) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def path_text(path: Path | str) -> str:
    """A file name as text: the bytes of a name that is not valid UTF-8 written as `\\xNN`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
