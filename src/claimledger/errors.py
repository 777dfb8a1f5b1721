"""Typed exceptions raised by the library; only the CLI turns them into messages and exit codes."""


class ClaimledgerError(Exception):
    """Base class for every error claimledger raises on purpose."""


class UsageError(ClaimledgerError):
    """The caller asked for something impossible: a missing path, an unknown format."""


class RejectedInput(ClaimledgerError):
    """An input document cannot be used; the message is the reason recorded with it."""

    def __init__(self, reason: str, content_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.content_id = content_id


class SettingsError(ClaimledgerError):
    """A configuration file or environment variable holds an invalid value."""


class StoreError(ClaimledgerError):
    """The database cannot be opened or written."""


class ClusterError(ClaimledgerError):
    """The Dask engine cannot run: dask.distributed is missing or the scheduler is unreachable."""
