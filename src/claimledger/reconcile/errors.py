"""Typed errors of the reconcile stage."""

from __future__ import annotations

from claimledger.errors import ClaimledgerError, SettingsError


class ReconcileError(ClaimledgerError):
    """Reconciliation cannot run or an analyst decision cannot be applied."""


class ReconcileRulesError(SettingsError):
    """The reconcile rules file is missing, is not YAML, or holds a value of the wrong kind."""


class UnknownThread(ReconcileError):
    """No thread has this id (or the prefix matches several)."""


class UnknownClaim(ReconcileError):
    """No claim has this id (or the prefix matches several)."""
