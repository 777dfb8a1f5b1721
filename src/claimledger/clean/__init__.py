"""The clean stage: a Document's article text without page clutter, its metadata and its
reference list (see `clean`). Rules live in `data/clutter.yaml`; load them once with
`CleanRules.load()` and pass them in."""

from claimledger.clean.core import CLEANER_VERSION, clean
from claimledger.clean.errors import CleanError
from claimledger.clean.rules import CleanRules, CleanRulesError

__all__ = ["CLEANER_VERSION", "CleanError", "CleanRules", "CleanRulesError", "clean"]
